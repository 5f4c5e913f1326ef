/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm x86_64 page tables: an identity mapping. The entry code maps from 0
 * to a 2 MiB boundary past the image (__kvm_boot_map_end) in 4 KiB pages
 * (the first 64 KiB and the boot stack's guard
 * page absent; with CONFIG_KVM_WX the image's code read/execute, its
 * read-only data read only, the rest read/write, never executable);
 * everything else is mapped here on demand, in 2 MiB pages (or 1 GiB
 * pages where the CPU has them), read/write, never executable under
 * CONFIG_KVM_WX, never unmapped.
 */
#ifndef KVM_X86_PAGETABLE_H
#define KVM_X86_PAGETABLE_H

#include <uk/essentials.h>

#define KVM_MAP_RAM 0   /* write-back */
#define KVM_MAP_MMIO 1  /* uncached: device registers */

/*
 * Map [base, base + len) (rounded out to 2 MiB). Ranges already mapped
 * stay as they are. Returns 0, or -ENOMEM when the page-table pool is
 * used up (then part of the range may be mapped). Boot and driver set-up
 * only: not from interrupt handlers.
 */
int kvm_x86_map(__paddr base, __sz len, int kind);

/*
 * Map the RAM range [base, end) as far as the page tables allow; returns
 * the end of what is mapped from base on (end, or less: then the pool of
 * page-table pages ran out). Boot only.
 */
__paddr kvm_x86_map_ram(__paddr base, __paddr end);

/*
 * Map (present = 1, read/write) or unmap the first 64 KiB
 * (KVM_NULL_AREA). They stay unmapped so that NULL dereferences fault,
 * except while boot code reads boot information a loader left there
 * (QEMU puts the PVH start info, memory map and command line there).
 * Boot only.
 */
void kvm_x86_map_null_area(int present);

/*
 * Make the mapped 4 KiB page at addr absent (present = 0) or present
 * again with the rights it had (a page never mapped: read/write),
 * splitting a 2 MiB or 1 GiB page into smaller ones first if needed (page-table pages from the pool, then from the default
 * allocator when there is one). Returns 0, -EINVAL if addr is not mapped,
 * -ENOMEM if no page-table page is left. Not from interrupt handlers.
 */
int kvm_x86_page_set_present(__paddr addr, int present);

/*
 * A zeroed 4 KiB page for page tables once the static pool is used up;
 * provided by pagetable_alloc.c when an allocator (ukalloc) is selected.
 */
void *kvm_x86_pt_extra_page(void) __weak;

/* Is the page at addr mapped? */
int kvm_x86_is_mapped(__paddr addr);

#define KVM_PROT_READ 0x1
#define KVM_PROT_WRITE 0x2
#define KVM_PROT_EXEC 0x4

/*
 * What the page tables allow at addr: KVM_PROT_* bits (READ whenever the
 * page is mapped), 0 if it is not mapped. Without CONFIG_KVM_WX every
 * mapped page is executable.
 */
int kvm_x86_page_prot(__paddr addr);
#endif
