/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals and timers: sigaction, masks, pthread_kill, pthread_sigmask,
 * sigwait, alarm, setitimer, timer_create (the signal work's cases go
 * here, in this one table; main.c runs it last).
 */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "conformance.h"

/*
 * Real-time signals queue, each instance with its value, lowest signal
 * first and in the order sent; a standard signal sent twice is pending
 * once.
 */
static void realtime_signals_queue(void)
{
	static const int want[][2] = { { 0, 1 }, { 0, 2 }, { 0, 3 },
				       { 1, 9 } };
	struct timespec zero = { 0, 0 };
	sigset_t set, old, usr2;
	siginfo_t info;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN + 1,
			  (union sigval){ .sival_int = 9 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 2 }));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 3 }));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_OK(kill(getpid(), SIGUSR2));
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	CHECK_EQ(sigtimedwait(&usr2, &info, &zero), SIGUSR2);
	CHECK_ERRNO(sigtimedwait(&usr2, &info, &zero), EAGAIN);
	sigdelset(&set, SIGUSR2);
	for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_EQ(sigtimedwait(&set, &info, &zero),
			 SIGRTMIN + want[i][0]);
		CHECK_EQ(info.si_code, SI_QUEUE);
		CHECK_EQ(info.si_value.sival_int, want[i][1]);
	}
	CHECK_ERRNO(sigtimedwait(&set, &info, &zero), EAGAIN);
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
}

/* Real-time signals sent to the thread itself (raise, pthread_kill) queue. */
static void realtime_signals_to_a_thread_queue(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t set, old;
	siginfo_t info;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 2);
	CHECK_OK(pthread_sigmask(SIG_BLOCK, &set, &old));
	CHECK_OK(raise(SIGRTMIN + 2));
	CHECK_OK(raise(SIGRTMIN + 2));
	CHECK_RC(pthread_kill(pthread_self(), SIGRTMIN + 2), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sigtimedwait(&set, &info, &zero), SIGRTMIN + 2);
	CHECK_ERRNO(sigtimedwait(&set, &info, &zero), EAGAIN);
	CHECK_OK(pthread_sigmask(SIG_SETMASK, &old, NULL));
}

/* The alternate stack: off at first, set, read back, errors, off. */
static void alternate_stack(void)
{
	static char stack[65536];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) }, old;

	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	ss.ss_size = 16;
	CHECK_ERRNO(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = sizeof(stack);
	ss.ss_flags = 0x1234;
	CHECK_ERRNO(sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == stack && old.ss_size == sizeof(stack));
	CHECK_EQ(old.ss_flags, 0);
	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, &old));
	CHECK(old.ss_sp == stack);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, SS_DISABLE);
}

const struct conf_case conf_signals[] = {
	{ "signals.alternate_stack", alternate_stack, 0 },
	{ "signals.realtime_signals_to_a_thread_queue",
	  realtime_signals_to_a_thread_queue, 0 },
	{ "signals.realtime_signals_queue", realtime_signals_queue, 0 },
	CONF_END
};
