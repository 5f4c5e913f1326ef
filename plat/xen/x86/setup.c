/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xen x86_64 start-up in C, entered from the kvm image's PVH entry code
 * (plat/kvm/x86/entry.S) in long mode on the boot stack, with the start
 * info's address: Xen starts a PVH guest like QEMU's PVH loader does (32-
 * bit flat mode at the XEN_ELFNOTE_PHYS32_ENTRY address, %ebx = the
 * hvm_start_info). Then: exceptions, Xen found through CPUID, the
 * hypercall page, the console, the shared-info page and the PV clock,
 * the console and xenstore pages of a domain xl created, the memory map
 * and command line of the start info, main.
 *
 * On a machine without Xen (qemu-system-x86_64 -kernel by mistake) the
 * console is COM1 and port 0xe9; the image says that there is no Xen and
 * powers off the way the kvm image does (isa-debug-exit, ACPI).
 */
#include <kvm/x86/boot.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/pvh.h>
#include <kvm/x86/traps.h>
#include <kvm/cmdline.h>
#include <uk/arch/cpu.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <xen/consring.h>
#include <xen/hvm.h>
#include <xen/hypercall.h>
#include <xen/x86.h>
#include <xen/x86_console.h>
#include <xen/xenstore.h>
#include <errno.h>

#define XEN_HC_XEN_VERSION 17
#define XENVER_VERSION 0

__u32 xen_x86_cpuid_base;
volatile struct xen_x86_shared_info *xen_x86_shared_info;

/* The guest page Xen's shared info replaces (identity mapped). */
static __u8 shared_page[4096] __align(4096);

static void __noreturn fail(const char *msg)
{
	uk_pr_crit("%s\n", msg);
	ukplat_terminate(UKPLAT_CRASH);
}

static __u32 find_xen(void)
{
	static __u32 regs[XEN_CPUID_LAST / XEN_CPUID_STEP -
			  XEN_CPUID_FIRST / XEN_CPUID_STEP + 1][4];
	unsigned int n = 0;

	if (!(ukarch_cpuid(1, 0).ecx & X86_CPUID1_ECX_HYPERVISOR))
		return 0;
	for (__u32 leaf = XEN_CPUID_FIRST; leaf <= XEN_CPUID_LAST;
	     leaf += XEN_CPUID_STEP, n++) {
		struct ukarch_cpuid r = ukarch_cpuid(leaf, 0);

		regs[n][0] = r.eax;
		regs[n][1] = r.ebx;
		regs[n][2] = r.ecx;
		regs[n][3] = r.edx;
	}
	return xen_x86_find_base((const __u32(*)[4])regs, n);
}

/* What CPUID leaf 0x40000000 says the hypervisor is, for the message. */
static const char *hypervisor_name(char buf[13])
{
	struct ukarch_cpuid r;

	if (!(ukarch_cpuid(1, 0).ecx & X86_CPUID1_ECX_HYPERVISOR))
		return "no hypervisor bit in CPUID: bare metal or QEMU TCG";
	r = ukarch_cpuid(XEN_CPUID_FIRST, 0);
	__builtin_memcpy(buf, &r.ebx, 4);
	__builtin_memcpy(buf + 4, &r.ecx, 4);
	__builtin_memcpy(buf + 8, &r.edx, 4);
	buf[12] = 0;
	for (int i = 0; i < 12; i++)
		if (buf[i] && (buf[i] < 0x20 || buf[i] > 0x7e))
			buf[i] = '?';
	return buf;
}

static void setup_hypercalls(__u32 base)
{
	struct ukarch_cpuid r = ukarch_cpuid(base + 2, 0);
	long v;

	if (!r.eax)
		fail("xen: CPUID says Xen offers no hypercall page");
	/* Page 0 of the hypercall area at our page (a physical address:
	 * the image is identity mapped). */
	ukarch_wrmsr(r.ebx, (__u64)(__uptr)xen_hypercall_page);
	v = xen_hypercall(XEN_HC_XEN_VERSION, XENVER_VERSION, 0, 0, 0, 0);
	if (v < 0)
		fail("xen: the hypercall page stays empty after the MSR write (xen_version fails): cannot talk to Xen");
}

static void map_shared_info(void)
{
	struct xen_add_to_physmap map = {
		.domid = XEN_DOMID_SELF,
		.space = XEN_MAPSPACE_SHARED_INFO,
		.idx = 0,
		.gpfn = (__uptr)shared_page >> 12,
	};
	long rc = xen_hypercall(XEN_HC_MEMORY_OP, XEN_XENMEM_ADD_TO_PHYSMAP,
				(unsigned long)&map, 0, 0, 0);

	if (rc < 0) {
		uk_pr_crit("xen: cannot map the shared-info page (XENMEM_add_to_physmap): %ld (%s)\n",
			   rc, xen_strerror(rc));
		ukplat_terminate(UKPLAT_CRASH);
	}
	xen_x86_shared_info = (volatile struct xen_x86_shared_info *)
		shared_page;
}

/*
 * A start info of version 0 has no memory map (Xen 4.17 gives its PVH
 * dom0 one): ask Xen for the domain's (XENMEM_memory_map) and go on with
 * a copy of the start info, of version 1, that points to it.
 */
static unsigned long start_info_with_map(const struct kvm_pvh_start_info *si)
{
	static struct xen_e820_entry e820[KVM_MEMREGION_MAX];
	static struct kvm_pvh_memmap_entry map[KVM_MEMREGION_MAX];
	static struct kvm_pvh_start_info copy;
	struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(e820),
				     .buffer = (__uptr)e820 };
	long rc = xen_hypercall(XEN_HC_MEMORY_OP, XEN_XENMEM_MEMORY_MAP,
				(unsigned long)&mm, 0, 0, 0);
	int n;

	if (rc < 0) {
		uk_pr_crit("xen: the PVH start info (version 0) has no memory map, and XENMEM_memory_map failed: %ld (%s)\n",
			   rc, xen_strerror(rc));
		ukplat_terminate(UKPLAT_CRASH);
	}
	n = xen_x86_e820_to_memmap(e820, mm.nr_entries, map, ARRAY_SIZE(map));
	if (n < 0)
		UK_CRASH("xen: XENMEM_memory_map gave %u entries; at most %d are supported",
			 mm.nr_entries, KVM_MEMREGION_MAX);
	copy = *si;
	copy.version = 1;
	copy.memmap_paddr = (__uptr)map;
	copy.memmap_entries = (__u32)n;
	uk_pr_info("xen: start info version 0: memory map (%d entries) from XENMEM_memory_map\n",
		   n);
	return (__uptr)&copy;
}

/*
 * The console and xenstore pages of a domain the toolstack built (HVM
 * params; the PVH dom0 has neither): mapped, and the console moved to
 * the PV ring. On x86 PVH they are special pages outside RAM, just below
 * 0xff000000, in the 2 MiB block that also holds the local APIC
 * (0xfee00000): the page tables map 2 MiB blocks, so both are mapped
 * uncached (KVM_MAP_MMIO). Coherent for shared memory too, and these
 * rings carry little.
 */
static void setup_pv_pages(void)
{
	const struct xen_pv_params *pv = xen_pv_params();

	if (pv->console_pfn) {
		__paddr a = (__paddr)pv->console_pfn << 12;

		if (pv->console_pfn >= (1ULL << 40) ||
		    kvm_x86_map(a, 4096, KVM_MAP_MMIO) < 0)
			uk_pr_err("xen: cannot map the console page at 0x%llx; the console stays on console_io or port 0xe9\n",
				  (unsigned long long)a);
		else
			xen_pvcons_init((void *)a, pv->console_evtchn);
	}
	if (pv->store_pfn) {
		__paddr a = (__paddr)pv->store_pfn << 12;

		if (pv->store_pfn >= (1ULL << 40) ||
		    kvm_x86_map(a, 4096, KVM_MAP_MMIO) < 0)
			uk_pr_err("xen: cannot map the xenstore page at 0x%llx: no xenstore\n",
				  (unsigned long long)a);
		else
			xen_xs_attach((void *)a, pv->store_evtchn);
	}
}

/* Check the start info, then let the kvm code build the memory regions. */
static const char *setup_memory(unsigned long start_info)
{
	static struct kvm_pvh_info info;
	struct xen_x86_bootcheck why = { -1, -1, 0 };
	const struct kvm_pvh_start_info *si =
		(const struct kvm_pvh_start_info *)start_info;
	int rc;

	rc = xen_x86_check_start_info(si, &why);
	if (rc == -ENOENT && xen_x86_cpuid_base) {
		start_info = start_info_with_map(si);
		si = (const struct kvm_pvh_start_info *)start_info;
		rc = xen_x86_check_start_info(si, &why);
	}
	if (rc < 0) {
		uk_pr_crit("xen: bad PVH start info at 0x%lx: %s (found 0x%x)\n",
			   start_info, xen_x86_bootcheck_str(rc), why.value);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (kvm_pvh_parse(start_info, &info) == 0) {
		rc = xen_x86_check_memory(&info, (__uptr)__kvm_image_start,
					  (__uptr)__kvm_image_end, &why);
		if (rc < 0) {
			uk_pr_crit("xen: unusable memory map in the PVH start info (%d entries): %s",
				   info.nfw, xen_x86_bootcheck_str(rc));
			if (rc == -EINVAL)
				uk_pr_crit(" (entries %d and %d)", why.a, why.b);
			uk_pr_crit("\n");
			ukplat_terminate(UKPLAT_CRASH);
		}
	}
	/* kvm_pvh_setup names what kvm_pvh_parse refused. */
	return kvm_pvh_setup(start_info);
}

void kvm_x86_boot(unsigned long start_info)
{
	const char *cmdline;
	char name[13];
	__u32 base;

	kvm_x86_traps_init();
	base = find_xen();
	if (base) {
		__u32 ver;

		setup_hypercalls(base);
		xen_x86_cpuid_base = base;
		ver = ukarch_cpuid(base + 1, 0).eax;
		xen_x86_console_init(XEN_X86_CONSOLE_IO);
		uk_pr_info("xen: Xen %u.%u (CPUID leaves at 0x%x), PVH guest\n",
			   XEN_VERSION_MAJOR(ver), XEN_VERSION_MINOR(ver),
			   base);
		map_shared_info();
		xen_x86_clock_init();
		setup_pv_pages();
	} else {
		xen_x86_console_init(XEN_X86_CONSOLE_NO_XEN);
	}
	/* Boot information may lie in the first 64 KiB: read it (the
	 * command line is copied), then unmap them again. */
	kvm_x86_map_null_area(1);
	cmdline = setup_memory(start_info);
	kvm_cmdline_init(cmdline);
	kvm_x86_map_null_area(0);
	if (!base) {
		uk_pr_crit("xen: no Xen hypervisor here: CPUID leaves 0x%x-0x%x do not say \"%s\" (the hypervisor leaf says \"%s\"). This image runs only as a Xen PVH guest (xl create with type = \"pvh\"); under plain QEMU boot the kvm image. Powering off.\n",
			   XEN_CPUID_FIRST, XEN_CPUID_LAST, XEN_CPUID_SIGNATURE,
			   hypervisor_name(name));
		ukplat_terminate(UKPLAT_CRASH);
	}
	kvm_cmdline_enter();
}
