/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU helpers for x86_64. Usable in any context. */
#ifndef UK_ARCH_LCPU_H
#define UK_ARCH_LCPU_H

#define __PAGE_SHIFT 12
#define __PAGE_SIZE (1UL << __PAGE_SHIFT)
#define __STACK_ALIGN 16

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

#define mb() __asm__ __volatile__("mfence" ::: "memory")
#define rmb() __asm__ __volatile__("lfence" ::: "memory")
#define wmb() __asm__ __volatile__("sfence" ::: "memory")

/* Tell the CPU we are spinning (saves power, helps the other hyperthread). */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline __u64 ukarch_rdtsc(void)
{
	__u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((__u64)hi << 32) | lo;
}

static inline unsigned long ukarch_read_fp(void)
{
	return (unsigned long)__builtin_frame_address(0);
}

/* Frame layout for frame-pointer backtraces: [fp] = caller's fp, [fp+8] = return address. */
#define UKARCH_FRAME_NEXT(fp) (((unsigned long *)(fp))[0])
#define UKARCH_FRAME_RET(fp) (((unsigned long *)(fp))[1])
#endif

#endif
