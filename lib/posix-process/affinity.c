/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU affinity of the one process: it runs on CPU 0, the only one. */
#define _GNU_SOURCE
#include <sched.h>
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
