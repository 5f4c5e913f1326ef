/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals and timers: sigaction, masks, pthread_kill, pthread_sigmask,
 * sigwait, alarm, setitimer, timer_create (the signal work's cases go
 * here, in this one table; main.c runs it last).
 */
#include "conformance.h"

const struct conf_case conf_signals[] = {
	CONF_END
};
