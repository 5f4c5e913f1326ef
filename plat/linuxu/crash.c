/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu: faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) go to the
 * library that takes them as signals (<uk/plat/trap.h>), or become crash
 * reports. The handlers run on their own stack so a stack overflow is
 * reported too. After the report the process dies of the same signal.
 *
 * A library's handler runs inside the host's signal handler, on that
 * stack (32 KiB), with the host signal unblocked again (a fault in the
 * handler is another signal, a siglongjmp out leaves nothing blocked);
 * when it returns, the host's sigreturn restores every register and the
 * faulting instruction runs again.
 */
#include <uk/assert.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
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

static const struct ukplat_trap_handler *handler;

void ukplat_trap_handler_set(const struct ukplat_trap_handler *h)
{
	handler = h;
}

const struct ukplat_trap_handler *ukplat_trap_handler_get(void)
{
	return handler;
}

/*
 * The fault goes to the library's handler if the code ran with
 * interrupts enabled (not a critical section of the kernel).
 */
static int to_handler(int sig, const struct linux_siginfo *si,
		      const struct __regs *regs)
{
	struct ukplat_trap t = {
		.signo = sig, .code = si->si_code, .addr = si->si_addr,
		.pc = (void *)ukarch_regs_pc(regs),
	};
	unsigned long unblock = 1UL << (sig - 1);

	if (!handler || ukplat_lcpu_irqs_disabled() || !handler->wants(&t))
		return 0;
	linuxu_syscall4(__NR_rt_sigprocmask, LINUX_SIG_UNBLOCK,
			(long)&unblock, 0, 8);
	handler->deliver(&t);
	return 1;
}

static void crash_handler(int sig, struct linux_siginfo *si, void *uc)
{
	struct __regs regs;

#if defined(__x86_64__)
	/* The kernel keeps EFLAGS.AC for the handler: with alignment checks
	 * still on (an #AC, SIGBUS, for instance), reporting would fault. */
	__asm__ __volatile__("pushfq; andl $~0x40000, (%%rsp); popfq" ::: "cc");
#endif
	if (crashing) /* crashed while reporting: just die */
		linuxu_die_of_signal(sig);
	linuxu_ucontext_regs(uc, &regs);
	if (to_handler(sig, si, &regs))
		return;
	crashing = 1;
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
