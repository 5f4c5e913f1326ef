/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The registers of an interrupted context, as trap entry code (kvm) and the
 * linuxu signal handler hand them to crash reporting.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

#ifndef __ASSEMBLY__
struct __regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10;
	unsigned long r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long vector, error_code; /* trap number, CPU error code */
	/* pushed by the CPU on an exception */
	unsigned long rip, cs, rflags, rsp, ss;
};

/* X(name) for each register a crash report prints, in print order. */
#define UKARCH_REGS_FOREACH(X)                                                 \
	X(rip) X(rsp) X(rbp) X(rflags) X(rax) X(rbx) X(rcx) X(rdx) X(rsi)      \
	X(rdi) X(r8) X(r9) X(r10) X(r11) X(r12) X(r13) X(r14) X(r15)

#define ukarch_regs_pc(r) ((r)->rip)
#define ukarch_regs_sp(r) ((r)->rsp)
#define ukarch_regs_fp(r) ((r)->rbp)
#endif

#define __REGS_SIZEOF (22 * 8)
#define __REGS_OFFSETOF_VECTOR (15 * 8)
#define __REGS_OFFSETOF_RIP (17 * 8)

#endif
