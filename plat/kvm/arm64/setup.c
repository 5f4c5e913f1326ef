/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 start-up in C, entered from entry.S at EL1 with the MMU on:
 * find and check the device tree, bring up the console it names, build
 * the memory regions from its memory nodes, then hand the command line
 * (/chosen/bootargs) to ukplat_entry. The interrupt controller and the
 * timer are set up on first use, so images that need neither (hello
 * world) spend nothing on them.
 */
#include <kvm/arm64/boot.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <kvm/cmdline.h>
#include <kvm/console.h>
#include <kvm/memregion.h>
#include <kvm/aslr.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <stddef.h>

/* A device tree larger than this is taken as garbage. */
#define DTB_MAX_SIZE (64UL << 20)
#define USED_MAX 4

struct kvm_arm64_dt kvm_arm64_dt;
static struct uk_fdt fdt;

static void __noreturn fail(const char *msg)
{
	uk_pr_crit("%s\n", msg);
	ukplat_terminate(UKPLAT_CRASH);
}

/*
 * Map the device tree and check it. x0 of a Linux Image entry gives its
 * address; QEMU gives none to an ELF and puts it at the RAM base then.
 */
static const void *find_dtb(__paddr dtb, __sz *size)
{
	const __u8 *p;
	__u32 total;

	if (!dtb)
		dtb = KVM_ARM64_RAM_BASE;
	if (dtb & 7)
		fail("kvm: the device tree address in x0 is not 8-byte aligned");
	if (kvm_arm64_map(dtb, UK_FDT_HEADER_SIZE, KVM_MAP_RO) < 0)
		fail("kvm: cannot map the device tree");
	p = (const __u8 *)dtb;
	if (uk_fdt32(p) != UK_FDT_MAGIC)
		fail("kvm: no device tree (none in x0, none at the RAM base): boot the raw Image with QEMU -kernel, or a loader that passes one");
	total = uk_fdt32(p + 4);
	*size = MIN((__sz)total, (__sz)DTB_MAX_SIZE);
	if (kvm_arm64_map(dtb, *size, KVM_MAP_RO) < 0)
		fail("kvm: cannot map the device tree");
	return p;
}

static void map_device(const struct kvm_dt_dev *d, const char *what)
{
	if (d->size && kvm_arm64_map(d->base, d->size, KVM_MAP_MMIO) < 0)
		uk_pr_err("cannot map the %s at 0x%llx\n", what,
			  (unsigned long long)d->base);
}

/*
 * QEMU puts the device tree of a raw Image 128 MiB into RAM, which cuts
 * the free memory in two (no malloc of more than half of it could
 * succeed). Once RAM is mapped, the tree moves right behind the image
 * and is parsed again there (the parsed fields point into it). Returns
 * where it is now.
 */
static const void *move_dtb(const void *dtb, __sz size)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__uptr from = (__uptr)dtb;
	__uptr to = ALIGN_UP((__uptr)__kvm_image_end, (__uptr)8);
	const __u8 *src = dtb;
	__u8 *dst = (__u8 *)to;
	int in_ram = 0;

	if (to == from || (to < from + size && from < to + size))
		return dtb;
	for (int i = 0; i < dt->nmem; i++)
		if (dt->mem[i].base <= to &&
		    to + size <= dt->mem[i].base + dt->mem[i].len)
			in_ram = 1;
	if (!in_ram)
		return dtb;
	for (__sz i = 0; i < size; i++)
		dst[i] = src[i];
	if (kvm_arm64_dt_parse(dst, size, &fdt, &kvm_arm64_dt) < 0) {
		kvm_arm64_dt_parse(dtb, size, &fdt, &kvm_arm64_dt);
		return dtb;
	}
	/* the old place was mapped read-only: free RAM now */
	for (__uptr a = from & ~(__uptr)4095; a < from + size; a += 4096) {
		kvm_arm64_page_set_present(a, 0);
		kvm_arm64_page_set_present(a, 1);
	}
	return dst;
}

static void setup_memory(const void *dtb, __sz dtb_size)
{
	static struct kvm_memrange fw[KVM_DT_MEM_MAX + KVM_DT_RSV_MAX];
	static struct ukplat_memregion_desc out[KVM_MEMREGION_MAX];
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	struct kvm_memrange used[USED_MAX];
	__uptr img = (__uptr)__kvm_image_start;
	__uptr img_end = (__uptr)__kvm_image_end;
	int nfw = 0, nused = 0, n, inside = 0;

	for (int i = 0; i < dt->nmem; i++) {
		const struct kvm_memrange *m = &dt->mem[i];

		fw[nfw++] = *m;
		if (m->base <= img && m->base + m->len >= img_end)
			inside = 1;
		if (kvm_arm64_map(m->base, m->len, KVM_MAP_RAM) < 0)
			uk_pr_warn("RAM at 0x%llx: page-table pool full, part of it is left out\n",
				   (unsigned long long)m->base);
	}
	for (int i = 0; i < dt->nrsv; i++)
		fw[nfw++] = dt->rsv[i];
	if (!dt->nmem)
		fail("kvm: the device tree has no memory node");
	if (!inside) {
		uk_pr_crit("kvm: not enough memory: the image needs RAM from 0x%lx up to 0x%lx; give the guest more memory (QEMU -m)\n",
			   (unsigned long)img, (unsigned long)img_end);
		ukplat_terminate(UKPLAT_CRASH);
	}
	dtb = move_dtb(dtb, dtb_size);
	used[nused++] = (struct kvm_memrange){ img, img_end - img,
					       UKPLAT_MEMRF_KERNEL, "kernel" };
	used[nused++] = (struct kvm_memrange){ (__uptr)dtb, dtb_size,
					       UKPLAT_MEMRF_BOOTINFO, "dtb" };
	if (dt->initrd_end)
		used[nused++] = (struct kvm_memrange){
			dt->initrd_start, dt->initrd_end - dt->initrd_start,
			UKPLAT_MEMRF_INITRD, "initrd" };
	n = kvm_memregion_build(fw, nfw, used, nused, 0, ~0ULL, out,
				ARRAY_SIZE(out));
	if (n < 0 || kvm_memregion_set(out, n) < 0)
		fail("kvm: cannot build the memory regions");
	kvm_memregion_print();
}

void kvm_arm64_boot(__paddr dtb_addr)
{
	struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__sz dtb_size;
	const void *dtb;
	int rc;

#if CONFIG_KVM_ASLR
	if (!kvm_aslr_source)
		kvm_arm64_aslr(dtb_addr); /* returns only if it stays */
#endif
	dtb = find_dtb(dtb_addr, &dtb_size);
	rc = kvm_arm64_dt_parse(dtb, dtb_size, &fdt, dt);

	if (rc < 0) {
		uk_pr_crit("kvm: malformed device tree at 0x%lx: %s (byte %u, error %d)\n",
			   (unsigned long)dtb, fdt.err, fdt.err_off, rc);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (dt->uart.size) {
		map_device(&dt->uart, "PL011 UART");
		kvm_serial_init();
	}
	if (dt->warning)
		uk_pr_warn("device tree: %s\n", dt->warning);
	setup_memory(dtb, fdt.size);
#if CONFIG_KVM_ASLR
	kvm_aslr_report();
#endif
#ifdef CONFIG_KVM_PCI
	kvm_arm64_pci_setup();
#endif
#ifdef CONFIG_ARM64_PAC
	kvm_arm64_pauth_init();
#endif
	kvm_cmdline_init(dt->bootargs);
	kvm_cmdline_enter();
}
