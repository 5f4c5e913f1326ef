/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exception vectors. The kernel runs at EL1 on SP_EL0 ("EL1t"), so its
 * exceptions arrive at the "current EL with SP_EL0" entries, on SP_EL1:
 *
 *  - synchronous exceptions (aborts, undefined instructions, BRK ...)
 *    stay on SP_EL1, the exception stack: a fault on an overflowed
 *    stack is still reported. The frame is a struct __regs
 *    (uk/arch/regs.h); kvm_arm64_sync reports and stops, or returns
 *    for a probing instruction it fixed up (then the frame is reloaded);
 *  - IRQs switch to SP_EL0, the interrupted thread's stack, so that a
 *    handler may switch threads; they save x0-x30, ELR, SPSR and the
 *    FP/SIMD registers (handlers are compiled C that may use them);
 *  - FIQ, SError and everything from the "SP_ELx" and lower-EL entries
 *    is unexpected: reported like a synchronous exception.
 */
#include <uk/arch/regs.h>
#include <uk/arch/ectx.h>

#define FRAME __REGS_SIZEOF          /* 288: a multiple of 16 */
#define FPFRAME UKARCH_ECTX_SIZE     /* q0-q31, fpsr, fpcr */

#define KIND_SYNC 0
#define KIND_IRQ 1
#define KIND_FIQ 2
#define KIND_SERROR 3

.macro SAVE_GPRS
	stp x0, x1, [sp, #0]
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x19, [sp, #144]
	stp x20, x21, [sp, #160]
	stp x22, x23, [sp, #176]
	stp x24, x25, [sp, #192]
	stp x26, x27, [sp, #208]
	stp x28, x29, [sp, #224]
	str x30, [sp, #240]
.endm

.macro RESTORE_GPRS
	ldp x0, x1, [sp, #0]
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x16, x17, [sp, #128]
	ldp x18, x19, [sp, #144]
	ldp x20, x21, [sp, #160]
	ldp x22, x23, [sp, #176]
	ldp x24, x25, [sp, #192]
	ldp x26, x27, [sp, #208]
	ldp x28, x29, [sp, #224]
	ldr x30, [sp, #240]
.endm

/* A vector entry: 128 bytes, branching out to the real code. */
.macro VENTRY target
	.p2align 7
	b \target
.endm

	.text
	.p2align 11
	.globl kvm_arm64_vectors
kvm_arm64_vectors:
	/* Current EL with SP_EL0: the kernel's own exceptions. */
	VENTRY sync_el1t
	VENTRY irq_el1t
	VENTRY fiq_any
	VENTRY serror_any
	/* Current EL with SP_ELx: while reporting, or before the switch. */
	VENTRY sync_el1h
	VENTRY irq_el1h
	VENTRY fiq_any
	VENTRY serror_any
	/* Lower EL, AArch64 and AArch32: nothing runs there. */
	VENTRY sync_el1h
	VENTRY irq_el1h
	VENTRY fiq_any
	VENTRY serror_any
	VENTRY sync_el1h
	VENTRY irq_el1h
	VENTRY fiq_any
	VENTRY serror_any

/*
 * A frame on the current stack, interrupted sp from SP_EL0 (el1t) or
 * computed (el1h); then kvm_arm64_sync(regs, kind).
 */
.macro SYNC_FRAME from_sp_el0, kind
	sub sp, sp, #FRAME
	SAVE_GPRS
	.if \from_sp_el0
	mrs x0, sp_el0
	.else
	add x0, sp, #FRAME
	.endif
	str x0, [sp, #__REGS_OFFSETOF_SP]
	mrs x0, elr_el1
	mrs x1, spsr_el1
	stp x0, x1, [sp, #__REGS_OFFSETOF_PC]
	mrs x0, esr_el1
	mrs x1, far_el1
	stp x0, x1, [sp, #__REGS_OFFSETOF_ESR]
	mov x0, sp
	mov x1, #\kind
	bl kvm_arm64_sync
	/* Returned: a fixed-up probe. Continue where the frame says. */
	ldp x0, x1, [sp, #__REGS_OFFSETOF_PC]
	msr elr_el1, x0
	msr spsr_el1, x1
	RESTORE_GPRS
	add sp, sp, #FRAME
	eret
.endm

sync_el1t:
	SYNC_FRAME 1, KIND_SYNC
sync_el1h:
	SYNC_FRAME 0, KIND_SYNC
fiq_any:
	SYNC_FRAME 0, KIND_FIQ
serror_any:
	SYNC_FRAME 0, KIND_SERROR
irq_el1h:
	SYNC_FRAME 0, KIND_IRQ

irq_el1t:
	msr spsel, #0                 /* onto the interrupted stack */
	sub sp, sp, #(FRAME + FPFRAME)
	SAVE_GPRS
	add x0, sp, #(FRAME + FPFRAME)
	str x0, [sp, #__REGS_OFFSETOF_SP]
	mrs x0, elr_el1
	mrs x1, spsr_el1
	stp x0, x1, [sp, #__REGS_OFFSETOF_PC]
	stp xzr, xzr, [sp, #__REGS_OFFSETOF_ESR]
	add x0, sp, #FRAME
	UKARCH_ECTX_SAVE x0, x1, x2
	mov x0, sp
	bl kvm_arm64_irq
	add x0, sp, #FRAME
	UKARCH_ECTX_RESTORE x0, x1, x2
	ldp x0, x1, [sp, #__REGS_OFFSETOF_PC]
	msr elr_el1, x0
	msr spsr_el1, x1
	RESTORE_GPRS
	add sp, sp, #(FRAME + FPFRAME)
	eret

/*
 * A signal handler for a CPU exception, on the thread's stack (SP_EL0),
 * sp at the struct kvm_trap_frame (kvm/trap.h). If the handler returns,
 * every register comes back, FP/SIMD ones included, and the faulting
 * instruction runs again (an eret, with IRQs masked from the reload on).
 */
	.globl kvm_arm64_trap_tramp
kvm_arm64_trap_tramp:
	mov x19, sp
	sub sp, sp, #FPFRAME
	mov x0, sp
	UKARCH_ECTX_SAVE x0, x1, x2
	mov x0, x19
	bl kvm_trap_deliver
	mov x0, sp
	UKARCH_ECTX_RESTORE x0, x1, x2
	mov x0, x19
	msr daifset, #0xf
	ldp x1, x2, [x0, #__REGS_OFFSETOF_PC]
	msr elr_el1, x1
	msr spsr_el1, x2
	ldr x1, [x0, #__REGS_OFFSETOF_SP]
	mov sp, x1
	ldp x2, x3, [x0, #16]
	ldp x4, x5, [x0, #32]
	ldp x6, x7, [x0, #48]
	ldp x8, x9, [x0, #64]
	ldp x10, x11, [x0, #80]
	ldp x12, x13, [x0, #96]
	ldp x14, x15, [x0, #112]
	ldp x16, x17, [x0, #128]
	ldp x18, x19, [x0, #144]
	ldp x20, x21, [x0, #160]
	ldp x22, x23, [x0, #176]
	ldp x24, x25, [x0, #192]
	ldp x26, x27, [x0, #208]
	ldp x28, x29, [x0, #224]
	ldr x30, [x0, #240]
	ldp x0, x1, [x0, #0]
	eret

	.section .note.GNU-stack, "", %progbits
