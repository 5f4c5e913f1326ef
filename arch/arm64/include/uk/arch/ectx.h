/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Extended CPU state on arm64: the 32 128-bit FP/SIMD registers, FPSR and
 * FPCR (SVE state beyond them is not used: images are built without SVE).
 * Schedulers that switch threads from interrupt context save it at each
 * switch when the platform's interrupt entry does not
 * (CONFIG_LIBUKSCHED_SAVE_FPU). Same interface as x86_64's.
 */
#ifndef UK_ARCH_ECTX_H
#define UK_ARCH_ECTX_H

#include <uk/essentials.h>

/* Alignment an extended state area needs. */
#define UKARCH_ECTX_ALIGN 16

/* Bytes of an area: q0-q31, then FPSR and FPCR (8 bytes each). */
#define UKARCH_ECTX_SIZE (32 * 16 + 16)

/* Bytes an extended state area needs on this CPU. Any context. */
static inline __sz ukarch_ectx_size(void)
{
	return UKARCH_ECTX_SIZE;
}

/* Fill ectx with the reset state (all registers 0, no traps). */
void ukarch_ectx_init(void *ectx);

/* Save the CPU's extended state into / load it from ectx. Any context. */
void ukarch_ectx_save(void *ectx);
void ukarch_ectx_restore(void *ectx);

#endif
