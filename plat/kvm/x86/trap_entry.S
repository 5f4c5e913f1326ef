/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exception and interrupt entry stubs. Each pushes an error code (the
 * CPU's, or 0) and its vector, then the general registers, so the stack
 * holds a struct __regs (uk/arch/regs.h). Exceptions go to kvm_x86_trap,
 * which returns only after pointing the frame at kvm_x86_trap_tramp (a
 * signal handler takes the exception, kvm/trap.h). Interrupts also save the extended state (x87, SSE,
 * AVX: handlers are compiled C that may use vector registers) and return
 * with iretq.
 */
#include <uk/arch/regs.h>
#include <kvm/x86/traps.h>

.macro SAVE_REGS
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro RESTORE_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
.endm

/* Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30 (bit mask). */
#define ERRCODE_VECTORS 0x60227d00
.macro EXC vec
	.p2align 4
	.if ((ERRCODE_VECTORS >> \vec) & 1) == 0
	pushq $0
	.endif
	pushq $\vec
	jmp exc_common
.endm

.macro IRQ vec
	.p2align 4
	pushq $0
	pushq $\vec
	jmp irq_common
.endm

/*
 * The stubs are 16 bytes apart (each is at most 2 + 5 + 5 bytes, aligned
 * to 16): stub i of a table is at table + 16 * i.
 * kvm_x86_irq_stubs: the 16 lines, then the timer, then spurious.
 */
	.text
	.p2align 4
	.globl kvm_x86_exc_stubs, kvm_x86_irq_stubs
kvm_x86_exc_stubs:
	.altmacro
	.set vec, 0
	.rept 32
	EXC %vec
	.set vec, vec + 1
	.endr

	.p2align 4
kvm_x86_irq_stubs:
	.set vec, KVM_VEC_IRQ_BASE
	.rept KVM_IRQ_LINES
	IRQ %vec
	.set vec, vec + 1
	.endr
	IRQ %KVM_VEC_TIMER
	IRQ %KVM_VEC_SPURIOUS
	.noaltmacro

/*
 * Call fn(rdi = the frame at rsp) with the vector registers saved below
 * the frame (XSAVE or FXSAVE, 64-byte aligned) and restored after: what an
 * interrupt and a trap's signal handler may change. rbx keeps the frame.
 */
.macro CALL_FPU_SAVED fn
	movq %rsp, %rbx
	subq kvm_x86_fpu_size(%rip), %rsp
	andq $-64, %rsp
	cmpl $0, kvm_x86_fpu_xsave(%rip)
	je 1f
	/* XRSTOR faults on a header with stray bits: clear it first. */
	xorl %eax, %eax
	.set off, 512
	.rept 8
	movq %rax, off(%rsp)
	.set off, off + 8
	.endr
	movl $-1, %eax
	movl $-1, %edx
	xsave (%rsp)
	jmp 2f
1:	fxsave (%rsp)
2:	movq %rbx, %rdi
	call \fn
	cmpl $0, kvm_x86_fpu_xsave(%rip)
	je 3f
	movl $-1, %eax
	movl $-1, %edx
	xrstor (%rsp)
	jmp 4f
3:	fxrstor (%rsp)
4:	movq %rbx, %rsp
.endm

exc_common:
	SAVE_REGS
	movq %rsp, %rdi
	/* The frame is 16-byte aligned: the CPU aligns before pushing. */
	call kvm_x86_trap
	RESTORE_REGS                  /* to kvm_x86_trap_tramp */
	addq $16, %rsp
	iretq

irq_common:
	SAVE_REGS
	cld
	CALL_FPU_SAVED kvm_x86_irq
	RESTORE_REGS
	addq $16, %rsp                /* vector and error code */
	iretq

/*
 * A signal handler for a CPU exception, on the thread's stack; rsp points
 * at the struct kvm_trap_frame (the exception's registers). If the
 * handler returns, everything comes back, vector registers included, and
 * the faulting instruction runs again.
 */
	.globl kvm_x86_trap_tramp
kvm_x86_trap_tramp:
	CALL_FPU_SAVED kvm_trap_deliver
	RESTORE_REGS
	addq $16, %rsp
	iretq

	.section .note.GNU-stack, "", @progbits
