/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * long xen_hypercall(op, a0, a1, a2, a3, a4): the arm64 hypercall ABI
 * (Xen's public arch-arm.h): number in x16, arguments in x0-x4,
 * "hvc #0xEA1", result in x0. Xen may clobber x16 and the argument
 * registers, all of them caller-saved in the procedure call standard.
 * The HVC goes into the kvm_fixup table (plat/kvm/arm64/traps.c): on a
 * machine without Xen, where it is undefined, it is skipped and the call
 * returns -1 instead of crashing (the crash report would print through
 * it again).
 */
#include <xen/hypercall.h>

	.text
	.globl xen_hypercall
	.type xen_hypercall, %function
xen_hypercall:
	mov x16, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
1:	hvc #XEN_HYPERCALL_TAG
	ret
	.pushsection kvm_fixup, "a"
	.p2align 3
	.quad 1b
	.popsection
	.size xen_hypercall, . - xen_hypercall

	.section .note.GNU-stack, "", %progbits
