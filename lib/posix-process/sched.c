/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduling attributes of the one process: its nice value, and its CPU
 * affinity (it runs on CPU 0, the only one).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/resource.h>
#include <errno.h>
#include <unistd.h>

static int check(pid_t pid, size_t size)
{
	if (pid != 0 && pid != getpid()) {
		errno = ESRCH;
		return -1;
	}
	if (size < sizeof(unsigned long)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int __sched_cpucount(size_t size, const cpu_set_t *set)
{
	int n = 0;

	for (size_t i = 0; i < size / sizeof(unsigned long); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}

/* A set without CPU 0 names no CPU the process could run on. */
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
	if (check(pid, size) < 0)
		return -1;
	if (!(set->__bits[0] & 1ul)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	if (check(pid, size) < 0)
		return -1;
	__builtin_memset(set, 0, size < sizeof(*set) ? size : sizeof(*set));
	set->__bits[0] = 1ul;
	return 0;
}

int sched_getcpu(void)
{
	return 0;
}

static int nice_value;

/* who 0 (or our pid for PRIO_PROCESS) is the process; nobody else exists. */
static int prio_target(int which, id_t who)
{
	switch (which) {
	case PRIO_PROCESS:
		return who == 0 || who == (id_t)getpid() ? 0 : -ESRCH;
	case PRIO_PGRP:
	case PRIO_USER:
		return who == 0 ? 0 : -ESRCH;
	default:
		return -EINVAL;
	}
}

int getpriority(int which, id_t who)
{
	int r = prio_target(which, who);

	if (r < 0) {
		errno = -r;
		return -1;
	}
	return nice_value;
}

/* Linux's range, -20 to 19; values beyond are clamped. */
int setpriority(int which, id_t who, int prio)
{
	int r = prio_target(which, who);

	if (r < 0) {
		errno = -r;
		return -1;
	}
	nice_value = prio < -20 ? -20 : prio > 19 ? 19 : prio;
	return 0;
}
