/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <sched.h>, plus sched_yield (posix-process) for images without
 * threads: newlib declares it only with _POSIX_THREADS or
 * _POSIX_PRIORITY_SCHEDULING (no scheduling policies here).
 */
#include_next <sched.h>

#ifndef _TESSERA_SCHED_H
#define _TESSERA_SCHED_H

#if !defined(_POSIX_THREADS) && !defined(_POSIX_PRIORITY_SCHEDULING)
#ifdef __cplusplus
extern "C" {
#endif
int sched_yield(void);
#ifdef __cplusplus
}
#endif
#endif

#endif
