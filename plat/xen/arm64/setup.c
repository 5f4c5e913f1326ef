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
#include <kvm/arm64/dtboot.h>
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

struct kvm_arm64_dt kvm_arm64_dt;
static struct uk_fdt fdt;

#define fail kvm_arm64_boot_fail

static const struct kvm_arm64_bootname bootname = {
	"xen", "give the domain more memory"
};

/* Map the device tree at dtb (x0 of the entry) and check its header. */
static const void *find_dtb(__paddr dtb, __sz *size)
{
	if (!dtb)
		fail("xen: no device tree in x0: boot the raw Image as a Xen guest (dom0less module or xl create)");
	return kvm_arm64_dtb_map(&bootname, dtb, DTB_MAX_SIZE,
				 "xen: x0 does not point to a device tree",
				 size);
}

/* The memory regions: the tree's RAM less the image and the tree. */
static void setup_memory(const void *dtb, __sz dtb_size)
{
	static struct kvm_memrange fw[KVM_DT_MEM_MAX + KVM_DT_RSV_MAX];
	int nfw = kvm_arm64_dt_ram(&bootname, fw);

	kvm_arm64_memregions(&bootname, fw, nfw, dtb, dtb_size);
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
