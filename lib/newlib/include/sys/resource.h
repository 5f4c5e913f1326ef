/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <sys/resource.h> in Linux's shape: getrusage with the whole struct
 * rusage (newlib's has only the two times) and resource limits (Linux's
 * numbers). Replaces newlib's header.
 */
#ifndef _TESSERA_SYS_RESOURCE_H
#define _TESSERA_SYS_RESOURCE_H
#define _SYS_RESOURCE_H_ /* newlib's, never to be read as well */

#include <sys/time.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct rusage {
	struct timeval ru_utime; /* user time */
	struct timeval ru_stime; /* system time */
	long ru_maxrss;          /* largest resident set, KiB */
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;
	long ru_majflt;
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

int getrusage(int who, struct rusage *usage);

typedef unsigned long rlim_t;

struct rlimit {
	rlim_t rlim_cur;
	rlim_t rlim_max;
};

#define RLIM_INFINITY (~0UL)
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NOFILE 7
#define RLIMIT_AS 9
#define RLIMIT_NLIMITS 16

int getrlimit(int res, struct rlimit *rl);
int setrlimit(int res, const struct rlimit *rl);

/* Scheduling priority (nice value) of the one process (posix-process). */
#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

int getpriority(int which, id_t who);
int setpriority(int which, id_t who, int prio);

#endif
