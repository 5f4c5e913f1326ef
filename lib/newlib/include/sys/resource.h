/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <sys/resource.h> (getrusage) plus resource limits (Linux's numbers). */
#ifndef _TESSERA_SYS_RESOURCE_H
#define _TESSERA_SYS_RESOURCE_H

#include_next <sys/resource.h>

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

#endif
