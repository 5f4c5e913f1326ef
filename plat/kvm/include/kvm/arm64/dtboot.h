/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arm64 boot steps shared by the kvm and xen platforms (dtboot.c).
 */
#ifndef KVM_ARM64_DTBOOT_H
#define KVM_ARM64_DTBOOT_H

#include <kvm/arm64/dt.h>
#include <kvm/memregion.h>
#include <uk/essentials.h>

/* How a platform names itself and its remedy in boot messages. */
struct kvm_arm64_bootname {
	const char *platform;    /* "kvm", "xen" */
	const char *more_memory; /* what to do when RAM misses the image */
};

/* Print msg as the boot's last word and end with the crash status. */
void __noreturn kvm_arm64_boot_fail(const char *msg);

/*
 * Map the device tree at dtb, check its magic (no_magic is the message
 * otherwise) and map all of it, at most max bytes (*size). Fails the boot
 * on a misaligned or unmappable tree.
 */
const void *kvm_arm64_dtb_map(const struct kvm_arm64_bootname *bn,
			      __paddr dtb, __sz max, const char *no_magic,
			      __sz *size);

/*
 * Map the RAM of the parsed tree's memory nodes and put it, then the
 * reserved ranges, into fw (room for KVM_DT_MEM_MAX + KVM_DT_RSV_MAX).
 * Fails the boot without a memory node or if RAM does not hold the image.
 * Returns how many ranges fw got.
 */
int kvm_arm64_dt_ram(const struct kvm_arm64_bootname *bn,
		     struct kvm_memrange *fw);

/*
 * The memory regions: fw[0..nfw) less the image, the tree (dtb, dtb_size)
 * and the initrd; set and printed. Fails the boot if they do not fit.
 */
void kvm_arm64_memregions(const struct kvm_arm64_bootname *bn,
			  const struct kvm_memrange *fw, int nfw,
			  const void *dtb, __sz dtb_size);

#endif
