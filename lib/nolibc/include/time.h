/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _NOLIBC_TIME_H
#define _NOLIBC_TIME_H

#include <sys/types.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

/* Seconds since the epoch; stored in *t too if t is not NULL. */
time_t time(time_t *t);
/* CLOCK_REALTIME or CLOCK_MONOTONIC; -1 and errno EINVAL for others. */
int clock_gettime(clockid_t clk, struct timespec *ts);
/* Sleeps (other threads run meanwhile); EINVAL for a malformed request. */
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
