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

/* Alignment an extended state area needs. */
#define UKARCH_ECTX_ALIGN 16

/* Bytes of an area: q0-q31, then FPSR and FPCR (8 bytes each). */
#define UKARCH_ECTX_SIZE (32 * 16 + 16)

#ifdef __ASSEMBLY__
/*
 * Save the extended state into / load it from the area at base (16-byte
 * aligned); t1 and t2 are clobbered. The functions below and the
 * platform's interrupt and trap entries use them.
 */
.macro UKARCH_ECTX_SAVE base, t1, t2
	stp q0, q1, [\base, #0]
	stp q2, q3, [\base, #32]
	stp q4, q5, [\base, #64]
	stp q6, q7, [\base, #96]
	stp q8, q9, [\base, #128]
	stp q10, q11, [\base, #160]
	stp q12, q13, [\base, #192]
	stp q14, q15, [\base, #224]
	stp q16, q17, [\base, #256]
	stp q18, q19, [\base, #288]
	stp q20, q21, [\base, #320]
	stp q22, q23, [\base, #352]
	stp q24, q25, [\base, #384]
	stp q26, q27, [\base, #416]
	stp q28, q29, [\base, #448]
	stp q30, q31, [\base, #480]
	mrs \t1, fpsr
	mrs \t2, fpcr
	str \t1, [\base, #512]
	str \t2, [\base, #520]
.endm

.macro UKARCH_ECTX_RESTORE base, t1, t2
	ldp q0, q1, [\base, #0]
	ldp q2, q3, [\base, #32]
	ldp q4, q5, [\base, #64]
	ldp q6, q7, [\base, #96]
	ldp q8, q9, [\base, #128]
	ldp q10, q11, [\base, #160]
	ldp q12, q13, [\base, #192]
	ldp q14, q15, [\base, #224]
	ldp q16, q17, [\base, #256]
	ldp q18, q19, [\base, #288]
	ldp q20, q21, [\base, #320]
	ldp q22, q23, [\base, #352]
	ldp q24, q25, [\base, #384]
	ldp q26, q27, [\base, #416]
	ldp q28, q29, [\base, #448]
	ldp q30, q31, [\base, #480]
	ldr \t1, [\base, #512]
	ldr \t2, [\base, #520]
	msr fpsr, \t1
	msr fpcr, \t2
.endm
#else
#include <uk/essentials.h>

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

#endif /* __ASSEMBLY__ */
#endif
