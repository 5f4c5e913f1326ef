/* SPDX-License-Identifier: BSD-3-Clause */
/* Saving and restoring the FP/SIMD state (see <uk/arch/ectx.h>). */
#include <uk/arch/ectx.h>

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
	UKARCH_ECTX_SAVE x0, x1, x2
	ret
	.size ukarch_ectx_save, . - ukarch_ectx_save

/* void ukarch_ectx_restore(void *ectx) */
	.globl ukarch_ectx_restore
	.type ukarch_ectx_restore, %function
ukarch_ectx_restore:
	UKARCH_ECTX_RESTORE x0, x1, x2
	ret
	.size ukarch_ectx_restore, . - ukarch_ectx_restore

	.section .note.GNU-stack, "", %progbits
