/* SPDX-License-Identifier: BSD-3-Clause */
/* The CPU's random-number register (FEAT_RNG, RNDR), where it has one. */
#ifndef UK_ARCH_RANDOM_H
#define UK_ARCH_RANDOM_H

#include <uk/essentials.h>

/* Does the CPU implement RNDR (ID_AA64ISAR0_EL1.RNDR, bits 63:60)? */
static inline int ukarch_random_present(void)
{
	__u64 isar0;

	__asm__ __volatile__("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> 60) != 0;
}

/*
 * One 64-bit random number into *v: 0, or -1 when RNDR failed ten times
 * in a row (it sets Z on failure). Call only when ukarch_random_present()
 * said yes.
 */
static inline int ukarch_random_u64(__u64 *v)
{
	for (int i = 0; i < 10; i++) {
		__u64 nzcv;

		/* s3_3_c2_c4_0 is RNDR, spelled so older assemblers take it. */
		__asm__ __volatile__("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv"
				     : "=r"(*v), "=r"(nzcv));
		if (!(nzcv & (1UL << 30)))
			return 0;
	}
	return -1;
}

#endif
