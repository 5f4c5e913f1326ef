/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xen arm64 start-up in C, entered from the shared arm64 entry code
 * (plat/kvm/arm64/entry.S) at EL1 with the MMU on. Xen loads the Image
 * like a Linux kernel: at the guest's RAM base (0x40000000) plus the
 * header's text_offset, the address the image is linked at, with x0 =
 * the domain's device tree. From that tree: the memory, the GIC, the
 * timer, the command line (/chosen/bootargs: a dom0less module's
 * bootargs, xl's extra=) and Xen's emulated UART if the domain has one
 * (vpl011); without it the console is a hypercall and needs nothing.
 */
#include <kvm/arm64/boot.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <kvm/cmdline.h>
#include <kvm/memregion.h>
#include <xen/console.h>
#include <xen/consring.h>
#include <xen/hvm.h>
#include <xen/xenstore.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <stddef.h>

/* A device tree larger than this is taken as garbage. */
#define DTB_MAX_SIZE (2UL << 20)
#define USED_MAX 3

struct kvm_arm64_dt kvm_arm64_dt;
static struct uk_fdt fdt;

static void __noreturn fail(const char *msg)
{
	uk_pr_crit("%s\n", msg);
	ukplat_terminate(UKPLAT_CRASH);
}

/* Map the device tree at dtb (x0 of the entry) and check its header. */
static const void *find_dtb(__paddr dtb, __sz *size)
{
	const __u8 *p = (const __u8 *)dtb;
	__u32 total;

	if (!dtb)
		fail("xen: no device tree in x0: boot the raw Image as a Xen guest (dom0less module or xl create)");
	if (dtb & 7)
		fail("xen: the device tree address in x0 is not 8-byte aligned");
	if (kvm_arm64_map(dtb, UK_FDT_HEADER_SIZE, KVM_MAP_RO) < 0)
		fail("xen: cannot map the device tree");
	if (uk_fdt32(p) != UK_FDT_MAGIC)
		fail("xen: x0 does not point to a device tree");
	total = uk_fdt32(p + 4);
	*size = MIN((__sz)total, (__sz)DTB_MAX_SIZE);
	if (kvm_arm64_map(dtb, *size, KVM_MAP_RO) < 0)
		fail("xen: cannot map the device tree");
	return p;
}

/* The memory regions: the tree's RAM less the image and the tree. */
static void setup_memory(const void *dtb, __sz dtb_size)
{
	static struct kvm_memrange fw[KVM_DT_MEM_MAX + KVM_DT_RSV_MAX];
	static struct ukplat_memregion_desc out[KVM_MEMREGION_MAX];
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	struct kvm_memrange used[USED_MAX];
	__uptr img = (__uptr)__kvm_image_start;
	__uptr img_end = (__uptr)__kvm_image_end;
	int nfw = 0, nused = 0, n, inside = 0;

	if (!dt->nmem)
		fail("xen: the device tree has no memory node");
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
	if (!inside) {
		uk_pr_crit("xen: not enough memory: the image needs RAM from 0x%lx up to 0x%lx; give the domain more memory\n",
			   (unsigned long)img, (unsigned long)img_end);
		ukplat_terminate(UKPLAT_CRASH);
	}
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
		fail("xen: cannot build the memory regions");
	kvm_memregion_print();
}

/*
 * The console and xenstore pages of a domain the toolstack built (HVM
 * params; a dom0less domain has neither): mapped, and the console moved
 * to the PV ring. Outside the domain's RAM on arm (the magic pages).
 */
static void setup_pv_pages(void)
{
	const struct xen_pv_params *pv = xen_pv_params();

	if (pv->console_pfn) {
		__paddr a = (__paddr)pv->console_pfn << 12;

		if (kvm_arm64_map(a, 4096, KVM_MAP_RAM) < 0)
			uk_pr_err("xen: cannot map the console page at 0x%llx; the console stays on console_io\n",
				  (unsigned long long)a);
		else
			xen_pvcons_init((void *)a, pv->console_evtchn);
	}
	if (pv->store_pfn) {
		__paddr a = (__paddr)pv->store_pfn << 12;

		if (kvm_arm64_map(a, 4096, KVM_MAP_RAM) < 0)
			uk_pr_err("xen: cannot map the xenstore page at 0x%llx: no xenstore\n",
				  (unsigned long long)a);
		else
			xen_xs_attach((void *)a, pv->store_evtchn);
	}
}

void kvm_arm64_boot(__paddr dtb_addr)
{
	struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__sz dtb_size;
	const void *dtb = find_dtb(dtb_addr, &dtb_size);
	int rc = kvm_arm64_dt_parse(dtb, dtb_size, &fdt, dt);

	if (rc < 0) {
		uk_pr_crit("xen: malformed device tree at 0x%lx: %s (byte %u, error %d)\n",
			   (unsigned long)dtb, fdt.err, fdt.err_off, rc);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (dt->uart.size) {
		if (kvm_arm64_map(dt->uart.base, dt->uart.size, KVM_MAP_MMIO) < 0)
			uk_pr_err("xen: cannot map the UART at 0x%llx; the console stays on console_io\n",
				  (unsigned long long)dt->uart.base);
		else
			xen_uart_init((__uptr)dt->uart.base);
	}
	setup_pv_pages();
	if (dt->warning)
		uk_pr_warn("device tree: %s\n", dt->warning);
	setup_memory(dtb, fdt.size);
#ifdef CONFIG_ARM64_PAC
	kvm_arm64_pauth_init();
#endif
	kvm_cmdline_init(dt->bootargs);
	kvm_cmdline_enter();
}
