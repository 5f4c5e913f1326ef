/* SPDX-License-Identifier: BSD-3-Clause */
/* The one process: ids, limits, yielding (signals: signal.c). */
#include <uk/syscall.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/bootstrap.h>
#include <uk/signal.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif
#include <unistd.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <errno.h>

#define PID 1

UK_SYSCALL_R_DEFINE(pid_t, getpid)
{
	return PID;
}

UK_SYSCALL_R_DEFINE(pid_t, getppid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(pid_t, gettid)
{
	return PID;
}

UK_SYSCALL_R_DEFINE_RAW(exit, int, status)
{
	exit(status);
}

UK_SYSCALL_R_DEFINE_RAW(exit_group, int, status)
{
	exit(status);
}

/* As many descriptors as the fd table has slots. */
#ifdef CONFIG_LIBPOSIX_FDTAB_MAX
#define FDS_MAX CONFIG_LIBPOSIX_FDTAB_MAX
#else
#define FDS_MAX 3 /* no table: only the console's 0, 1 and 2 */
#endif

/*
 * Resource limits: what we report, and what setrlimit may lower (only
 * reported, nothing enforces a lowered limit).
 */
static struct rlimit limits[RLIMIT_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { 8 << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, 0 },
	[RLIMIT_NOFILE] = { FDS_MAX, FDS_MAX },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
};

UK_SYSCALL_R_DEFINE(int, getrlimit, int, res, struct rlimit *, rl)
{
	if (res < 0 || res >= RLIMIT_NLIMITS)
		return -EINVAL;
	*rl = limits[res];
	return 0;
}

int setrlimit(int res, const struct rlimit *rl)
{
	if (res < 0 || res >= RLIMIT_NLIMITS || rl->rlim_cur > rl->rlim_max) {
		errno = EINVAL;
		return -1;
	}
	if (rl->rlim_max > limits[res].rlim_max) {
		errno = EPERM;
		return -1;
	}
	limits[res] = *rl;
	return 0;
}

/* Other threads run first; without a scheduler there are none. */
UK_SYSCALL_R_DEFINE(int, sched_yield)
{
#ifdef CONFIG_LIBUKSCHED
	uk_sched_yield(); /* returns at once before the scheduler starts */
#endif
	uk_signal_deliver(); /* a safe point, as when the thread next runs */
	return 0;
}

UK_SYSCALL_R_DEFINE(pid_t, fork)
{
	return uk_syscall_enosys("fork");
}

int vfork(void)
{
	return (int)uk_syscall_ret(uk_syscall_enosys("vfork"));
}

UK_SYSCALL_R_DEFINE(int, execve, const char *, path, char *const *, argv,
		    char *const *, envp)
{
	(void)path, (void)argv, (void)envp;
	return uk_syscall_enosys("execve");
}

UK_SYSCALL_R_DEFINE(pid_t, wait4, pid_t, pid, int *, status, int, options,
		    void *, ru)
{
	(void)pid, (void)status, (void)options, (void)ru;
	return -ECHILD; /* we never have children */
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}
