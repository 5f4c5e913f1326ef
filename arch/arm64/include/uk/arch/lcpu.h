/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU helpers for arm64: page size, barriers, frame records. Usable in
 * any context, at EL0 (linuxu) and EL1 (kvm).
 */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#define __PAGE_SHIFT 12
#define __PAGE_SIZE (1UL << __PAGE_SHIFT)
#define __STACK_ALIGN 16

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/*
 * Barriers for memory shared with devices and other observers: full
 * system data synchronization barriers. Ordering between CPUs alone
 * needs only the __atomic builtins (acquire/release), which gcc inlines
 * as LDAXR/STLXR (or LSE instructions with -march=armv8.1-a and newer).
 */
#define mb() __asm__ __volatile__("dsb sy" ::: "memory")
#define rmb() __asm__ __volatile__("dsb ld" ::: "memory")
#define wmb() __asm__ __volatile__("dsb st" ::: "memory")

/* Ordering among normal memory accesses only (inner shareable). */
#define smp_mb() __asm__ __volatile__("dmb ish" ::: "memory")
#define smp_rmb() __asm__ __volatile__("dmb ishld" ::: "memory")
#define smp_wmb() __asm__ __volatile__("dmb ishst" ::: "memory")

/* Tell the CPU we are spinning (a hint; lets an SMT sibling run). */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

static inline unsigned long ukarch_read_fp(void)
{
	return (unsigned long)__builtin_frame_address(0);
}

/*
 * AAPCS64 frame records: [fp] = the caller's frame record, [fp + 8] =
 * the return address (the link register saved on entry).
 */
#define UKARCH_FRAME_NEXT(fp) (((unsigned long *)(fp))[0])
#define UKARCH_FRAME_RET(fp) (((unsigned long *)(fp))[1])
#endif

#endif
