/* SPDX-License-Identifier: BSD-3-Clause */
/* Linux signal ABI pieces the linuxu platform uses (same on x86_64 and arm64). */
#ifndef LINUXU_SIGNAL_H
#define LINUXU_SIGNAL_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

#define LINUX_SIGILL 4
#define LINUX_SIGTRAP 5
#define LINUX_SIGABRT 6
#define LINUX_SIGBUS 7
#define LINUX_SIGFPE 8
#define LINUX_SIGSEGV 11
#define LINUX_SIGPIPE 13
#define LINUX_SIGALRM 14

#define LINUX_SA_SIGINFO 0x00000004
#define LINUX_SA_ONSTACK 0x08000000
#define LINUX_SA_RESTORER 0x04000000
#define LINUX_SA_RESTART 0x10000000
#define LINUX_SIG_DFL ((void *)0)
#define LINUX_SIG_IGN ((void *)1)
#define LINUX_SIG_UNBLOCK 1

struct linux_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

struct linux_stack {
	void *ss_sp;
	int ss_flags;
	__sz ss_size;
};

struct linux_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad;
	void *si_addr; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
	char __rest[128 - 24];
};

/* Returns from a signal handler (x86_64 needs it as SA_RESTORER). */
void linuxu_sigreturn(void);

/* Copy the interrupted context's registers out of a signal's ucontext. */
void linuxu_ucontext_regs(const void *ucontext, struct __regs *regs);

/* Install the crash handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP). */
void linuxu_crash_init(void);

/* Install handler for sig. Returns 0 or a negative errno. */
int linuxu_set_signal(int sig, void *handler, unsigned long flags);

#endif
