/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cancellation: requests acted on at cancellation points (blocking ones
 * included: the thread is blocked when the request comes), cleanup
 * handlers, the cancel state and type.
 */
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <unistd.h>
#include <poll.h>
#include <signal.h>
#include "conformance.h"

static int cleaned;
static sem_t started;

static void cleanup_add(void *arg)
{
	cleaned += (int)(long)arg;
}

/* Start fn, wait until it says it is about to block, cancel, join. */
static int cancel_blocked(void *(*fn)(void *), void *arg, void **ret)
{
	pthread_t t;

	cleaned = 0;
	if (sem_init(&started, 0, 0) || pthread_create(&t, NULL, fn, arg))
		return -1;
	sem_wait(&started);
	conf_sleep_ms(10); /* it blocks meanwhile */
	if (pthread_cancel(t) || pthread_join(t, ret))
		return -1;
	sem_destroy(&started);
	return 0;
}

static void *spin_testcancel(void *arg)
{
	pthread_cleanup_push(cleanup_add, (void *)1L);
	pthread_cleanup_push(cleanup_add, (void *)10L);
	sem_post(&started);
	for (;;) {
		pthread_testcancel();
		sched_yield();
	}
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return arg;
}

static void deferred_at_testcancel_with_cleanup(void)
{
	void *ret = NULL;

	CHECK_OK(cancel_blocked(spin_testcancel, NULL, &ret));
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_EQ(cleaned, 11);
}

static volatile int async_finished;

/*
 * Asynchronous cancellation of a thread in a loop that calls no
 * cancellation point (sched_yield and clock_gettime are none); it gives
 * up after 5 s.
 */
static void *async_looper(void *arg)
{
	long long end = conf_now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	volatile long spins = 0;

	pthread_cleanup_push(cleanup_add, (void *)100L);
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	sem_post(&started);
	while (conf_now_ns(CLOCK_MONOTONIC) < end) {
		spins++;
		sched_yield();
	}
	pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, NULL);
	async_finished = 1;
	pthread_cleanup_pop(0);
	return arg;
}

static void asynchronous_in_a_loop(void)
{
	void *ret = NULL;

	async_finished = 0;
	CHECK_OK(cancel_blocked(async_looper, NULL, &ret));
	CHECK_EQ(async_finished, 0);
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_EQ(cleaned, 100);
}

static int order[3], norder;

static void record(void *arg)
{
	order[norder++] = (int)(long)arg;
}

static void *push_pop(void *arg)
{
	pthread_cleanup_push(record, (void *)1L);
	pthread_cleanup_push(record, (void *)2L);
	pthread_cleanup_push(record, (void *)3L);
	pthread_cleanup_pop(1); /* runs 3 */
	pthread_cleanup_pop(0); /* drops 2 */
	pthread_exit(arg);      /* runs 1 */
	pthread_cleanup_pop(0);
	return NULL;
}

static void cleanup_pop_and_exit(void)
{
	pthread_t t;
	void *ret;

	norder = 0;
	CHECK_RC(pthread_create(&t, NULL, push_pop, (void *)5L), 0);
	CHECK_RC(pthread_join(t, &ret), 0);
	CHECK_EQ((long)ret, 5);
	CHECK_EQ(norder, 2);
	CHECK_EQ(order[0], 3);
	CHECK_EQ(order[1], 1);
}

static sem_t go;

static void *disabled_sleeper(void *arg)
{
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	sem_post(&started);
	sem_wait(&go);     /* cancellation points, but disabled: */
	conf_sleep_ms(5);  /* the request waits */
	*(int *)arg = 1;
	pthread_setcancelstate(old, NULL);
	pthread_testcancel();
	*(int *)arg = 2;
	return NULL;
}

static void disabled_then_enabled(void)
{
	void *ret = NULL;
	int reached = 0;
	pthread_t t;

	CHECK_OK(sem_init(&started, 0, 0));
	CHECK_OK(sem_init(&go, 0, 0));
	CHECK_RC(pthread_create(&t, NULL, disabled_sleeper, &reached), 0);
	CHECK_OK(sem_wait(&started));
	CHECK_RC(pthread_cancel(t), 0); /* before it may go on */
	CHECK_OK(sem_post(&go));
	CHECK_RC(pthread_join(t, &ret), 0);
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_EQ(reached, 1);
	CHECK_OK(sem_destroy(&go));
	CHECK_OK(sem_destroy(&started));
}

static void state_and_type(void)
{
	int old;

	CHECK_RC(pthread_setcancelstate(12345, &old), EINVAL);
	CHECK_RC(pthread_setcanceltype(12345, &old), EINVAL);
	CHECK_RC(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old), 0);
	CHECK_EQ(old, PTHREAD_CANCEL_ENABLE);
	CHECK_RC(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old), 0);
	CHECK_EQ(old, PTHREAD_CANCEL_DISABLE);
	CHECK_RC(pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old), 0);
	CHECK_EQ(old, PTHREAD_CANCEL_DEFERRED);
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void unlock_cm(void *arg)
{
	(void)arg;
	cleaned = 1;
	pthread_mutex_unlock(&cm);
}

static void *cond_waiter(void *arg)
{
	pthread_mutex_lock(&cm);
	pthread_cleanup_push(unlock_cm, NULL);
	sem_post(&started);
	for (;;)
		pthread_cond_wait(&cv, &cm);
	pthread_cleanup_pop(1);
	return arg;
}

static void in_cond_wait_with_the_mutex_held(void)
{
	void *ret = NULL;

	CHECK_OK(cancel_blocked(cond_waiter, NULL, &ret));
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_EQ(cleaned, 1);
	CHECK_RC(pthread_mutex_trylock(&cm), 0); /* the handler unlocked it */
	CHECK_RC(pthread_mutex_unlock(&cm), 0);
}

static void *sem_waiter(void *arg)
{
	static sem_t never;

	sem_init(&never, 0, 0);
	sem_post(&started);
	sem_wait(&never);
	return arg;
}

static void *sleeper(void *arg)
{
	sem_post(&started);
	sleep(30);
	return arg;
}

static void *pipe_reader(void *arg)
{
	char c;

	sem_post(&started);
	read(*(int *)arg, &c, 1);
	return NULL;
}

static void *poller(void *arg)
{
	struct pollfd p = { *(int *)arg, POLLIN, 0 };

	sem_post(&started);
	poll(&p, 1, -1);
	return NULL;
}

static void *joiner(void *arg)
{
	sigset_t all;
	pthread_t t;

	/* t is left waiting for ever: it takes no signal sent to the
	 * process (the signal cases block theirs in the main thread only) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_create(&t, NULL, sem_waiter, NULL); /* posts started */
	pthread_join(t, NULL); /* t never ends unless cancelled */
	return arg;
}

static void in_blocking_calls(void)
{
	void *ret = NULL;
	int fds[2];

	CHECK_OK(cancel_blocked(sem_waiter, NULL, &ret));
	CHECK(ret == PTHREAD_CANCELED);
	ret = NULL;
	CHECK_OK(cancel_blocked(sleeper, NULL, &ret));
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_OK(pipe(fds));
	ret = NULL;
	CHECK_OK(cancel_blocked(pipe_reader, &fds[0], &ret));
	CHECK(ret == PTHREAD_CANCELED);
	ret = NULL;
	CHECK_OK(cancel_blocked(poller, &fds[0], &ret));
	CHECK(ret == PTHREAD_CANCELED);
	CHECK_OK(close(fds[0]));
	CHECK_OK(close(fds[1]));
}

static void in_join(void)
{
	void *ret = NULL;

	/* the joined thread waits for ever: only the joiner is cancelled */
	CHECK_OK(cancel_blocked(joiner, NULL, &ret));
	CHECK(ret == PTHREAD_CANCELED);
}

static void *exit_at_once(void *arg)
{
	return arg;
}

static void of_an_ended_thread(void)
{
	pthread_t t;
	void *ret;

	CHECK_RC(pthread_create(&t, NULL, exit_at_once, (void *)3L), 0);
	conf_sleep_ms(5);
	CHECK_RC(pthread_cancel(t), 0); /* ended, not joined: still there */
	CHECK_RC(pthread_join(t, &ret), 0);
	CHECK_EQ((long)ret, 3);
}

static void of_a_joined_thread_is_esrch(void)
{
	pthread_t t;

	CHECK_RC(pthread_create(&t, NULL, exit_at_once, NULL), 0);
	CHECK_RC(pthread_join(t, NULL), 0);
	CHECK_RC(pthread_cancel(t), ESRCH);
}

const struct conf_case conf_cancel[] = {
	{ "cancel.deferred_at_testcancel_with_cleanup",
	  deferred_at_testcancel_with_cleanup, 0 },
	{ "cancel.cleanup_pop_and_exit", cleanup_pop_and_exit, 0 },
	{ "cancel.asynchronous_in_a_loop", asynchronous_in_a_loop, 0 },
	{ "cancel.disabled_then_enabled", disabled_then_enabled, 0 },
	{ "cancel.state_and_type", state_and_type, 0 },
	{ "cancel.in_cond_wait_with_the_mutex_held",
	  in_cond_wait_with_the_mutex_held, 0 },
	{ "cancel.in_sem_wait_sleep_read_poll", in_blocking_calls, 0 },
	{ "cancel.in_join", in_join, 0 },
	{ "cancel.of_an_ended_thread", of_an_ended_thread, 0 },
	{ "cancel.of_a_joined_thread_is_esrch", of_a_joined_thread_is_esrch,
	  1 },
	CONF_END
};
