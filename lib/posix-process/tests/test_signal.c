/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals within the one process: what kill does with pids other than
 * ours, what cannot be blocked, timed waits, and the wait that other
 * libraries' blocking calls use (<uk/signal.h>). The behaviour a program
 * sees is compared with Linux's by support/test/sigapp.
 */
#include <uk/test.h>
#include <uk/signal.h>
#include <uk/plat/time.h>
#include <signal.h>
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#ifdef CONFIG_LIBPOSIX_PTHREAD
#include <pthread.h>
#endif

static volatile int hits, last;

static void count(int sig)
{
	hits++;
	last = sig;
}

static void handle(int sig, int flags)
{
	struct sigaction sa = { .sa_handler = count, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void reset(int sig)
{
	signal(sig, SIG_DFL);
}

UK_TESTCASE(signal, kill_reaches_only_this_process)
{
	handle(SIGUSR1, 0);
	hits = 0;
	/* no other process: kill(-1) reaches nobody (Linux leaves out the
	 * caller), other pids and groups do not exist */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(kill(-1, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(kill(4242, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(kill(-4242, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(killpg(4242, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(hits, 0);
	/* our pid, our group (0 and getpgrp's 1) */
	UK_TEST_EXPECT_ZERO(kill(getpid(), SIGUSR1));
	UK_TEST_EXPECT_ZERO(kill(0, SIGUSR1));
	UK_TEST_EXPECT_ZERO(killpg(1, SIGUSR1));
	UK_TEST_EXPECT_SNUM_EQ(hits, 3);
	/* an invalid signal is EINVAL before the pid is looked at */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(kill(4242, NSIG), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(raise(-1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	reset(SIGUSR1);
}

UK_TESTCASE(signal, sigkill_and_sigstop_cannot_be_blocked_or_caught)
{
	sigset_t all, now, old;

	sigfillset(&all);
	UK_TEST_ASSERT(sigprocmask(SIG_SETMASK, &all, &old) == 0);
	sigprocmask(SIG_SETMASK, NULL, &now);
	UK_TEST_EXPECT_ZERO(sigismember(&now, SIGKILL));
	UK_TEST_EXPECT_ZERO(sigismember(&now, SIGSTOP));
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&now, SIGTERM), 1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(signal(SIGKILL, count) == SIG_ERR, 1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigprocmask(42, &all, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(signal, sigtimedwait_times_out_and_takes_a_pending_one)
{
	sigset_t s, old;
	siginfo_t si;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	__nsec t0 = ukplat_monotonic_clock();

	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, &old);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&s, &si, &ts), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT(ukplat_monotonic_clock() - t0 >= 20 * 1000 * 1000UL);
	raise(SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&s, &si, &ts), SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(si.si_signo, SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(si.si_code, SI_TKILL);
	ts.tv_nsec = 1000000000L;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&s, &si, &ts), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* What nanosleep, the console's read and poll wait in. */
UK_TESTCASE(signal, sleep_until_ends_at_the_deadline_or_with_a_signal)
{
	struct itimerval it = { { 0, 0 }, { 0, 10000 } };
	__nsec t0 = ukplat_monotonic_clock();

	UK_TEST_EXPECT_ZERO(uk_signal_sleep_until(t0 + 5000000));
	UK_TEST_EXPECT(ukplat_monotonic_clock() >= t0 + 5000000);
#ifdef CONFIG_LIBUKSCHED
	hits = 0;
	handle(SIGALRM, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_signal_sleep_until(0), -EINTR);
	UK_TEST_EXPECT_SNUM_EQ(hits, 1);
	handle(SIGALRM, SA_RESTART);
	setitimer(ITIMER_REAL, &it, NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_signal_sleep_until(0), UK_SIGNAL_RESTART);
	UK_TEST_EXPECT_SNUM_EQ(hits, 2);
	reset(SIGALRM);
#else
	(void)it;
#endif
}

#ifdef CONFIG_LIBPOSIX_PTHREAD
static void *nothing(void *arg)
{
	return arg;
}

UK_TESTCASE(signal, pthread_kill_checks_its_arguments)
{
	pthread_t t;

	UK_TEST_ASSERT(pthread_create(&t, NULL, nothing, NULL) == 0);
	UK_TEST_EXPECT_ZERO(pthread_kill(t, 0));
	UK_TEST_ASSERT(pthread_join(t, NULL) == 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_kill(t, SIGUSR1), ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(pthread_kill(pthread_self(), NSIG), EINVAL);
	handle(SIGUSR1, 0);
	hits = 0;
	UK_TEST_EXPECT_ZERO(pthread_kill(pthread_self(), SIGUSR1));
	UK_TEST_EXPECT_SNUM_EQ(hits, 1);
	reset(SIGUSR1);
}
#endif

UK_TESTCASE(signal, timer_calls_check_their_arguments)
{
#ifdef CONFIG_LIBUKSCHED
	timer_t id;
	struct sigevent ev = { .sigev_notify = 99 };
	struct itimerspec its = { { 0, 0 }, { 0, 1000000000L } };
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };

	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_create(CLOCK_MONOTONIC, &ev, &id), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_create(1234, NULL, &id), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_ASSERT(timer_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_settime(id, 0, &its, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	its.it_value.tv_nsec = 0;
	its.it_value.tv_sec = 100;
	UK_TEST_EXPECT_ZERO(timer_settime(id, 0, &its, NULL));
	UK_TEST_EXPECT_ZERO(timer_gettime(id, &its));
	UK_TEST_EXPECT(its.it_value.tv_sec >= 99 && its.it_value.tv_sec <= 100);
	UK_TEST_EXPECT_ZERO(timer_delete(id));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_REAL, &bad, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(7, &bad, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
#endif
}
