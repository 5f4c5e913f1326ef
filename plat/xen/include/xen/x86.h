/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xen x86_64 (PVH guest): finding Xen through CPUID, the hypercall page,
 * the shared-info page, the Xen PV clock and the checks of the PVH start
 * info. The structures are those of Xen's public interface (xen.h,
 * arch-x86/xen.h, arch-x86/cpuid.h, hvm/start_info.h), written out here.
 * The pure functions (no hardware, no globals) are unit tested in the
 * kvm-x86_64 test image (plat/xen/x86/tests), where Xen is not needed.
 */
#ifndef XEN_X86_H
#define XEN_X86_H

#include <uk/essentials.h>
#include <kvm/x86/pvh.h>

/* CPUID: Xen's leaves start at 0x40000000 + n * 0x100, n < 0x100 (one
 * block further up when Xen also shows Viridian's at 0x40000000). */
#define XEN_CPUID_FIRST 0x40000000U
#define XEN_CPUID_LAST 0x4000ff00U
#define XEN_CPUID_STEP 0x100U
#define XEN_CPUID_SIGNATURE "XenVMMXenVMM" /* EBX, ECX, EDX of the base */

/*
 * The base leaf of the block whose signature (EBX, ECX, EDX of the leaf)
 * is Xen's and that has at least leaves base+2 (EAX of the base is the
 * block's highest leaf), given the CPUID results of the blocks in order
 * (regs[i] for leaf XEN_CPUID_FIRST + i * XEN_CPUID_STEP, n of them).
 * Returns the base, or 0 when none says Xen.
 */
__u32 xen_x86_find_base(const __u32 (*regs)[4], unsigned int n);

/* Xen's version from leaf base+1's EAX: major << 16 | minor. */
#define XEN_VERSION_MAJOR(eax) ((eax) >> 16)
#define XEN_VERSION_MINOR(eax) ((eax) & 0xffff)

/* vcpu_time_info: the PV clock of one vCPU, 32 bytes. */
struct xen_vcpu_time_info {
	__u32 version; /* odd while Xen updates the rest */
	__u32 pad0;
	__u64 tsc_timestamp;      /* TSC when system_time was set */
	__u64 system_time;        /* ns since the domain started */
	__u32 tsc_to_system_mul;  /* ns per TSC cycle, 32.32 fixed point, */
	__s8 tsc_shift;           /* after a shift of the cycle count */
	__u8 flags;               /* XEN_PVCLOCK_TSC_STABLE */
	__u8 pad1[2];
};

#define XEN_PVCLOCK_TSC_STABLE 1

/* vcpu_info on x86_64: 64 bytes, the time at offset 32. */
struct xen_x86_vcpu_info {
	__u8 evtchn_upcall_pending;
	__u8 evtchn_upcall_mask;
	__u8 pad[6];
	__u64 evtchn_pending_sel;
	__u64 cr2;
	__u64 pad1;
	struct xen_vcpu_time_info time;
};

#define XEN_X86_LEGACY_VCPUS 32

/* shared_info on x86_64 (what this platform reads of it). */
struct xen_x86_shared_info {
	struct xen_x86_vcpu_info vcpu_info[XEN_X86_LEGACY_VCPUS];
	__u64 evtchn_pending[64];
	__u64 evtchn_mask[64];
	__u32 wc_version, wc_sec, wc_nsec;
	__u32 wc_sec_hi; /* arch_shared_info follows */
};

/* Cycles to nanoseconds the PV-clock way: (delta << shift) * mul >> 32
 * (a negative shift shifts right). */
__u64 xen_pvclock_scale(__u64 delta, __u32 mul, __s8 shift);

/*
 * The PV clock's time in ns: system_time + scale(tsc - tsc_timestamp),
 * read under the version protocol: read_tsc is called between two reads
 * of an even, unchanged version, again until they agree (Xen may update
 * the structure between any two reads). A TSC behind tsc_timestamp
 * counts as no time passed.
 */
__u64 xen_pvclock_read(const volatile struct xen_vcpu_time_info *t,
		       __u64 (*read_tsc)(void));

/* The TSC frequency in Hz that mul and shift stand for; 0 for mul 0. */
__u64 xen_pvclock_tsc_hz(__u32 mul, __s8 shift);

/* Why xen_x86_check_start_info / xen_x86_check_memory refuse. */
struct xen_x86_bootcheck {
	int a, b;        /* the entries (memory map, modules) concerned */
	__u32 value;     /* the magic or version found */
};

/*
 * Check what only the start info says: 0, -EPROTO (magic is not
 * KVM_PVH_MAGIC; why->value has it) or -ENOENT (version 0, no memory
 * map: why->value is the version).
 */
int xen_x86_check_start_info(const struct kvm_pvh_start_info *si,
			     struct xen_x86_bootcheck *why);

/*
 * Check the parsed memory map (kvm_pvh_parse's info) before it is used:
 * 0, or
 *  -ENOMEM no RAM entry at all (or only empty ones),
 *  -EFAULT the image [image, image_end) is not inside one RAM entry,
 *  -EINVAL entries why->a and why->b overlap,
 *  -ERANGE the initrd (module 0, used entry why->a) is not inside RAM.
 */
int xen_x86_check_memory(const struct kvm_pvh_info *info, __u64 image,
			 __u64 image_end, struct xen_x86_bootcheck *why);

/* XENMEM_memory_map: the domain's memory map as E820 entries, what a
 * start info of version 0 (Xen 4.17's PVH dom0 gets one) lacks. */
#define XEN_XENMEM_MEMORY_MAP 9

struct xen_memory_map {
	__u32 nr_entries; /* in: room in buffer; out: entries written */
	__u32 pad;
	__u64 buffer;     /* struct xen_e820_entry[] */
};

struct xen_e820_entry {
	__u64 addr;
	__u64 size;
	__u32 type;
} __packed;

/*
 * Convert n E820 entries into out (max of them) as start-info memory
 * map entries (the same fields, 8-byte aligned). Returns the count, or
 * -E2BIG when n > max.
 */
int xen_x86_e820_to_memmap(const struct xen_e820_entry *e820, unsigned int n,
			   struct kvm_pvh_memmap_entry *out, unsigned int max);

/* The message for a check's result, for the boot's crash message. */
const char *xen_x86_bootcheck_str(int rc);

/* The hypercall page (hypercall.S), 128 stubs of 32 bytes, each
 * returning -ENOSYS until Xen fills the page. */
extern char xen_hypercall_page[];
/* The stubs xen_hypercall calls: xen_hypercall_page (tests change it). */
extern char *xen_hypercall_stubs;

/* The Xen CPUID base found at boot, or 0 (no Xen). */
extern __u32 xen_x86_cpuid_base;

/* Shared info, mapped at boot (NULL without Xen). */
extern volatile struct xen_x86_shared_info *xen_x86_shared_info;

/* Port 0xe9, Xen's HVM debug console (the console when Xen refuses
 * console_io to this domain), and QEMU's debugcon. */
#define XEN_X86_DEBUG_PORT 0xe9

/* After SCHEDOP_shutdown failed: without Xen, QEMU's isa-debug-exit
 * with status, then ACPI soft-off; returns if neither worked. */
void xen_x86_power_off(int status);
#define XEN_X86_POWER_OFF "isa-debug-exit and ACPI"

/*
 * Tell Xen to deliver event-channel upcalls as the vector of IRQ
 * XEN_EVTCHN_IRQ (HVM_PARAM_CALLBACK_IRQ, vector type): 0 or Xen's error.
 * Called by xen_evtchn_init once the handler is registered.
 */
int xen_x86_set_callback_vector(void);

/* The boot's clock set-up: the PV clock of vCPU 0 (clock.c). */
void xen_x86_clock_init(void);
#endif
