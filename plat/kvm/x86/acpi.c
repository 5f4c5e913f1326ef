/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI soft-off: RSDP (from the PVH start info, or searched for in the
 * BIOS area), RSDT/XSDT, FADT, and the _S5 package of the DSDT, found by
 * a byte search rather than an AML interpreter (every firmware we boot
 * under declares it as a plain Name).
 */
#include <kvm/x86/acpi.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/pvh.h>
#include <uk/arch/io.h>
#include <errno.h>
#include <stddef.h>

struct sdt_header {
	char sig[4];
	__u32 len;
	__u8 rev, csum;
	char oem[6], oem_table[8];
	__u32 oem_rev, creator, creator_rev;
} __packed;

struct rsdp {
	char sig[8];
	__u8 csum;
	char oem[6];
	__u8 rev;
	__u32 rsdt;
	__u32 len;
	__u64 xsdt;
	__u8 xcsum, reserved[3];
} __packed;

/* Generic address structure. */
struct gas {
	__u8 space, bit_width, bit_offset, access;
	__u64 addr;
} __packed;

/* FADT offsets used here. */
#define FADT_DSDT 40
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_FLAGS 112
#define FADT_X_DSDT 140
#define FADT_SLEEP_CONTROL 244
#define FADT_HW_REDUCED (1U << 20)

#define SLP_EN_PM1 (1U << 13)
#define SLP_TYP_SHIFT_PM1 10
#define SLP_EN_CTRL (1U << 5)
#define SLP_TYP_SHIFT_CTRL 2

#define AML_ZERO 0x00
#define AML_ONE 0x01
#define AML_ONES 0xff
#define AML_BYTE_PREFIX 0x0a
#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR '\\'

static const void *map(__u64 addr, __sz len)
{
	if (!addr || kvm_x86_map(addr, len, KVM_MAP_RAM) < 0)
		return NULL;
	return (const void *)addr;
}

static int checksum_ok(const void *p, __sz len)
{
	__u8 sum = 0;

	for (__sz i = 0; i < len; i++)
		sum += ((const __u8 *)p)[i];
	return sum == 0;
}

static const struct rsdp *find_rsdp(void)
{
	const struct rsdp *r;

	if (kvm_pvh_rsdp) {
		r = map(kvm_pvh_rsdp, sizeof(*r));
		if (r && !__builtin_memcmp(r->sig, "RSD PTR ", 8))
			return r;
	}
	/* The BIOS read-only area, 16-byte aligned. */
	for (__uptr a = 0xe0000; a < 0x100000; a += 16) {
		r = (const struct rsdp *)a;
		if (!__builtin_memcmp(r->sig, "RSD PTR ", 8) &&
		    checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static const struct sdt_header *table(__u64 addr)
{
	const struct sdt_header *h = map(addr, sizeof(*h));

	if (!h || h->len < sizeof(*h) || !map(addr, h->len) ||
	    !checksum_ok(h, h->len))
		return NULL;
	return h;
}

static const struct sdt_header *find_table(const struct rsdp *r,
					   const char *sig)
{
	const struct sdt_header *root;
	int xsdt = r->rev >= 2 && r->xsdt;
	__sz entry = xsdt ? 8 : 4;

	root = table(xsdt ? r->xsdt : r->rsdt);
	if (!root)
		return NULL;
	for (__sz off = sizeof(*root); off + entry <= root->len; off += entry) {
		const __u8 *p = (const __u8 *)root + off;
		__u64 addr = 0;
		const struct sdt_header *h;

		__builtin_memcpy(&addr, p, entry);
		h = table(addr);
		if (h && !__builtin_memcmp(h->sig, sig, 4))
			return h;
	}
	return NULL;
}

static int aml_const(const __u8 *p, const __u8 *end, __u8 *v, int *size)
{
	if (p >= end)
		return -ENOENT;
	switch (*p) {
	case AML_ZERO:
	case AML_ONE:
	case AML_ONES:
		*v = *p == AML_ONES ? 0xff : *p;
		*size = 1;
		return 0;
	case AML_BYTE_PREFIX:
		if (p + 1 >= end)
			return -ENOENT;
		*v = p[1];
		*size = 2;
		return 0;
	}
	return -ENOENT;
}

int kvm_acpi_find_package(const __u8 *aml, __sz len, const char *name,
			  __u8 *first, __u8 *second)
{
	const __u8 *end = aml + len;

	for (__sz i = 1; i + 4 < len; i++) {
		const __u8 *p = aml + i;
		int lenbytes, size;

		if (__builtin_memcmp(p, name, 4))
			continue;
		if (p[-1] != AML_NAME_OP &&
		    !(p[-1] == AML_ROOT_CHAR && i >= 2 && p[-2] == AML_NAME_OP))
			continue;
		p += 4;
		if (p >= end || *p != AML_PACKAGE_OP)
			continue;
		p++;
		/* PkgLength: bits 7-6 of the lead byte = bytes that follow. */
		if (p >= end)
			return -ENOENT;
		lenbytes = *p >> 6;
		p += 1 + lenbytes + 1; /* the length, then NumElements */
		if (aml_const(p, end, first, &size) < 0)
			continue;
		p += size;
		if (aml_const(p, end, second, &size) < 0)
			*second = 0;
		return 0;
	}
	return -ENOENT;
}

static void write_gas(const struct gas *g, __u8 v)
{
	if (g->space == 1) /* system I/O */
		ukarch_outb((__u16)g->addr, v);
	else if (g->space == 0 && map(g->addr, 1)) /* system memory */
		*(volatile __u8 *)(__uptr)g->addr = v;
}

/* PM1 control value that enters sleep state typ. */
static __u16 pm1_sleep(__u8 typ)
{
	return (__u16)((typ & 7) << SLP_TYP_SHIFT_PM1 | SLP_EN_PM1);
}

int kvm_acpi_poweroff(void)
{
	const struct rsdp *r = find_rsdp();
	const struct sdt_header *fadt, *dsdt;
	const __u8 *f;
	__u64 dsdt_addr = 0;
	__u32 flags = 0, pm1a, pm1b = 0;
	__u8 typa, typb;

	if (!r || !(fadt = find_table(r, "FACP")))
		return -ENODEV;
	f = (const __u8 *)fadt;
	if (fadt->len >= FADT_X_DSDT + 8)
		__builtin_memcpy(&dsdt_addr, f + FADT_X_DSDT, 8);
	if (!dsdt_addr && fadt->len >= FADT_DSDT + 4) {
		__u32 d;

		__builtin_memcpy(&d, f + FADT_DSDT, 4);
		dsdt_addr = d;
	}
	dsdt = table(dsdt_addr);
	if (!dsdt || kvm_acpi_find_package((const __u8 *)dsdt + sizeof(*dsdt),
					   dsdt->len - sizeof(*dsdt), "_S5_",
					   &typa, &typb) < 0)
		return -ENODEV;
	if (fadt->len >= FADT_FLAGS + 4)
		__builtin_memcpy(&flags, f + FADT_FLAGS, 4);
	if ((flags & FADT_HW_REDUCED) &&
	    fadt->len >= FADT_SLEEP_CONTROL + sizeof(struct gas)) {
		struct gas g;

		__builtin_memcpy(&g, f + FADT_SLEEP_CONTROL, sizeof(g));
		write_gas(&g, (__u8)((typa & 7) << SLP_TYP_SHIFT_CTRL |
				     SLP_EN_CTRL));
		return -EIO;
	}
	__builtin_memcpy(&pm1a, f + FADT_PM1A_CNT, 4);
	__builtin_memcpy(&pm1b, f + FADT_PM1B_CNT, 4);
	if (!pm1a)
		return -ENODEV;
	ukarch_outw((__u16)pm1a, pm1_sleep(typa));
	if (pm1b)
		ukarch_outw((__u16)pm1b, pm1_sleep(typb));
	return -EIO;
}
