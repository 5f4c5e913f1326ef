/* SPDX-License-Identifier: BSD-3-Clause */
/* Registers of the interrupted context from an x86_64 Linux ucontext. */
#include <linuxu/signal.h>

/* struct ucontext: flags, link, stack (24 bytes), then mcontext.gregs[23]. */
#define GREGS_OFFSET 40
enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX,
       RCX, RSP, RIP, EFL, CSGSFS, ERR, TRAPNO };

void linuxu_ucontext_regs(const void *ucontext, struct __regs *r)
{
	const unsigned long *g =
		(const unsigned long *)((const char *)ucontext + GREGS_OFFSET);

	r->r8 = g[R8], r->r9 = g[R9], r->r10 = g[R10], r->r11 = g[R11];
	r->r12 = g[R12], r->r13 = g[R13], r->r14 = g[R14], r->r15 = g[R15];
	r->rdi = g[RDI], r->rsi = g[RSI], r->rbp = g[RBP], r->rbx = g[RBX];
	r->rdx = g[RDX], r->rax = g[RAX], r->rcx = g[RCX], r->rsp = g[RSP];
	r->rip = g[RIP], r->rflags = g[EFL];
	r->vector = g[TRAPNO], r->error_code = g[ERR];
	r->cs = g[CSGSFS] & 0xffff, r->ss = 0;
}
