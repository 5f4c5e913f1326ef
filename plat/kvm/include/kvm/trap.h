/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU exceptions handed to a library (<uk/plat/trap.h>), both
 * architectures. The exception handler copies the exception frame onto
 * the interrupted thread's stack as a struct kvm_trap_frame and returns
 * into the architecture's trampoline there (kvm_x86_trap_tramp,
 * kvm_arm64_trap_tramp), which saves the vector registers, calls
 * kvm_trap_deliver(frame) and, if that returns, restores every register
 * from the frame and resumes the faulting instruction.
 */
#ifndef KVM_TRAP_H
#define KVM_TRAP_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>
#include <uk/plat/trap.h>

struct kvm_trap_frame {
	struct __regs regs; /* first: the trampolines restore from here */
	struct ukplat_trap trap;
} __align(16);

/*
 * Exception context: if a library takes trap t, and the stack below sp
 * (skipping skip bytes, the red zone; and below the exception handler's
 * own frames when it runs on that stack) is mapped, fill a frame there
 * from regs and t and return it; else NULL (then: the crash report).
 */
struct kvm_trap_frame *kvm_trap_frame_make(const struct __regs *regs,
					   const struct ukplat_trap *t,
					   unsigned long sp, unsigned long skip);

/* The trampoline: run the library's handler for frame f. */
void kvm_trap_deliver(struct kvm_trap_frame *f);

#endif
