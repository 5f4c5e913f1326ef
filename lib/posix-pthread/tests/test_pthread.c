/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <pthread.h>
#include <sched.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

static void *ret_arg(void *arg)
{
	return arg;
}

UK_TESTCASE(pthread, create_join_detach)
{
	pthread_t t;
	pthread_attr_t a;
	void *ret = NULL;

	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&t, NULL, ret_arg, (void *)42), 0);
	UK_TEST_EXPECT_ZERO(pthread_join(t, &ret));
	UK_TEST_EXPECT_SNUM_EQ((long)ret, 42);
	UK_TEST_EXPECT_ZERO(pthread_create(&t, NULL, ret_arg, NULL));
	UK_TEST_EXPECT_ZERO(pthread_detach(t));
	UK_TEST_EXPECT_SNUM_EQ(pthread_detach(t), EINVAL);
	sched_yield();
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	UK_TEST_EXPECT_ZERO(pthread_create(&t, &a, ret_arg, NULL));
	UK_TEST_EXPECT_SNUM_EQ(pthread_attr_setstacksize(&a, 100), EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(pthread_self(), NULL), EDEADLK);
	sched_yield();
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static long shared;
static int ready;

static void *adder(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&m);
		long v = shared;

		if (i % 100 == 0)
			sched_yield(); /* another adder runs here */
		shared = v + 1;
		pthread_mutex_unlock(&m);
	}
	return arg;
}

UK_TESTCASE(pthread, mutex_excludes)
{
	pthread_t t[4];

	shared = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, adder, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(shared, 4000);
}

UK_TESTCASE(pthread, mutex_kinds)
{
	pthread_mutex_t r, e;
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&r, &a);
	UK_TEST_EXPECT_ZERO(pthread_mutex_lock(&r));
	UK_TEST_EXPECT_ZERO(pthread_mutex_lock(&r));
	UK_TEST_EXPECT_ZERO(pthread_mutex_unlock(&r));
	UK_TEST_EXPECT_ZERO(pthread_mutex_unlock(&r));
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&r), EPERM);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&e, &a);
	UK_TEST_EXPECT_ZERO(pthread_mutex_lock(&e));
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&e), EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_trylock(&e), EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_destroy(&e), EBUSY);
	UK_TEST_EXPECT_ZERO(pthread_mutex_unlock(&e));
	UK_TEST_EXPECT_ZERO(pthread_mutex_destroy(&e));
}

static void *signaller(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

UK_TESTCASE(pthread, cond_wait_and_timeout)
{
	struct timespec ts;
	pthread_t t;

	ready = 0;
	pthread_mutex_lock(&m);
	pthread_create(&t, NULL, signaller, NULL);
	while (!ready)
		UK_TEST_EXPECT_ZERO(pthread_cond_wait(&c, &m));
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 10 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	UK_TEST_EXPECT_SNUM_EQ(pthread_cond_timedwait(&c, &m, &ts), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
}

static int once_runs;
static void once_fn(void)
{
	once_runs++;
}

static int destroyed;
static void destructor(void *v)
{
	destroyed += (int)(long)v;
}

static pthread_key_t key;
static void *keyed(void *arg)
{
	pthread_setspecific(key, arg);
	return pthread_getspecific(key);
}

UK_TESTCASE(pthread, once_and_keys)
{
	pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_t t;
	void *ret;

	pthread_once(&once, once_fn);
	pthread_once(&once, once_fn);
	UK_TEST_EXPECT_SNUM_EQ(once_runs, 1);
	UK_TEST_ASSERT_SNUM_EQ(pthread_key_create(&key, destructor), 0);
	UK_TEST_EXPECT_NULL(pthread_getspecific(key));
	UK_TEST_EXPECT_ZERO(pthread_setspecific(key, (void *)5));
	pthread_create(&t, NULL, keyed, (void *)7);
	pthread_join(t, &ret);
	UK_TEST_EXPECT_SNUM_EQ((long)ret, 7);
	UK_TEST_EXPECT_SNUM_EQ(destroyed, 7); /* the thread's value only */
	UK_TEST_EXPECT_SNUM_EQ((long)pthread_getspecific(key), 5);
	UK_TEST_EXPECT_ZERO(pthread_key_delete(key));
	UK_TEST_EXPECT_SNUM_EQ(pthread_setspecific(key, NULL), EINVAL);
}

static void *errno_setter(void *arg)
{
	errno = (int)(long)arg;
	sched_yield();
	return (void *)(long)errno;
}

UK_TESTCASE(pthread, errno_and_stdio_per_thread)
{
	pthread_t t1, t2;
	void *r1, *r2;

	errno = 0;
	pthread_create(&t1, NULL, errno_setter, (void *)11);
	pthread_create(&t2, NULL, errno_setter, (void *)22);
	pthread_join(t1, &r1);
	pthread_join(t2, &r2);
	UK_TEST_EXPECT_SNUM_EQ((long)r1, 11);
	UK_TEST_EXPECT_SNUM_EQ((long)r2, 22);
	UK_TEST_EXPECT_ZERO(errno);
}

static void *note_self(void *arg)
{
	*(pthread_t *)arg = pthread_self();
	return NULL;
}

UK_TESTCASE(pthread, ids_are_never_reused_and_a_second_join_is_esrch)
{
	pthread_t a, b, a_self = 0, b_self = 0;

	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&a, NULL, note_self, &a_self), 0);
	UK_TEST_EXPECT_ZERO(pthread_join(a, NULL));
	UK_TEST_EXPECT(pthread_equal(a, a_self));
	/* a's memory is free again: b must still get another id. */
	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&b, NULL, note_self, &b_self), 0);
	UK_TEST_EXPECT_ZERO(pthread_join(b, NULL));
	UK_TEST_EXPECT(!pthread_equal(a, b));
	UK_TEST_EXPECT(!pthread_equal(pthread_self(), a));
	UK_TEST_EXPECT(!pthread_equal(pthread_self(), b));
	/* Joined: the ids name nothing now. */
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(a, NULL), ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(pthread_detach(b), ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join((pthread_t)12345678, NULL), ESRCH);
}
