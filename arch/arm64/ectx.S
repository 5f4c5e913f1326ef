/* SPDX-License-Identifier: BSD-3-Clause */
/* Saving and restoring the FP/SIMD state (see <uk/arch/ectx.h>). */
	.text

/* void ukarch_ectx_init(void *ectx): zeroes, as after a reset. */
	.globl ukarch_ectx_init
	.type ukarch_ectx_init, %function
ukarch_ectx_init:
	mov x1, #(32 * 16 + 16) / 16
1:	stp xzr, xzr, [x0], #16
	subs x1, x1, #1
	b.ne 1b
	ret
	.size ukarch_ectx_init, . - ukarch_ectx_init

/* void ukarch_ectx_save(void *ectx) */
	.globl ukarch_ectx_save
	.type ukarch_ectx_save, %function
ukarch_ectx_save:
	stp q0, q1, [x0, #0]
	stp q2, q3, [x0, #32]
	stp q4, q5, [x0, #64]
	stp q6, q7, [x0, #96]
	stp q8, q9, [x0, #128]
	stp q10, q11, [x0, #160]
	stp q12, q13, [x0, #192]
	stp q14, q15, [x0, #224]
	stp q16, q17, [x0, #256]
	stp q18, q19, [x0, #288]
	stp q20, q21, [x0, #320]
	stp q22, q23, [x0, #352]
	stp q24, q25, [x0, #384]
	stp q26, q27, [x0, #416]
	stp q28, q29, [x0, #448]
	stp q30, q31, [x0, #480]
	mrs x1, fpsr
	mrs x2, fpcr
	add x0, x0, #512
	stp x1, x2, [x0]
	ret
	.size ukarch_ectx_save, . - ukarch_ectx_save

/* void ukarch_ectx_restore(void *ectx) */
	.globl ukarch_ectx_restore
	.type ukarch_ectx_restore, %function
ukarch_ectx_restore:
	ldp q0, q1, [x0, #0]
	ldp q2, q3, [x0, #32]
	ldp q4, q5, [x0, #64]
	ldp q6, q7, [x0, #96]
	ldp q8, q9, [x0, #128]
	ldp q10, q11, [x0, #160]
	ldp q12, q13, [x0, #192]
	ldp q14, q15, [x0, #224]
	ldp q16, q17, [x0, #256]
	ldp q18, q19, [x0, #288]
	ldp q20, q21, [x0, #320]
	ldp q22, q23, [x0, #352]
	ldp q24, q25, [x0, #384]
	ldp q26, q27, [x0, #416]
	ldp q28, q29, [x0, #448]
	ldp q30, q31, [x0, #480]
	add x0, x0, #512
	ldp x1, x2, [x0]
	msr fpsr, x1
	msr fpcr, x2
	ret
	.size ukarch_ectx_restore, . - ukarch_ectx_restore

	.section .note.GNU-stack, "", %progbits
