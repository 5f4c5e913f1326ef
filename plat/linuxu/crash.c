/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu: faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) become crash
 * reports. The handlers run on their own stack so a stack overflow is
 * reported too. After the report the process dies of the same signal.
 */
#include <uk/assert.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <linuxu/setup.h>
#include <linuxu/signal.h>
#include <linuxu/syscall.h>

#define ALTSTACK_SIZE (32 * 1024)
static char altstack[ALTSTACK_SIZE] __align(16);
static volatile int crashing;

int linuxu_set_signal(int sig, void *handler, unsigned long flags)
{
	struct linux_sigaction sa = {
		.handler = handler,
		.flags = flags | LINUX_SA_RESTORER,
		.restorer = linuxu_sigreturn,
		.mask = 0,
	};

	return (int)linuxu_syscall4(__NR_rt_sigaction, sig, (long)&sa, 0, 8);
}

static const char *describe(int sig, int code)
{
	switch (sig) {
	case LINUX_SIGSEGV:
		return code == 2 ? "SIGSEGV (page protection violated)"
				 : "SIGSEGV (address not mapped)";
	case LINUX_SIGBUS:
		return "SIGBUS (bus error)";
	case LINUX_SIGILL:
		return "SIGILL (illegal instruction)";
	case LINUX_SIGFPE:
		return code == 1 ? "SIGFPE (integer divide by zero)"
		     : code == 2 ? "SIGFPE (integer overflow)"
				 : "SIGFPE (arithmetic exception)";
	case LINUX_SIGTRAP:
		return "SIGTRAP (breakpoint or trap)";
	}
	return "unknown signal";
}

static void crash_handler(int sig, struct linux_siginfo *si, void *uc)
{
	struct __regs regs;

#if defined(__x86_64__)
	/* The kernel keeps EFLAGS.AC for the handler: with alignment checks
	 * still on (an #AC, SIGBUS, for instance), reporting would fault. */
	__asm__ __volatile__("pushfq; andl $~0x40000, (%%rsp); popfq" ::: "cc");
#endif
	if (crashing++) /* crashed while reporting: just die */
		linuxu_die_of_signal(sig);
	linuxu_ucontext_regs(uc, &regs);
	uk_pr_raw("\nCRASH: %s at address %p\n", describe(sig, si->si_code),
		  si->si_addr);
	uk_crash_print_regs(&regs);
	linuxu_die_of_signal(sig);
}

void linuxu_crash_init(void)
{
	static const int sigs[] = { LINUX_SIGSEGV, LINUX_SIGBUS, LINUX_SIGILL,
				    LINUX_SIGFPE, LINUX_SIGTRAP };
	struct linux_stack ss = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE };

	linuxu_syscall2(__NR_sigaltstack, (long)&ss, 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(sigs); i++)
		linuxu_set_signal(sigs[i], crash_handler,
				  LINUX_SA_SIGINFO | LINUX_SA_ONSTACK);
}
