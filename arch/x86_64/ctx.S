/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 context switch. The frame pushed here is struct
 * __ukarch_ctx_frame of <uk/arch/ctx.h>: keep the two in step.
 */
.text

/* void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next) */
.globl ukarch_ctx_switch
.type ukarch_ctx_switch, @function
ukarch_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)        /* prev->sp */
	movq (%rsi), %rsp        /* next->sp */
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
.size ukarch_ctx_switch, . - ukarch_ctx_switch

/* A new context's first `ret` lands here: entry (r12) gets arg (r13). */
.globl __ukarch_ctx_entry
.type __ukarch_ctx_entry, @function
__ukarch_ctx_entry:
	movq %r13, %rdi
	callq *%r12
	ud2                      /* entry functions never return */
.size __ukarch_ctx_entry, . - __ukarch_ctx_entry

.section .note.GNU-stack, "", @progbits
