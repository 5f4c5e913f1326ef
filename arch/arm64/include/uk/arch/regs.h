/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The registers of an interrupted context, as exception entry code (kvm)
 * and the linuxu signal handler hand them to crash reporting.
 */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

#ifndef __ASSEMBLY__
struct __regs {
	unsigned long x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12;
	unsigned long x13, x14, x15, x16, x17, x18, x19, x20, x21, x22, x23;
	unsigned long x24, x25, x26, x27, x28, x29, x30;
	unsigned long sp;     /* the stack pointer of the interrupted code */
	unsigned long pc;     /* ELR: where it was interrupted */
	unsigned long pstate; /* SPSR: its PSTATE */
	unsigned long esr;    /* exception syndrome (0 if not known) */
	unsigned long far;    /* fault address (0 if not known) */
};

/* X(name) for each register a crash report prints, in print order. */
#define UKARCH_REGS_FOREACH(X)                                                 \
	X(pc) X(sp) X(pstate) X(esr) X(far) X(x29) X(x30) X(x0) X(x1) X(x2)  \
	X(x3) X(x4) X(x5) X(x6) X(x7) X(x8) X(x9) X(x10) X(x11) X(x12)       \
	X(x13) X(x14) X(x15) X(x16) X(x17) X(x18) X(x19) X(x20) X(x21)       \
	X(x22) X(x23) X(x24) X(x25) X(x26) X(x27) X(x28)

#define ukarch_regs_pc(r) ((r)->pc)
#define ukarch_regs_sp(r) ((r)->sp)
#define ukarch_regs_fp(r) ((r)->x29)
#endif

#define __REGS_SIZEOF (36 * 8)
#define __REGS_OFFSETOF_X29 (29 * 8)
#define __REGS_OFFSETOF_SP (31 * 8)
#define __REGS_OFFSETOF_PC (32 * 8)
#define __REGS_OFFSETOF_PSTATE (33 * 8)
#define __REGS_OFFSETOF_ESR (34 * 8)
#define __REGS_OFFSETOF_FAR (35 * 8)

#endif
