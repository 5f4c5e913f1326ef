/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI on arm64: the ECAM window of the device tree's generic host bridge
 * goes to the configuration-space code (plat/common/pci), and, as there
 * is no firmware to do it, each function on the root bus gets what a
 * PC BIOS would give it: its BARs placed in the bridge's windows (the
 * "ranges" property: I/O, 32-bit and 64-bit memory) and its interrupt
 * line register set to the GIC INTID that "interrupt-map" routes its
 * pin to. Functions behind PCI-PCI bridges are enumerated but not
 * configured (doc/arm64.md). Runs at boot, before the bus is probed.
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <uk/bus/pci.h>
#include <uk/bus/pci_ecam.h>
#include <uk/print.h>

#define SPACE_IO 1
#define SPACE_MEM32 2
#define SPACE_MEM64 3
#define HEADER_MULTIFUNCTION 0x80

struct window {
	__u64 pci, cpu, size, next; /* next: first free PCI address */
};

static struct window win[4]; /* by space code */

static void read_ranges(const struct kvm_arm64_dt *dt)
{
	int pac = dt->pci.parent_addr_cells;
	__u32 entry = 4 * (3 + (__u32)pac + 2);
	const __u8 *p = dt->pci.ranges;

	if (!p || pac < 1 || pac > 2)
		return;
	for (__u32 off = 0; off + entry <= dt->pci.ranges_len; off += entry) {
		const void *v = p + off;
		__u32 hi = uk_fdt32(v);
		int space = (hi >> 24) & 3;
		struct window w;

		v = p + off + 4;
		w.pci = uk_fdt_cells(&v, 2);
		w.cpu = uk_fdt_cells(&v, pac);
		w.size = uk_fdt_cells(&v, 2);
		/* Leave address 0 out: drivers take a zero BAR as unset. */
		w.next = w.pci ? w.pci : MIN(w.size, (__u64)0x1000);
		if (space && !win[space].size)
			win[space] = w;
	}
}

/* PCI address for a BAR of size bytes in space: 1, or 0 if it does not fit. */
static int place(int space, __u64 size, __u64 *addr)
{
	struct window *w = &win[space];
	__u64 a = ALIGN_UP(w->next, size);

	if (!w->size || a + size > w->pci + w->size || a + size < a)
		return 0;
	w->next = a + size;
	*addr = a;
	return 1;
}

static __u32 rd(const struct pci_address *a, unsigned int off, unsigned int n)
{
	__u32 v = 0xffffffffU;

	pci_conf_read(a, off, n, &v);
	return v;
}

static void assign_bars(const struct pci_address *a)
{
	for (int bar = 0; bar < 6; bar++) {
		unsigned int off = PCI_BAR0 + 4 * (unsigned int)bar;
		__u32 orig = rd(a, off, 4), lo, hi = 0xffffffffU;
		int io = orig & 1, is64 = !io && (orig & 6) == 4;
		__u64 mask, size, addr;
		int space;

		pci_conf_write(a, off, 4, 0xffffffffU);
		lo = rd(a, off, 4);
		if (is64) {
			pci_conf_write(a, off + 4, 4, 0xffffffffU);
			hi = rd(a, off + 4, 4);
		}
		mask = io ? (lo & ~3U) | 0xffffffffffff0000ULL
			  : ((__u64)hi << 32) | (lo & ~0xfU);
		if (!is64 && !io)
			mask |= 0xffffffff00000000ULL;
		size = ~mask + 1;
		if (!(lo & (io ? ~3U : ~0xfU)) || !size) {
			pci_conf_write(a, off, 4, orig); /* not implemented */
			bar += is64;
			continue;
		}
		space = io ? SPACE_IO : is64 && win[SPACE_MEM64].size
					 ? SPACE_MEM64 : SPACE_MEM32;
		if (!place(space, size, &addr) &&
		    !(space == SPACE_MEM64 && place(SPACE_MEM32, size, &addr))) {
			uk_pr_warn("pci %02x:%02x.%x: BAR %d (%llu bytes) does not fit the bridge's windows\n",
				   a->bus, a->dev, a->func, bar,
				   (unsigned long long)size);
			addr = 0;
		}
		pci_conf_write(a, off, 4, (__u32)addr | (orig & (io ? 3 : 0xf)));
		if (is64)
			pci_conf_write(a, off + 4, 4, (__u32)(addr >> 32));
		bar += is64;
	}
}

/* The GIC INTID interrupt-map gives pin (1-4) of function a, or 0xff. */
static __u8 route(const struct kvm_arm64_dt *dt, const struct pci_address *a,
		  __u32 pin)
{
	__u32 gac = (__u32)dt->gic_addr_cells;
	__u32 entry = 4 * (3 + 1 + 1 + gac + 3);
	__u32 key[4] = { (__u32)a->bus << 16 | (__u32)a->dev << 11 |
				 (__u32)a->func << 8, 0, 0, pin };
	const __u8 *p = dt->pci.imap;

	if (!p || gac > 2)
		return 0xff;
	for (int i = 0; i < 4; i++)
		key[i] &= dt->pci.imap_mask[i];
	for (__u32 off = 0; off + entry <= dt->pci.imap_len; off += entry) {
		const __u8 *e = p + off;
		int match = 1;
		__u32 type, num;

		for (int i = 0; i < 4; i++)
			if (uk_fdt32(e + 4 * i) != key[i])
				match = 0;
		if (!match)
			continue;
		e += 4 * (5 + gac); /* past child, phandle, parent address */
		type = uk_fdt32(e);
		num = uk_fdt32(e + 4);
		if (type == 0 && num + 32 < 0xff)
			return (__u8)(num + 32);
		return 0xff;
	}
	return 0xff;
}

static void setup_function(const struct kvm_arm64_dt *dt,
			   const struct pci_address *a, __u8 header)
{
	__u32 pin;

	if ((header & 0x7f) != 0)
		return; /* bridges and others: left as they are */
	assign_bars(a);
	pin = rd(a, PCI_INTERRUPT_PIN, 1) & 0xff;
	if (pin >= 1 && pin <= 4)
		pci_conf_write(a, PCI_INTERRUPT_LINE, 1, route(dt, a, pin));
}

void kvm_arm64_pci_setup(void)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	const struct kvm_dt_dev *e = &dt->pci.ecam;
	__sz need = (__sz)(dt->pci.bus_end - dt->pci.bus_start + 1) << 20;

	if (!e->size)
		return;
	if (kvm_arm64_map(e->base, MIN(need, (__sz)e->size), KVM_MAP_MMIO) < 0 ||
	    pci_ecam_set(e->base, e->size, dt->pci.bus_start,
			 dt->pci.bus_end) < 0) {
		uk_pr_err("pci: cannot use the ECAM window at 0x%llx\n",
			  (unsigned long long)e->base);
		return;
	}
	read_ranges(dt);
	for (unsigned int dev = 0; dev < 32; dev++) {
		struct pci_address a = { 0, (__u8)dt->pci.bus_start, (__u8)dev, 0 };
		__u8 header;
		int nfunc;

		if ((rd(&a, PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
			continue;
		header = (__u8)rd(&a, PCI_HEADER_TYPE, 1);
		nfunc = header & HEADER_MULTIFUNCTION ? 8 : 1;
		for (a.func = 0; a.func < nfunc; a.func++) {
			if (a.func && (rd(&a, PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
				continue;
			setup_function(dt, &a, a.func ? (__u8)rd(&a, PCI_HEADER_TYPE, 1)
						      : header);
		}
	}
}
