/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Instructions that may trap as undefined on some machines: semihosting
 * calls, HVC and SMC (PSCI). Each one's address goes into the kvm_fixup
 * table; kvm_arm64_sync (traps.c) skips such an instruction when it
 * traps and returns -1 in x0.
 */
.macro FIXUP label
	.pushsection kvm_fixup, "a"
	.p2align 3
	.quad \label
	.popsection
.endm

	.text
/* long kvm_arm64_semihost(long op, const void *arg) */
	.globl kvm_arm64_semihost
	.type kvm_arm64_semihost, %function
kvm_arm64_semihost:
1:	hlt #0xf000
	ret
	FIXUP 1b
	.size kvm_arm64_semihost, . - kvm_arm64_semihost

/* long kvm_arm64_hvc(fn, a1, a2, a3): SMC Calling Convention, x0-x3 */
	.globl kvm_arm64_hvc
	.type kvm_arm64_hvc, %function
kvm_arm64_hvc:
1:	hvc #0
	ret
	FIXUP 1b
	.size kvm_arm64_hvc, . - kvm_arm64_hvc

	.globl kvm_arm64_smc
	.type kvm_arm64_smc, %function
kvm_arm64_smc:
1:	smc #0
	ret
	FIXUP 1b
	.size kvm_arm64_smc, . - kvm_arm64_smc

	.section .note.GNU-stack, "", %progbits
