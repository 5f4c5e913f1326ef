/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _NOLIBC_SCHED_H
#define _NOLIBC_SCHED_H

/* Gives the CPU to another ready thread (uksched), if there is one. */
int sched_yield(void);

#endif
