/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The syscall instruction, taken in ring 0 (LSTAR points here, see
 * syscall.c): rax holds
 * the number, rdi rsi rdx r10 r8 r9 the arguments, rcx the return address,
 * r11 the flags. Linux's convention: everything but rax, rcx and r11 is
 * preserved, vector registers included. No stack switch (we already are
 * on the kernel's, i.e. the caller's, stack); FMASK leaves IF alone.
 *
 * Linux switches stacks, so the caller may keep data in the 128 bytes
 * below its rsp (the System V red zone) across the instruction: we step
 * over them before the first push and step back only after the last
 * stack access, with lea, which leaves the restored flags alone.
 */
#define RED_ZONE 128

	/* Its own section: images that never set a handler drop it (--gc-sections). */
	.section .text.kvm_x86_syscall_entry, "ax", @progbits
	.globl kvm_x86_syscall_entry
	.type kvm_x86_syscall_entry, @function
kvm_x86_syscall_entry:
	leaq -RED_ZONE(%rsp), %rsp
	pushq %rcx
	pushq %r11
	pushq %rbp
	movq %rsp, %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %r8
	pushq %r9
	pushq %r10
	andq $-16, %rsp
	subq $256, %rsp
	movdqa %xmm0, 0(%rsp)
	movdqa %xmm1, 16(%rsp)
	movdqa %xmm2, 32(%rsp)
	movdqa %xmm3, 48(%rsp)
	movdqa %xmm4, 64(%rsp)
	movdqa %xmm5, 80(%rsp)
	movdqa %xmm6, 96(%rsp)
	movdqa %xmm7, 112(%rsp)
	movdqa %xmm8, 128(%rsp)
	movdqa %xmm9, 144(%rsp)
	movdqa %xmm10, 160(%rsp)
	movdqa %xmm11, 176(%rsp)
	movdqa %xmm12, 192(%rsp)
	movdqa %xmm13, 208(%rsp)
	movdqa %xmm14, 224(%rsp)
	movdqa %xmm15, 240(%rsp)
	cld
	/* kvm_x86_syscall_handler(nr, a1, a2, a3, a4, a5, a6): a6 on the stack */
	subq $8, %rsp
	pushq %r9
	movq %r8, %r9
	movq %r10, %r8
	movq %rdx, %rcx
	movq %rsi, %rdx
	movq %rdi, %rsi
	movq %rax, %rdi
	call *kvm_x86_syscall_handler(%rip)
	addq $16, %rsp
	movdqa 0(%rsp), %xmm0
	movdqa 16(%rsp), %xmm1
	movdqa 32(%rsp), %xmm2
	movdqa 48(%rsp), %xmm3
	movdqa 64(%rsp), %xmm4
	movdqa 80(%rsp), %xmm5
	movdqa 96(%rsp), %xmm6
	movdqa 112(%rsp), %xmm7
	movdqa 128(%rsp), %xmm8
	movdqa 144(%rsp), %xmm9
	movdqa 160(%rsp), %xmm10
	movdqa 176(%rsp), %xmm11
	movdqa 192(%rsp), %xmm12
	movdqa 208(%rsp), %xmm13
	movdqa 224(%rsp), %xmm14
	movdqa 240(%rsp), %xmm15
	leaq -48(%rbp), %rsp
	popq %r10
	popq %r9
	popq %r8
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %r11
	popq %rcx
	/* back with the caller's flags, without sysret (which goes to ring 3) */
	pushq %r11
	popfq
	leaq RED_ZONE(%rsp), %rsp
	jmpq *%rcx
	.size kvm_x86_syscall_entry, . - kvm_x86_syscall_entry
	.section .note.GNU-stack, "", @progbits
