/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu: leaving the process. */
#include <uk/plat/bootstrap.h>
#include <linuxu/setup.h>
#include <linuxu/signal.h>
#include <linuxu/syscall.h>

void ukplat_exit(int status)
{
	linuxu_exit_group(status & 0xff);
}

void linuxu_die_of_signal(int sig)
{
	struct linux_rlimit nocore = { 0, 0 };
	unsigned long unblock = 1UL << (sig - 1);

	linuxu_prlimit(LINUX_RLIMIT_CORE, &nocore);
	linuxu_set_signal(sig, LINUX_SIG_DFL, 0);
	linuxu_syscall4(__NR_rt_sigprocmask, LINUX_SIG_UNBLOCK, (long)&unblock,
			0, 8);
	linuxu_tgkill(linuxu_getpid(), linuxu_gettid(), sig);
	linuxu_exit_group(128 + sig); /* not reached */
}

void ukplat_terminate(enum ukplat_gstate request)
{
	static char self[] = "/proc/self/exe";

	switch (request) {
	case UKPLAT_HALT:
		linuxu_exit_group(0);
	case UKPLAT_RESTART: {
		/* Start over as a new process with the same arguments. */
		linuxu_execve(self, linuxu_argv, linuxu_envp);
		linuxu_exit_group(1);
	}
	case UKPLAT_CRASH:
	default:
		linuxu_die_of_signal(LINUX_SIGABRT);
	}
}
