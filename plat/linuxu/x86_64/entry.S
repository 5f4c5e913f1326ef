/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu entry on x86_64: the kernel jumps here with argc/argv/envp on the stack. */
.text
.globl _start
.type _start, @function
_start:
	xorl %ebp, %ebp          /* outermost frame: backtraces stop here */
	movq %rsp, %rdi          /* linuxu_start(sp) */
	andq $-16, %rsp
	call linuxu_start
	ud2
.size _start, . - _start

.globl linuxu_sigreturn
.type linuxu_sigreturn, @function
linuxu_sigreturn:
	movl $15, %eax           /* rt_sigreturn */
	syscall
	ud2
.size linuxu_sigreturn, . - linuxu_sigreturn

.section .note.GNU-stack, "", @progbits
