/* SPDX-License-Identifier: BSD-3-Clause */
/* prctl (Linux's option numbers; lib/posix-process/prctl.c says which work). */
#ifndef _TESSERA_SYS_PRCTL_H
#define _TESSERA_SYS_PRCTL_H

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42

int prctl(int option, ...);

#endif
