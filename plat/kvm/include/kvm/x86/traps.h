/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm x86_64 interrupt descriptor table, task state segment, exception
 * reports and interrupt dispatch.
 *
 * Vectors: 0-31 CPU exceptions (a signal's handler where a library takes
 * them, <uk/plat/trap.h>; else fatal: crash report, crash status);
 * 32-47 the 16 legacy interrupt lines (8259 PIC); KVM_VEC_TIMER the local
 * APIC timer; KVM_VEC_SPURIOUS the local APIC's spurious vector.
 */
#ifndef KVM_X86_TRAPS_H
#define KVM_X86_TRAPS_H

#define KVM_VEC_IRQ_BASE 32
#define KVM_IRQ_LINES 16
#define KVM_VEC_TIMER 0xef
#define KVM_VEC_SPURIOUS 0xff

#ifndef __ASSEMBLY__
#include <uk/essentials.h>
#include <uk/arch/regs.h>
#include <uk/plat/irq.h>

/* Load the IDT and the TSS (with the IST exception stacks). Boot only. */
void kvm_x86_traps_init(void);

/*
 * Entry code: an exception happened; report it and stop, or return with
 * regs pointing at the trampoline of a signal handler.
 */
void kvm_x86_trap(struct __regs *regs);

/* Entry code: interrupt regs->vector arrived (interrupts masked). */
void kvm_x86_irq(struct __regs *regs);

/*
 * Device lines (irqlines.c): add a handler to line (0, -EINVAL, -ENOMEM),
 * run a line's handlers (nonzero if one took it), warn once about a line
 * nobody took. kvm_x86_irq_line is the platform's: line's vector arrived.
 */
int kvm_x86_irq_add(unsigned long line, uk_irq_handler_t fn, void *arg);
int kvm_x86_irq_run(unsigned int line);
void kvm_x86_irq_unhandled(unsigned int line);
void kvm_x86_irq_line(unsigned int line);

/* Extended (FPU/SSE/AVX) state saved around interrupt handlers. */
extern unsigned long kvm_x86_fpu_size; /* bytes, 64-byte aligned */
extern int kvm_x86_fpu_xsave;          /* 1: xsave/xrstor, 0: fxsave */
#endif

#endif
