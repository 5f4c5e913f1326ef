/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 page tables: an identity mapping with 4 KiB pages and 48-bit
 * addresses. The entry code maps the 2 MiB around the image in 4 KiB
 * pages (code read-only and executable, read-only data, the rest
 * read/write and never executable; the boot stack's guard page absent).
 * Everything else (RAM, the device tree, device registers) is mapped
 * here on demand with the largest blocks that fit, and never unmapped.
 * Unmapped addresses, the first GiB with NULL among them, fault.
 */
#ifndef KVM_ARM64_PAGETABLE_H
#define KVM_ARM64_PAGETABLE_H

#include <uk/essentials.h>

#define KVM_MAP_RAM 0   /* normal memory, write-back, read/write */
#define KVM_MAP_MMIO 1  /* Device-nGnRE: device registers */
#define KVM_MAP_RO 2    /* normal memory, read-only (boot information) */

/*
 * Map [base, base + len) (rounded out to 4 KiB pages) as kind. Pages
 * already mapped stay as they are, and guard pages stay absent. Returns 0, -EINVAL for a range beyond
 * 48 bits, -ENOMEM when no page-table page is left (then part of the
 * range may be mapped). Boot and driver set-up only: not from interrupt
 * handlers.
 */
int kvm_arm64_map(__paddr base, __sz len, int kind);

/*
 * Make the mapped 4 KiB page at addr absent (present = 0) or present and
 * read/write again, splitting a larger block first if needed
 * (break-before-make). Returns 0, -EINVAL if addr is not mapped, -ENOMEM
 * if no page-table page is left. Not from interrupt handlers.
 */
int kvm_arm64_page_set_present(__paddr addr, int present);

/* Is the page at addr mapped? */
int kvm_arm64_is_mapped(__paddr addr);

/*
 * A zeroed 4 KiB page for page tables once the static pool is used up;
 * provided by pagetable_alloc.c when an allocator (ukalloc) is selected.
 */
void *kvm_arm64_pt_extra_page(void) __weak;
#endif
