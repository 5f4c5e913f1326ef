/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 exceptions: crash reports, probing instructions that may not
 * exist on this machine, interrupt dispatch.
 */
#ifndef KVM_ARM64_TRAPS_H
#define KVM_ARM64_TRAPS_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

/*
 * Vector code: a synchronous exception (kind 0), or an unexpected IRQ
 * (1), FIQ (2) or SError (3). Reports it and stops the machine with the
 * crash status; returns only after fixing up a probing instruction (see
 * below), with regs changed to continue after it.
 */
void kvm_arm64_sync(struct __regs *regs, int kind);

/* Vector code: an IRQ arrived (interrupts masked). */
void kvm_arm64_irq(struct __regs *regs);

/*
 * Probing instructions: semihosting (HLT #0xf000), HVC and SMC. Where
 * the machine does not implement them they are undefined; the exception
 * is then fixed up: the call returns -1 instead of crashing, and sets
 * kvm_arm64_probe_trapped (which callers clear before the call). Any
 * context.
 */
extern volatile int kvm_arm64_probe_trapped;
long kvm_arm64_semihost(long op, const void *arg);
long kvm_arm64_hvc(unsigned long fn, unsigned long a1, unsigned long a2,
		   unsigned long a3);
long kvm_arm64_smc(unsigned long fn, unsigned long a1, unsigned long a2,
		   unsigned long a3);

#endif
