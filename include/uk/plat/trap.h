/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU exceptions of running code, handed to a library (posix-process) as
 * the synchronous signals Linux would send: a page fault as SIGSEGV, an
 * integer division by zero as SIGFPE (x86_64; arm64 does not trap on
 * it), an undefined instruction as SIGILL, a misaligned access as SIGBUS.
 * Without a handler, or when the handler declines, an exception is the
 * platform's crash report, as before.
 */
#ifndef UK_PLAT_TRAP_H
#define UK_PLAT_TRAP_H

/* Signal numbers and si_code values: Linux's (the C library's too). */
#define UKPLAT_TRAP_SIGILL 4
#define UKPLAT_TRAP_SIGTRAP 5
#define UKPLAT_TRAP_SIGBUS 7
#define UKPLAT_TRAP_SIGFPE 8
#define UKPLAT_TRAP_SIGSEGV 11

#define UKPLAT_TRAP_ILL_ILLOPN 2
#define UKPLAT_TRAP_ILL_ILLOPC 1
#define UKPLAT_TRAP_FPE_INTDIV 1
#define UKPLAT_TRAP_FPE_FLTINV 7
#define UKPLAT_TRAP_SEGV_MAPERR 1
#define UKPLAT_TRAP_SEGV_ACCERR 2
#define UKPLAT_TRAP_BUS_ADRALN 1
#define UKPLAT_TRAP_TRAP_BRKPT 1
#define UKPLAT_TRAP_SI_KERNEL 0x80

/* What an exception was, in a signal's terms. */
struct ukplat_trap {
	int signo;  /* UKPLAT_TRAP_SIG* */
	int code;   /* si_code */
	void *addr; /* the faulting data address (SIGSEGV, SIGBUS), else pc */
	void *pc;   /* the faulting instruction */
};

struct ukplat_trap_handler {
	/*
	 * Exception context, interrupts masked, nothing may block: return 1
	 * to have deliver() run for this exception, 0 for the crash report.
	 */
	int (*wants)(const struct ukplat_trap *t);
	/*
	 * Thread context: on the interrupted thread's own stack (below what
	 * it used), with its interrupt state. If it returns, the interrupted
	 * code goes on at the faulting instruction with all its registers;
	 * it may also never return (siglongjmp out of a signal handler).
	 */
	void (*deliver)(const struct ukplat_trap *t);
};

/*
 * Hand the exceptions of running code to h (NULL: back to crash
 * reports). Not from interrupt context. Where the interrupted stack has
 * no room below it (a stack overflow), the crash report still comes.
 */
void ukplat_trap_handler_set(const struct ukplat_trap_handler *h);

/* The handler set last, or NULL. Any context. */
const struct ukplat_trap_handler *ukplat_trap_handler_get(void);

#endif
