/* SPDX-License-Identifier: BSD-3-Clause */
/* sysconf: the few values programs ask for. */
#include <unistd.h>
#include <limits.h>
#include <errno.h>
#include <time.h>
#include <sys/resource.h>

long sysconf(int name)
{
	struct rlimit rl;

	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return 100;
	case _SC_OPEN_MAX:
		/* as on Linux: the soft limit of RLIMIT_NOFILE */
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		return (long)rl.rlim_cur;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_ARG_MAX:
		return 4096;
	case _SC_CHILD_MAX:
		return 1;
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return 1024;
	case _SC_MONOTONIC_CLOCK:
	case _SC_TIMERS:
	case _SC_THREADS:
		return 200809L;
	default:
		errno = EINVAL;
		return -1;
	}
}
