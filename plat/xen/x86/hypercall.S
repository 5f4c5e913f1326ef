/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x86_64 hypercall layer. Xen fills a guest page with one 32-byte
 * call stub per hypercall (VMCALL or VMMCALL, whichever the CPU has)
 * when the guest writes the page's address to the MSR CPUID leaf base+2
 * names (setup.c). Until then, and on a machine without Xen, every stub
 * here returns -ENOSYS (-38), so a hypercall made too early or without
 * Xen fails with a number instead of an undefined instruction.
 *
 * long xen_hypercall(op, a0, a1, a2, a3, a4): op in %rdi, arguments in
 * %rsi, %rdx, %rcx, %r8, %r9 (System V); Xen's 64-bit hypercall ABI
 * wants them in %rdi, %rsi, %rdx, %r10, %r8 and returns in %rax. It may
 * clobber the argument registers and %rcx, %r11, all caller-saved.
 */
#define ENOSYS 38
#define STUBS 128

	.section .text.xen_hypercall_page, "ax", @progbits
	.p2align 12
	.globl xen_hypercall_page
xen_hypercall_page:
	.rept STUBS
	.p2align 5, 0xcc
	movq $-ENOSYS, %rax
	ret
	.endr
	.p2align 12, 0xcc
	.size xen_hypercall_page, 4096

	/* Where the stubs are: the page above (tests point it elsewhere). */
	.data
	.p2align 3
	.globl xen_hypercall_stubs
xen_hypercall_stubs:
	.quad xen_hypercall_page

	.text
	.globl xen_hypercall
	.type xen_hypercall, @function
xen_hypercall:
	cmpq $STUBS, %rdi
	jae 1f
	movq %rdi, %rax
	shlq $5, %rax
	movq xen_hypercall_stubs(%rip), %r11
	addq %rax, %r11
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	jmp *%r11       /* the stub returns to our caller */
1:	movq $-ENOSYS, %rax
	ret
	.size xen_hypercall, . - xen_hypercall

	.section .note.GNU-stack, "", @progbits
