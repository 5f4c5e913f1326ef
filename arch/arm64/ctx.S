/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arm64 context switch. The frame stored here is struct
 * __ukarch_ctx_frame of <uk/arch/ctx.h>: keep the two in step.
 */
	.text

/* void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next) */
	.globl ukarch_ctx_switch
	.type ukarch_ctx_switch, %function
	.p2align 4
ukarch_ctx_switch:
	sub sp, sp, #176
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	stp d8, d9, [sp, #96]
	stp d10, d11, [sp, #112]
	stp d12, d13, [sp, #128]
	stp d14, d15, [sp, #144]
	mrs x9, fpcr
	str x9, [sp, #160]
	mov x9, sp
	str x9, [x0]             /* prev->sp */
	ldr x9, [x1]             /* next->sp */
	mov sp, x9
	ldr x9, [sp, #160]
	msr fpcr, x9
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	ldp d8, d9, [sp, #96]
	ldp d10, d11, [sp, #112]
	ldp d12, d13, [sp, #128]
	ldp d14, d15, [sp, #144]
	add sp, sp, #176
	ret
	.size ukarch_ctx_switch, . - ukarch_ctx_switch

/* A new context's first `ret` lands here: entry (x19) gets arg (x20). */
	.globl __ukarch_ctx_entry
	.type __ukarch_ctx_entry, %function
__ukarch_ctx_entry:
	mov x0, x20
	blr x19
	udf #0                   /* entry functions never return */
	.size __ukarch_ctx_entry, . - __ukarch_ctx_entry

	.section .note.GNU-stack, "", %progbits
