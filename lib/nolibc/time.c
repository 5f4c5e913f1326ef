/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks from the platform. */
#include <time.h>
#include <sys/time.h>
#include <errno.h>
#include <uk/plat/time.h>

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	__nsec now;

	if (clk == CLOCK_REALTIME)
		now = ukplat_wall_clock();
	else if (clk == CLOCK_MONOTONIC)
		now = ukplat_monotonic_clock();
	else {
		errno = EINVAL;
		return -1;
	}
	ts->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
	ts->tv_nsec = (long)(now % UKPLAT_NSEC_PER_SEC);
	return 0;
}

time_t time(time_t *t)
{
	time_t now = (time_t)(ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC);

	if (t)
		*t = now;
	return now;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	__nsec now = ukplat_wall_clock();

	(void)tz;
	if (tv) {
		tv->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(now % UKPLAT_NSEC_PER_SEC / 1000);
	}
	return 0;
}
