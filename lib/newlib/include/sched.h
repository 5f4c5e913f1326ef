/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's <sched.h>, plus sched_yield (posix-process) for images without
 * threads: newlib declares it only with _POSIX_THREADS or
 * _POSIX_PRIORITY_SCHEDULING (no scheduling policies here); and GNU's CPU
 * sets for sched_setaffinity and sched_getaffinity
 * (lib/posix-process/sched.c): an image runs on one CPU, CPU 0.
 */
#include_next <sched.h>

#ifndef _TESSERA_SCHED_H
#define _TESSERA_SCHED_H

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(_POSIX_THREADS) && !defined(_POSIX_PRIORITY_SCHEDULING)
int sched_yield(void);
#endif

#ifdef _GNU_SOURCE
#include <sys/types.h>

#define CPU_SETSIZE 1024

typedef struct {
	unsigned long __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;

#define __CPU_WORD(c) ((c) / (8 * sizeof(unsigned long)))
#define __CPU_BIT(c) (1ul << ((c) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(s) __builtin_memset((s), 0, sizeof(cpu_set_t))
#define CPU_SET(c, s)                                                         \
	((void)((c) < CPU_SETSIZE &&                                           \
		((s)->__bits[__CPU_WORD(c)] |= __CPU_BIT(c))))
#define CPU_CLR(c, s)                                                         \
	((void)((c) < CPU_SETSIZE &&                                           \
		((s)->__bits[__CPU_WORD(c)] &= ~__CPU_BIT(c))))
#define CPU_ISSET(c, s)                                                       \
	((c) < CPU_SETSIZE && ((s)->__bits[__CPU_WORD(c)] & __CPU_BIT(c)) != 0)
#define CPU_COUNT(s) __sched_cpucount(sizeof(cpu_set_t), (s))

int __sched_cpucount(size_t size, const cpu_set_t *set);
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_getcpu(void);
#endif

#ifdef __cplusplus
}
#endif

#endif
