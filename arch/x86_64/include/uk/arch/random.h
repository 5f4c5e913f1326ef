/* SPDX-License-Identifier: BSD-3-Clause */
/* The CPU's random-number instruction (RDRAND), where it has one. */
#ifndef UK_ARCH_RANDOM_H
#define UK_ARCH_RANDOM_H

#include <uk/essentials.h>

/* Does the CPU have RDRAND (CPUID leaf 1, ECX bit 30)? */
static inline int ukarch_random_present(void)
{
	__u32 eax = 1, ebx, ecx = 0, edx;

	__asm__ __volatile__("cpuid"
			     : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return (ecx >> 30) & 1;
}

/*
 * One 64-bit random number into *v: 0, or -1 when the instruction failed
 * ten times in a row (the generator is exhausted or broken). Call only
 * when ukarch_random_present() said yes.
 */
static inline int ukarch_random_u64(__u64 *v)
{
	for (int i = 0; i < 10; i++) {
		__u8 ok;

		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*v), "=qm"(ok)::"cc");
		if (ok)
			return 0;
	}
	return -1;
}

#endif
