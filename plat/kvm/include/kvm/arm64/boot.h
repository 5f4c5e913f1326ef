/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64: what the entry code, the exception vectors and the C boot
 * code share. The image is linked and must be loaded at
 * KVM_ARM64_LOAD_ADDR: the RAM base of QEMU's virt machine (1 GiB) plus
 * the text offset its Linux Image header asks for (see doc/arm64.md).
 */
#ifndef KVM_ARM64_BOOT_H
#define KVM_ARM64_BOOT_H

#include <uk/arch/cpu.h>

#define KVM_ARM64_RAM_BASE 0x40000000
#define KVM_ARM64_TEXT_OFFSET 0x200000
#define KVM_ARM64_LOAD_ADDR (KVM_ARM64_RAM_BASE + KVM_ARM64_TEXT_OFFSET)

/* Linux Image header flags: little endian, 4 KiB pages, near RAM base. */
#define KVM_ARM64_IMAGE_FLAGS 0x2

/* The stack exceptions are reported on (SP_EL1): */
#define KVM_ARM64_EXC_STACK_SIZE 16384

/* Page-table pages for mappings made after boot (RAM, devices, splits). */
#define KVM_ARM64_PT_POOL_PAGES 12

/* Memory attribute indices of MAIR_EL1. */
#define KVM_ARM64_MT_DEVICE_nGnRE 0
#define KVM_ARM64_MT_NORMAL 1
#define KVM_ARM64_MT_NORMAL_NC 2
#define KVM_ARM64_MT_DEVICE_nGnRnE 3
#define KVM_ARM64_MAIR 0x0044ff04

/*
 * TCR_EL1: 48-bit virtual addresses (T0SZ = 16) with 4 KiB pages,
 * table walks inner-shareable write-back cacheable, TTBR1 walks off
 * (EPD1). IPS (the physical address size, bits 34:32) is filled in at
 * boot from ID_AA64MMFR0_EL1.
 */
#define KVM_ARM64_TCR                                                          \
	((16 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (16 << 16) |           \
	 (1 << 23) | (2 << 30))

/* Stage 1 descriptor bits (4 KiB granule). */
#define KVM_ARM64_PTE_VALID (ARM64_UL(1) << 0)
#define KVM_ARM64_PTE_TABLE (ARM64_UL(1) << 1) /* table (L0-L2) or page (L3) */
#define KVM_ARM64_PTE_ATTR(i) ((i) * ARM64_UL(4))
#define KVM_ARM64_PTE_RO (ARM64_UL(1) << 7)    /* AP[2]: read-only */
#define KVM_ARM64_PTE_SH_INNER (ARM64_UL(3) << 8)
#define KVM_ARM64_PTE_AF (ARM64_UL(1) << 10)
#define KVM_ARM64_PTE_GP (ARM64_UL(1) << 50)  /* guarded page (BTI) */
#define KVM_ARM64_PTE_PXN (ARM64_UL(1) << 53)
#define KVM_ARM64_PTE_UXN (ARM64_UL(1) << 54)
/* An invalid entry that mappings must leave invalid: a guard page (the
 * hardware ignores every other bit of an invalid entry). */
#define KVM_ARM64_PTE_GUARD (ARM64_UL(1) << 55)
#define KVM_ARM64_PTE_ADDR ARM64_UL(0x0000fffffffff000)

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* The generic counter (CNTVCT_EL0) at the first instruction. */
extern __u64 kvm_boot_counter;

/* Linker script symbols. */
extern char __kvm_image_start[], __kvm_image_end[], __kvm_text_end[];
extern char __kvm_rodata_end[];
extern char __kvm_boot_stack_guard[], __kvm_boot_stack_bottom[];
extern char __kvm_boot_stack_top[];
extern char __kvm_exc_stack_bottom[], __kvm_exc_stack_top[];

/*
 * Called by the entry code at EL1 with the MMU on, on the boot stack
 * (SP_EL0), with dtb the device tree's address from x0 (0: the loader
 * gave none).
 */
void kvm_arm64_boot(__paddr dtb) __noreturn;

/*
 * CONFIG_KVM_ASLR: the first thing kvm_arm64_boot does, before the image
 * has been moved (kvm_aslr_source 0): pick a random place and move the
 * image there (never returns), or return when there is no room.
 */
void kvm_arm64_aslr(__paddr dtb);

/*
 * CONFIG_ARM64_PAC: a random key, then return-address signing on, where
 * the CPU has pointer authentication (a warning otherwise). Only from
 * kvm_arm64_boot, once the device tree is read (the random source may
 * need it): functions running at the switch must never return.
 */
void kvm_arm64_pauth_init(void);
#endif

#endif
