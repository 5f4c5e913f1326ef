/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getrusage: the image is the process and runs nothing else, so its user
 * time is the time since boot (the monotonic clock; idle time included,
 * which no scheduler here accounts for) and its system time 0. The other
 * fields (memory, faults, switches) are not known: 0.
 */
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include <sys/resource.h>
#include <string.h>
#include <errno.h>

UK_SYSCALL_R_DEFINE(int, getrusage, int, who, struct rusage *, ru)
{
	__nsec now;

	if (who != RUSAGE_SELF && who != RUSAGE_THREAD &&
	    who != RUSAGE_CHILDREN)
		return -EINVAL;
	if (!ru)
		return -EFAULT;
	memset(ru, 0, sizeof(*ru));
	if (who == RUSAGE_CHILDREN)
		return 0; /* there are none */
	now = ukplat_monotonic_clock();
	ru->ru_utime.tv_sec = (time_t)(now / 1000000000ULL);
	ru->ru_utime.tv_usec = (suseconds_t)(now % 1000000000ULL / 1000);
	return 0;
}
