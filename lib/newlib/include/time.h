/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <time.h>, plus what it declares only under _POSIX_TIMERS and
 * _POSIX_THREAD_CPUTIME: the clocks and nanosleep (posix-time) exist
 * whether or not timer_create does, and CLOCK_THREAD_CPUTIME_ID reads
 * the time since boot (no CPU time is accounted per thread). And the
 * System V names of what tzset sets, which glibc declares for X/Open and
 * GNU programs: `timezone` and `daylight` are newlib's _timezone and
 * _daylight under their POSIX names.
 */
#include_next <time.h>

#ifndef _TESSERA_TIME_H
#define _TESSERA_TIME_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef _POSIX_TIMERS
int clock_settime(clockid_t clock_id, const struct timespec *tp);
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
#endif

#ifndef CLOCK_THREAD_CPUTIME_ID
#define CLOCK_THREAD_CPUTIME_ID ((clockid_t)3)
#endif

#if defined(_GNU_SOURCE) || defined(_XOPEN_SOURCE) || defined(_DEFAULT_SOURCE)
extern long timezone __asm__("_timezone");
extern int daylight __asm__("_daylight");
#endif

#ifdef __cplusplus
}
#endif

#endif
