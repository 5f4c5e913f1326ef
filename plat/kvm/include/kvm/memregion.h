/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm memory regions: the boot loader's memory map and what the image
 * already uses, turned into the platform's region list
 * (ukplat_memregion_*). Architecture independent: x86 feeds it the PVH
 * memory map, arm64 the device tree's memory nodes.
 */
#ifndef KVM_MEMREGION_H
#define KVM_MEMREGION_H

#include <uk/essentials.h>
#include <uk/plat/memory.h>

/* Most regions the list holds. */
#define KVM_MEMREGION_MAX 64

/*
 * A range: from the firmware's map (flags UKPLAT_MEMRF_FREE for RAM,
 * UKPLAT_MEMRF_RESERVED for anything else), or in use (flags KERNEL,
 * BOOTINFO, CMDLINE, INITRD, STACK ...).
 */
struct kvm_memrange {
	__u64 base;
	__u64 len;
	int flags;
	const char *name;
};

/*
 * Build the region list into out[0..max): every used range as given; every
 * non-RAM firmware range as reserved; and the RAM that is left once used
 * and reserved ranges are taken out, cut to [lo, hi) (what is mapped and
 * may be handed out) and to whole 4 KiB pages, as UKPLAT_MEMRF_FREE
 * regions named "ram". Overlapping RAM ranges are merged first, so no byte
 * is free twice. The result is sorted by base. Returns the number of
 * regions, -ENOSPC if out is too small, -EINVAL for too many firmware
 * entries (more than KVM_MEMREGION_MAX). Pure: no side effects.
 */
int kvm_memregion_build(const struct kvm_memrange *fw, int nfw,
			const struct kvm_memrange *used, int nused, __u64 lo,
			__u64 hi, struct ukplat_memregion_desc *out, int max);

/*
 * Make regions[0..n) the platform's memory regions (copied). Boot only,
 * before ukplat_entry. Returns 0 or -ENOSPC.
 */
int kvm_memregion_set(const struct ukplat_memregion_desc *regions, int n);

/* Print the region list at info level. */
void kvm_memregion_print(void);
#endif
