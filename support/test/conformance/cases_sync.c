/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes, condition variables, semaphores, rwlocks, spinlocks. */
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include "conformance.h"

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;

static void *try_held(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_mutex_trylock(&held);
}

static void *timedlock_held(void *arg)
{
	struct timespec ts = conf_in_ms(CLOCK_REALTIME, 30);
	long long t0 = conf_now_ns(CLOCK_REALTIME);
	int rc = pthread_mutex_timedlock(&held, &ts);

	if (rc == ETIMEDOUT && conf_now_ns(CLOCK_REALTIME) - t0 < 29000000LL)
		return (void *)-2L; /* returned before its deadline */
	(void)arg;
	return (void *)(long)rc;
}

static void *timedlock_bad(void *arg)
{
	struct timespec ts = { 0, 1000000000L };

	(void)arg;
	return (void *)(long)pthread_mutex_timedlock(&held, &ts);
}

static long run(void *(*fn)(void *))
{
	pthread_t t;
	void *ret;

	if (pthread_create(&t, NULL, fn, NULL) || pthread_join(t, &ret))
		return -1;
	return (long)ret;
}

static void mutex_try_and_timed_on_a_held_mutex(void)
{
	CHECK_RC(pthread_mutex_lock(&held), 0);
	CHECK_EQ(run(try_held), EBUSY);
	CHECK_EQ(run(timedlock_held), ETIMEDOUT);
	CHECK_EQ(run(timedlock_bad), EINVAL);
	CHECK_RC(pthread_mutex_unlock(&held), 0);
	CHECK_RC(pthread_mutex_trylock(&held), 0);
	CHECK_RC(pthread_mutex_unlock(&held), 0);
}

static pthread_mutex_t errcheck;

static void *unlock_errcheck(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_mutex_unlock(&errcheck);
}

static void mutex_errorcheck(void)
{
	pthread_mutexattr_t a;
	int type;

	CHECK_RC(pthread_mutexattr_init(&a), 0);
	CHECK_RC(pthread_mutexattr_settype(&a, 12345), EINVAL);
	CHECK_RC(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	CHECK_RC(pthread_mutexattr_gettype(&a, &type), 0);
	CHECK_EQ(type, PTHREAD_MUTEX_ERRORCHECK);
	CHECK_RC(pthread_mutex_init(&errcheck, &a), 0);
	CHECK_RC(pthread_mutex_unlock(&errcheck), EPERM);
	CHECK_RC(pthread_mutex_lock(&errcheck), 0);
	CHECK_RC(pthread_mutex_lock(&errcheck), EDEADLK);
	CHECK_EQ(run(unlock_errcheck), EPERM);
	CHECK_RC(pthread_mutex_unlock(&errcheck), 0);
	CHECK_RC(pthread_mutex_destroy(&errcheck), 0);
	CHECK_RC(pthread_mutexattr_destroy(&a), 0);
}

static pthread_mutex_t rec;

static void *try_rec(void *arg)
{
	int rc = pthread_mutex_trylock(&rec);

	(void)arg;
	if (rc == 0)
		pthread_mutex_unlock(&rec);
	return (void *)(long)rc;
}

static void mutex_recursive(void)
{
	pthread_mutexattr_t a;

	CHECK_RC(pthread_mutexattr_init(&a), 0);
	CHECK_RC(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	CHECK_RC(pthread_mutex_init(&rec, &a), 0);
	CHECK_RC(pthread_mutex_lock(&rec), 0);
	CHECK_RC(pthread_mutex_lock(&rec), 0);
	CHECK_RC(pthread_mutex_trylock(&rec), 0);
	CHECK_RC(pthread_mutex_unlock(&rec), 0);
	CHECK_RC(pthread_mutex_unlock(&rec), 0);
	CHECK_EQ(run(try_rec), EBUSY);
	CHECK_RC(pthread_mutex_unlock(&rec), 0);
	CHECK_EQ(run(try_rec), 0);
	CHECK_RC(pthread_mutex_destroy(&rec), 0);
}

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&count_lock);
		long v = counter;

		if (i % 50 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&count_lock);
	}
	return arg;
}

static void mutex_excludes(void)
{
	pthread_t t[4];

	counter = 0;
	for (int i = 0; i < 4; i++)
		CHECK_RC(pthread_create(&t[i], NULL, add_many, NULL), 0);
	for (int i = 0; i < 4; i++)
		CHECK_RC(pthread_join(t[i], NULL), 0);
	CHECK_EQ(counter, 2000);
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, woken;

static void *wait_ready(void *arg)
{
	pthread_mutex_lock(&cm);
	while (!ready)
		pthread_cond_wait(&cv, &cm);
	woken++;
	pthread_mutex_unlock(&cm);
	return arg;
}

static void cond_signal_and_broadcast(void)
{
	pthread_t t[3];

	ready = woken = 0;
	for (int i = 0; i < 3; i++)
		CHECK_RC(pthread_create(&t[i], NULL, wait_ready, NULL), 0);
	conf_sleep_ms(10);
	pthread_mutex_lock(&cm);
	ready = 1;
	CHECK_RC(pthread_cond_broadcast(&cv), 0);
	pthread_mutex_unlock(&cm);
	for (int i = 0; i < 3; i++)
		CHECK_RC(pthread_join(t[i], NULL), 0);
	CHECK_EQ(woken, 3);
	ready = 0;
	CHECK_RC(pthread_create(&t[0], NULL, wait_ready, NULL), 0);
	conf_sleep_ms(5);
	pthread_mutex_lock(&cm);
	ready = 1;
	CHECK_RC(pthread_cond_signal(&cv), 0);
	pthread_mutex_unlock(&cm);
	CHECK_RC(pthread_join(t[0], NULL), 0);
	CHECK_EQ(woken, 4);
}

static void cond_timedwait_times_out_on_either_clock(void)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	clockid_t clk;
	struct timespec ts;
	long long t0;

	CHECK_RC(pthread_condattr_init(&a), 0);
	CHECK_RC(pthread_condattr_getclock(&a, &clk), 0);
	CHECK_EQ(clk, CLOCK_REALTIME);
	CHECK_RC(pthread_condattr_setclock(&a, CLOCK_PROCESS_CPUTIME_ID),
		 EINVAL);
	CHECK_RC(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	CHECK_RC(pthread_cond_init(&c, &a), 0);
	pthread_mutex_lock(&cm);
	ts = conf_in_ms(CLOCK_MONOTONIC, 30);
	t0 = conf_now_ns(CLOCK_MONOTONIC);
	CHECK_RC(pthread_cond_timedwait(&c, &cm, &ts), ETIMEDOUT);
	CHECK(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 29000000LL);
	CHECK_RC(pthread_mutex_unlock(&cm), 0); /* held again after */
	CHECK_RC(pthread_cond_destroy(&c), 0);
	pthread_mutex_lock(&cm);
	ts = conf_in_ms(CLOCK_REALTIME, 20);
	t0 = conf_now_ns(CLOCK_REALTIME);
	CHECK_RC(pthread_cond_timedwait(&cv, &cm, &ts), ETIMEDOUT);
	CHECK(conf_now_ns(CLOCK_REALTIME) - t0 >= 19000000LL);
	ts.tv_nsec = -1;
	CHECK_RC(pthread_cond_timedwait(&cv, &cm, &ts), EINVAL);
	CHECK_RC(pthread_mutex_unlock(&cm), 0);
	CHECK_RC(pthread_condattr_destroy(&a), 0);
}

static sem_t sem;

static void *post_later(void *arg)
{
	conf_sleep_ms(10);
	sem_post(&sem);
	return arg;
}

static void sem_counts_and_wakes(void)
{
	pthread_t t;
	int v;

	CHECK_OK(sem_init(&sem, 0, 2));
	CHECK_OK(sem_getvalue(&sem, &v));
	CHECK_EQ(v, 2);
	CHECK_OK(sem_trywait(&sem));
	CHECK_OK(sem_wait(&sem));
	CHECK_ERRNO(sem_trywait(&sem), EAGAIN);
	CHECK_OK(sem_getvalue(&sem, &v));
	CHECK_EQ(v, 0);
	CHECK_RC(pthread_create(&t, NULL, post_later, NULL), 0);
	CHECK_OK(sem_wait(&sem)); /* blocks until the post */
	CHECK_RC(pthread_join(t, NULL), 0);
	CHECK_OK(sem_post(&sem));
	CHECK_OK(sem_getvalue(&sem, &v));
	CHECK_EQ(v, 1);
	CHECK_OK(sem_destroy(&sem));
}

static void sem_errors(void)
{
	struct timespec ts;
	long long t0;

	CHECK_ERRNO(sem_init(&sem, 0, (unsigned int)SEM_VALUE_MAX + 1u),
		    EINVAL);
	CHECK_OK(sem_init(&sem, 0, SEM_VALUE_MAX));
	CHECK_ERRNO(sem_post(&sem), EOVERFLOW);
	CHECK_OK(sem_destroy(&sem));
	CHECK_OK(sem_init(&sem, 1, 0)); /* pshared: one process anyway */
	ts = conf_in_ms(CLOCK_REALTIME, 30);
	t0 = conf_now_ns(CLOCK_REALTIME);
	CHECK_ERRNO(sem_timedwait(&sem, &ts), ETIMEDOUT);
	CHECK(conf_now_ns(CLOCK_REALTIME) - t0 >= 29000000LL);
	ts.tv_nsec = 1000000000L;
	CHECK_ERRNO(sem_timedwait(&sem, &ts), EINVAL);
	CHECK_OK(sem_destroy(&sem));
}

static void sem_named(void)
{
	sem_t *a, *b;
	int v;

	sem_unlink("/conformance-sem");
	CHECK_ERRNO((long)(sem_open("/conformance-sem", 0) == SEM_FAILED ? -1
									 : 0),
		    ENOENT);
	a = sem_open("/conformance-sem", O_CREAT | O_EXCL, 0600, 1);
	CHECK(a != SEM_FAILED);
	errno = 0;
	CHECK(sem_open("/conformance-sem", O_CREAT | O_EXCL, 0600, 1) ==
	      SEM_FAILED);
	CHECK_EQ(errno, EEXIST);
	b = sem_open("/conformance-sem", 0);
	CHECK(b != SEM_FAILED);
	CHECK_OK(sem_wait(a));
	CHECK_OK(sem_getvalue(b, &v));
	CHECK_EQ(v, 0);
	CHECK_OK(sem_post(b));
	CHECK_OK(sem_unlink("/conformance-sem"));
	CHECK_ERRNO(sem_unlink("/conformance-sem"), ENOENT);
	errno = 0;
	CHECK(sem_open("/conformance-sem", 0) == SEM_FAILED);
	CHECK_EQ(errno, ENOENT);
	CHECK_OK(sem_trywait(a)); /* still there for those who have it */
	CHECK_OK(sem_close(b));
	CHECK_OK(sem_close(a));
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *try_rd(void *arg)
{
	int rc = pthread_rwlock_tryrdlock(&rw);

	(void)arg;
	if (rc == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)rc;
}

static void *try_wr(void *arg)
{
	int rc = pthread_rwlock_trywrlock(&rw);

	(void)arg;
	if (rc == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(long)rc;
}

static void *timed_rd(void *arg)
{
	struct timespec ts = conf_in_ms(CLOCK_REALTIME, 20);

	(void)arg;
	return (void *)(long)pthread_rwlock_timedrdlock(&rw, &ts);
}

static void *timed_wr(void *arg)
{
	struct timespec ts = conf_in_ms(CLOCK_REALTIME, 20);

	(void)arg;
	return (void *)(long)pthread_rwlock_timedwrlock(&rw, &ts);
}

static void rwlock_readers_share_writers_exclude(void)
{
	CHECK_RC(pthread_rwlock_rdlock(&rw), 0);
	CHECK_EQ(run(try_rd), 0);
	CHECK_EQ(run(try_wr), EBUSY);
	CHECK_EQ(run(timed_wr), ETIMEDOUT);
	CHECK_RC(pthread_rwlock_unlock(&rw), 0);
	CHECK_RC(pthread_rwlock_wrlock(&rw), 0);
	CHECK_EQ(run(try_rd), EBUSY);
	CHECK_EQ(run(timed_rd), ETIMEDOUT);
	CHECK_EQ(run(timed_wr), ETIMEDOUT);
	CHECK_RC(pthread_rwlock_wrlock(&rw), EDEADLK);
	CHECK_RC(pthread_rwlock_unlock(&rw), 0);
	CHECK_EQ(run(try_wr), 0);
}

static void rwlock_attributes_and_errors(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlock_t l;
	int ps;

	CHECK_RC(pthread_rwlockattr_init(&a), 0);
	CHECK_RC(pthread_rwlockattr_getpshared(&a, &ps), 0);
	CHECK_EQ(ps, PTHREAD_PROCESS_PRIVATE);
	CHECK_RC(pthread_rwlockattr_setpshared(&a, 12345), EINVAL);
	CHECK_RC(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	CHECK_RC(pthread_rwlock_init(&l, &a), 0);
	CHECK_RC(pthread_rwlock_unlock(&l), EPERM); /* not held */
	CHECK_RC(pthread_rwlock_rdlock(&l), 0);
	CHECK_RC(pthread_rwlock_destroy(&l), EBUSY);
	CHECK_RC(pthread_rwlock_unlock(&l), 0);
	CHECK_RC(pthread_rwlock_destroy(&l), 0);
	CHECK_RC(pthread_rwlockattr_destroy(&a), 0);
}

static pthread_spinlock_t spin;
static long spun;

static void *spin_add(void *arg)
{
	for (int i = 0; i < 200; i++) {
		pthread_spin_lock(&spin);
		spun++;
		pthread_spin_unlock(&spin);
		if (i % 20 == 0)
			sched_yield();
	}
	return arg;
}

static void spinlocks(void)
{
	pthread_t t[2];

	CHECK_RC(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0);
	CHECK_RC(pthread_spin_lock(&spin), 0);
	CHECK_RC(pthread_spin_trylock(&spin), EBUSY);
	CHECK_RC(pthread_spin_unlock(&spin), 0);
	CHECK_RC(pthread_spin_trylock(&spin), 0);
	CHECK_RC(pthread_spin_unlock(&spin), 0);
	spun = 0;
	for (int i = 0; i < 2; i++)
		CHECK_RC(pthread_create(&t[i], NULL, spin_add, NULL), 0);
	for (int i = 0; i < 2; i++)
		CHECK_RC(pthread_join(t[i], NULL), 0);
	CHECK_EQ(spun, 400);
	CHECK_RC(pthread_spin_destroy(&spin), 0);
}

static pthread_barrier_t bar;
static int serial, zero, before, after_all_in;

static void *meet(void *arg)
{
	for (int round = 0; round < 3; round++) {
		__atomic_add_fetch(&before, 1, __ATOMIC_RELAXED);
		int rc = pthread_barrier_wait(&bar);

		/* nobody passes before all four arrived */
		if (__atomic_load_n(&before, __ATOMIC_RELAXED) < 4 * (round + 1))
			__atomic_add_fetch(&after_all_in, 1, __ATOMIC_RELAXED);
		if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED);
		else if (rc == 0)
			__atomic_add_fetch(&zero, 1, __ATOMIC_RELAXED);
		pthread_barrier_wait(&bar); /* all counted before the next */
	}
	return arg;
}

static void barriers(void)
{
	pthread_barrierattr_t a;
	pthread_t t[3];
	int ps;

	CHECK_RC(pthread_barrierattr_init(&a), 0);
	CHECK_RC(pthread_barrierattr_getpshared(&a, &ps), 0);
	CHECK_EQ(ps, PTHREAD_PROCESS_PRIVATE);
	CHECK_RC(pthread_barrierattr_setpshared(&a, 12345), EINVAL);
	CHECK_RC(pthread_barrier_init(&bar, &a, 0), EINVAL);
	CHECK_RC(pthread_barrier_init(&bar, &a, 4), 0);
	serial = zero = before = after_all_in = 0;
	for (int i = 0; i < 3; i++)
		CHECK_RC(pthread_create(&t[i], NULL, meet, NULL), 0);
	meet(NULL);
	for (int i = 0; i < 3; i++)
		CHECK_RC(pthread_join(t[i], NULL), 0);
	CHECK_EQ(after_all_in, 0);
	CHECK_EQ(serial, 3); /* one per round */
	CHECK_EQ(zero, 9);
	CHECK_RC(pthread_barrier_destroy(&bar), 0);
	CHECK_RC(pthread_barrierattr_destroy(&a), 0);
}

const struct conf_case conf_sync[] = {
	{ "mutex.try_and_timed_on_a_held_mutex",
	  mutex_try_and_timed_on_a_held_mutex, 0 },
	{ "mutex.errorcheck", mutex_errorcheck, 0 },
	{ "mutex.recursive", mutex_recursive, 0 },
	{ "mutex.excludes", mutex_excludes, 0 },
	{ "cond.signal_and_broadcast", cond_signal_and_broadcast, 0 },
	{ "cond.timedwait_times_out_on_either_clock",
	  cond_timedwait_times_out_on_either_clock, 0 },
	{ "sem.counts_and_wakes", sem_counts_and_wakes, 0 },
	{ "sem.errors", sem_errors, 0 },
	{ "sem.named", sem_named, 0 },
	{ "rwlock.readers_share_writers_exclude",
	  rwlock_readers_share_writers_exclude, 0 },
	{ "rwlock.attributes_and_errors", rwlock_attributes_and_errors, 1 },
	{ "spin.locks", spinlocks, 0 },
	{ "barrier.rounds", barriers, 0 },
	CONF_END
};
