/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The KVM probe guest for arm64 (QEMU virt): qemu-guest boots it under
 * KVM on an arm64 host before trusting KVM with a real image. It uses
 * what a Tessera image uses first: the FP/SIMD unit, the PL011 console
 * and PSCI. It prints PROBE_OK and powers off with PSCI SYSTEM_OFF
 * (QEMU exits 0). Semihosting does not work under KVM, so the console
 * line is the proof. Any other ending means KVM cannot run our guests.
 *
 * Built on demand by support/scripts/qemu-guest:
 *   gcc -c arm64.S && ld -N -s -Ttext=0x40080000 -e probe_entry
 */

#define PL011_DR	0x09000000
#define CPACR_FPEN	(3 << 20)
#define PSCI_SYSTEM_OFF	0x84000008

	.text
	.globl probe_entry
probe_entry:
	mrs x0, cpacr_el1
	orr x0, x0, #CPACR_FPEN
	msr cpacr_el1, x0
	isb
	mov x1, #0x2a2a
	fmov d0, x1
	add v0.2d, v0.2d, v0.2d
	fmov x1, d0
	mov x5, #0x5454
	cmp x1, x5
	b.ne 3f
	ldr x2, =PL011_DR
	adr x3, ok_msg
1:	ldrb w4, [x3], #1
	cbz w4, 2f
	strb w4, [x2]
	b 1b
2:	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
3:	wfi
	b 3b

ok_msg:
	.asciz "PROBE_OK\n"
