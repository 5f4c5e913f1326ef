/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm x86_64: what the entry code and the C boot code share. */
#ifndef KVM_X86_BOOT_H
#define KVM_X86_BOOT_H

#define KVM_PVH_MAGIC 0x336ec578 /* hvm_start_info.magic */

/* GDT selectors (the GDT is in entry.S). */
#define KVM_GDT_CODE 0x08
#define KVM_GDT_DATA 0x10
#define KVM_GDT_TSS 0x18

/* QEMU's isa-debug-exit: QEMU exits with (value << 1) | 1. */
#define KVM_DEBUG_EXIT_PORT 0xf4
#define KVM_DEBUG_EXIT_MAX_STATUS 126 /* larger statuses are sent as 126 */
#define KVM_DEBUG_EXIT_CRASH 127      /* QEMU exits with 255 */
#define KVM_DEBUG_EXIT_USAGE 64       /* UKPLAT_EXIT_USAGE; QEMU exits with 129 */

/* The first 64 KiB are never mapped, except while boot code reads what a
 * loader left there: a NULL pointer plus an offset below this faults. */
#define KVM_NULL_AREA 0x10000

/* Where the image is linked and a PVH loader puts it: its first byte is
 * the PVH entry. With CONFIG_KVM_ASLR the entry code moves it to a random
 * place in RAM above, ending below KVM_ASLR_TOP (the boot page directory
 * covers the first GiB; one 2 MiB block spare). */
#define KVM_LINK_BASE 0x100000
#define KVM_ASLR_TOP 0x3fe00000
#include <kvm/aslr.h>

/* Free memory (heap, thread stacks) starts here: never in low memory. */
#define KVM_FREE_RAM_START 0x100000

/* Page-table pages for mappings made after boot (RAM past the boot
 * mapping, MMIO). */
#define KVM_PT_POOL_PAGES 8

/* Exception stacks (IST): 1 double fault, 2 page fault, 3 NMI and #MC. */
#define KVM_IST_COUNT 3
#define KVM_IST_STACK_SIZE 8192

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* TSC at the first instruction of the image. */
extern __u64 kvm_boot_tsc;

/* Linker script symbols. */
extern char __kvm_image_start[], __kvm_image_end[], __kvm_text_end[];
extern char __kvm_rodata_end[];
extern char __kvm_boot_stack_guard[], __kvm_boot_stack_bottom[];
extern char __kvm_boot_stack_top[];
/* Without CONFIG_KVM_ASLR, the boot page tables map [0,
 * __kvm_boot_map_end) in 4 KiB pages (a number: not for a PIE). */
extern char __kvm_boot_map_end[];

/* Called by the entry code in long mode on the boot stack. */
void kvm_x86_boot(unsigned long start_info_paddr) __noreturn;
#endif

#endif
