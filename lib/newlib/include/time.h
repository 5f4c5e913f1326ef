/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <time.h>, plus the System V names of what tzset sets, which
 * glibc declares for X/Open and GNU programs: `timezone` and `daylight`
 * are newlib's _timezone and _daylight under their POSIX names.
 */
#ifndef _TESSERA_TIME_H
#define _TESSERA_TIME_H

#include_next <time.h>

#if defined(_GNU_SOURCE) || defined(_XOPEN_SOURCE) || defined(_DEFAULT_SOURCE)
extern long timezone __asm__("_timezone");
extern int daylight __asm__("_daylight");
#endif

#endif
