/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu entry on arm64: the kernel jumps here with sp pointing at argc,
 * then argv[], NULL, envp[].
 */
	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0              /* outermost frame: backtraces stop here */
	mov x30, #0
	mov x0, sp               /* linuxu_start(sp) */
	and x1, x0, #~15
	mov sp, x1
	bl linuxu_start
	udf #0
	.size _start, . - _start

/* Signal handlers return here (SA_RESTORER). */
	.globl linuxu_sigreturn
	.type linuxu_sigreturn, %function
linuxu_sigreturn:
	mov x8, #139             /* rt_sigreturn */
	svc #0
	udf #0
	.size linuxu_sigreturn, . - linuxu_sigreturn

	.section .note.GNU-stack, "", %progbits
