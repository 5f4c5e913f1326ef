/* SPDX-License-Identifier: BSD-3-Clause */
/* Threads, attributes, keys, once; the option macros against sysconf. */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include <limits.h>
#include "conformance.h"

static void *give_back(void *arg)
{
	return arg;
}

static void create_join_retval(void)
{
	pthread_t t;
	void *ret = NULL;

	CHECK_RC(pthread_create(&t, NULL, give_back, (void *)42L), 0);
	CHECK_RC(pthread_join(t, &ret), 0);
	CHECK_EQ((long)ret, 42);
}

static void join_self_is_edeadlk(void)
{
	CHECK_RC(pthread_join(pthread_self(), NULL), EDEADLK);
}

static void *exit_deep(void *arg)
{
	(void)arg;
	pthread_exit((void *)7L);
	return NULL;
}

static void exit_gives_the_value(void)
{
	pthread_t t;
	void *ret = NULL;

	CHECK_RC(pthread_create(&t, NULL, exit_deep, NULL), 0);
	CHECK_RC(pthread_join(t, &ret), 0);
	CHECK_EQ((long)ret, 7);
}

static void *report_self(void *arg)
{
	*(pthread_t *)arg = pthread_self();
	return NULL;
}

static void self_differs_from_other_threads(void)
{
	pthread_t me = pthread_self(), t, seen;

	for (int i = 0; i < 3; i++) {
		CHECK_RC(pthread_create(&t, NULL, report_self, &seen), 0);
		CHECK_RC(pthread_join(t, NULL), 0);
		CHECK(pthread_equal(t, seen));
		CHECK(!pthread_equal(me, seen));
		CHECK(pthread_equal(me, pthread_self()));
	}
}

static void second_join_is_esrch(void)
{
	pthread_t t;

	CHECK_RC(pthread_create(&t, NULL, give_back, NULL), 0);
	CHECK_RC(pthread_join(t, NULL), 0);
	CHECK_RC(pthread_join(t, NULL), ESRCH);
	CHECK_RC(pthread_detach(t), ESRCH);
}

static void detach_twice_is_einval(void)
{
	pthread_t t;

	CHECK_RC(pthread_create(&t, NULL, give_back, NULL), 0);
	CHECK_RC(pthread_detach(t), 0);
	CHECK_RC(pthread_detach(t), EINVAL);
	sched_yield();
}

static void attributes(void)
{
	pthread_attr_t a;
	size_t size;
	int state;
	pthread_t t;

	CHECK_RC(pthread_attr_init(&a), 0);
	CHECK_RC(pthread_attr_getdetachstate(&a, &state), 0);
	CHECK_EQ(state, PTHREAD_CREATE_JOINABLE);
	CHECK_RC(pthread_attr_setdetachstate(&a, 12345), EINVAL);
	CHECK_RC(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN - 1), EINVAL);
	CHECK_RC(pthread_attr_setstacksize(&a, 256 * 1024), 0);
	CHECK_RC(pthread_attr_getstacksize(&a, &size), 0);
	CHECK_EQ(size, 256 * 1024);
	CHECK_RC(pthread_create(&t, &a, give_back, NULL), 0);
	CHECK_RC(pthread_join(t, NULL), 0);
	CHECK_RC(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	CHECK_RC(pthread_create(&t, &a, give_back, NULL), 0);
	CHECK_RC(pthread_attr_destroy(&a), 0);
	conf_sleep_ms(5); /* let the detached thread end */
}

static void scheduling_attributes(void)
{
	struct sched_param sp = { 0 };
	pthread_attr_t a;
	size_t guard;
	int v;

	CHECK_RC(pthread_attr_init(&a), 0);
	CHECK_RC(pthread_attr_getscope(&a, &v), 0);
	CHECK_EQ(v, PTHREAD_SCOPE_SYSTEM);
	CHECK_RC(pthread_attr_setscope(&a, PTHREAD_SCOPE_PROCESS), ENOTSUP);
	CHECK_RC(pthread_attr_setscope(&a, 12345), EINVAL);
	CHECK_RC(pthread_attr_getinheritsched(&a, &v), 0);
	CHECK_EQ(v, PTHREAD_INHERIT_SCHED);
	CHECK_RC(pthread_attr_setinheritsched(&a, 12345), EINVAL);
	CHECK_RC(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
	CHECK_RC(pthread_attr_getschedpolicy(&a, &v), 0);
	CHECK_EQ(v, SCHED_OTHER);
	CHECK_RC(pthread_attr_setschedpolicy(&a, SCHED_OTHER), 0);
	CHECK_RC(pthread_attr_setschedparam(&a, &sp), 0);
	CHECK_RC(pthread_attr_getguardsize(&a, &guard), 0);
	CHECK_EQ(guard, 4096);
	CHECK_RC(pthread_attr_setguardsize(&a, 8192), 0);
	CHECK_RC(pthread_attr_getguardsize(&a, &guard), 0);
	CHECK_EQ(guard, 8192);
	CHECK_RC(pthread_getschedparam(pthread_self(), &v, &sp), 0);
	CHECK_EQ(v, SCHED_OTHER);
	CHECK_EQ(sp.sched_priority, 0);
	CHECK_RC(pthread_attr_destroy(&a), 0);
}

/* No real-time policies. */
static void realtime_policies_are_not_supported(void)
{
	struct sched_param sp = { 5 };
	pthread_attr_t a;

	CHECK_RC(pthread_attr_init(&a), 0);
	CHECK_RC(pthread_attr_setschedpolicy(&a, SCHED_FIFO), ENOTSUP);
	CHECK_RC(pthread_attr_setschedparam(&a, &sp), EINVAL);
	CHECK_RC(pthread_setschedparam(pthread_self(), SCHED_RR, &sp), ENOTSUP);
	sp.sched_priority = 0;
	CHECK_RC(pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp), 0);
	CHECK_RC(pthread_setschedprio(pthread_self(), 1), EINVAL);
	CHECK_RC(pthread_attr_destroy(&a), 0);
}

static pthread_key_t key;
static int destroyed;

static void destructor(void *v)
{
	destroyed += (int)(long)v;
}

static void *use_key(void *arg)
{
	if (pthread_getspecific(key) != NULL)
		return (void *)1L;
	pthread_setspecific(key, arg);
	return pthread_getspecific(key) == arg ? NULL : (void *)2L;
}

static void keys_per_thread_with_destructors(void)
{
	pthread_t t[3];
	void *ret;

	destroyed = 0;
	CHECK_RC(pthread_key_create(&key, destructor), 0);
	CHECK_RC(pthread_setspecific(key, (void *)100L), 0);
	for (long i = 0; i < 3; i++)
		CHECK_RC(pthread_create(&t[i], NULL, use_key, (void *)(i + 1)),
			 0);
	for (int i = 0; i < 3; i++) {
		CHECK_RC(pthread_join(t[i], &ret), 0);
		CHECK(ret == NULL);
	}
	CHECK_EQ(destroyed, 1 + 2 + 3);
	CHECK((long)pthread_getspecific(key) == 100);
	CHECK_RC(pthread_setspecific(key, NULL), 0);
	CHECK_RC(pthread_key_delete(key), 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void once_fn(void)
{
	once_runs++;
	sched_yield();
}

static void *call_once(void *arg)
{
	pthread_once(&once, once_fn);
	return arg;
}

static void once_runs_once(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		CHECK_RC(pthread_create(&t[i], NULL, call_once, NULL), 0);
	call_once(NULL);
	for (int i = 0; i < 4; i++)
		CHECK_RC(pthread_join(t[i], NULL), 0);
	CHECK_EQ(once_runs, 1);
}

/*
 * Each option: defined with a value > 0 means sysconf gives that value;
 * -1 means sysconf gives -1; 0 or undefined: sysconf decides (-1 or a
 * value > 0, never an error).
 */
#define OPTION(macro, sc)                                                      \
	do {                                                                   \
		long v;                                                        \
		errno = 0;                                                     \
		v = sysconf(sc);                                               \
		CHECK(v == -1 ? errno == 0 : v > 0);                           \
		if (OPT_VALUE_##macro > 0)                                     \
			CHECK_EQ(v, OPT_VALUE_##macro);                        \
		if (OPT_VALUE_##macro == -1)                                   \
			CHECK_EQ(v, -1);                                       \
	} while (0)

#define OPT_DEFINE(m) (m + 0) /* an empty definition counts as 0 */

#ifdef _POSIX_THREADS
#define OPT_VALUE__POSIX_THREADS OPT_DEFINE(_POSIX_THREADS)
#else
#define OPT_VALUE__POSIX_THREADS 0
#endif
#ifdef _POSIX_SEMAPHORES
#define OPT_VALUE__POSIX_SEMAPHORES OPT_DEFINE(_POSIX_SEMAPHORES)
#else
#define OPT_VALUE__POSIX_SEMAPHORES 0
#endif
#ifdef _POSIX_TIMERS
#define OPT_VALUE__POSIX_TIMERS OPT_DEFINE(_POSIX_TIMERS)
#else
#define OPT_VALUE__POSIX_TIMERS 0
#endif
#ifdef _POSIX_READER_WRITER_LOCKS
#define OPT_VALUE__POSIX_READER_WRITER_LOCKS OPT_DEFINE(_POSIX_READER_WRITER_LOCKS)
#else
#define OPT_VALUE__POSIX_READER_WRITER_LOCKS 0
#endif
#ifdef _POSIX_SPIN_LOCKS
#define OPT_VALUE__POSIX_SPIN_LOCKS OPT_DEFINE(_POSIX_SPIN_LOCKS)
#else
#define OPT_VALUE__POSIX_SPIN_LOCKS 0
#endif
#ifdef _POSIX_TIMEOUTS
#define OPT_VALUE__POSIX_TIMEOUTS OPT_DEFINE(_POSIX_TIMEOUTS)
#else
#define OPT_VALUE__POSIX_TIMEOUTS 0
#endif
#ifdef _POSIX_MONOTONIC_CLOCK
#define OPT_VALUE__POSIX_MONOTONIC_CLOCK OPT_DEFINE(_POSIX_MONOTONIC_CLOCK)
#else
#define OPT_VALUE__POSIX_MONOTONIC_CLOCK 0
#endif
#ifdef _POSIX_CPUTIME
#define OPT_VALUE__POSIX_CPUTIME OPT_DEFINE(_POSIX_CPUTIME)
#else
#define OPT_VALUE__POSIX_CPUTIME 0
#endif
#ifdef _POSIX_MAPPED_FILES
#define OPT_VALUE__POSIX_MAPPED_FILES OPT_DEFINE(_POSIX_MAPPED_FILES)
#else
#define OPT_VALUE__POSIX_MAPPED_FILES 0
#endif
#ifdef _POSIX_MEMORY_PROTECTION
#define OPT_VALUE__POSIX_MEMORY_PROTECTION OPT_DEFINE(_POSIX_MEMORY_PROTECTION)
#else
#define OPT_VALUE__POSIX_MEMORY_PROTECTION 0
#endif
#ifdef _POSIX_SHARED_MEMORY_OBJECTS
#define OPT_VALUE__POSIX_SHARED_MEMORY_OBJECTS OPT_DEFINE(_POSIX_SHARED_MEMORY_OBJECTS)
#else
#define OPT_VALUE__POSIX_SHARED_MEMORY_OBJECTS 0
#endif
#ifdef _POSIX_BARRIERS
#define OPT_VALUE__POSIX_BARRIERS OPT_DEFINE(_POSIX_BARRIERS)
#else
#define OPT_VALUE__POSIX_BARRIERS 0
#endif

static void options_agree_with_sysconf(void)
{
	OPTION(_POSIX_THREADS, _SC_THREADS);
	OPTION(_POSIX_SEMAPHORES, _SC_SEMAPHORES);
	OPTION(_POSIX_TIMERS, _SC_TIMERS);
	OPTION(_POSIX_READER_WRITER_LOCKS, _SC_READER_WRITER_LOCKS);
	OPTION(_POSIX_SPIN_LOCKS, _SC_SPIN_LOCKS);
	OPTION(_POSIX_TIMEOUTS, _SC_TIMEOUTS);
	OPTION(_POSIX_MONOTONIC_CLOCK, _SC_MONOTONIC_CLOCK);
	OPTION(_POSIX_CPUTIME, _SC_CPUTIME);
	OPTION(_POSIX_MAPPED_FILES, _SC_MAPPED_FILES);
	OPTION(_POSIX_MEMORY_PROTECTION, _SC_MEMORY_PROTECTION);
	OPTION(_POSIX_SHARED_MEMORY_OBJECTS, _SC_SHARED_MEMORY_OBJECTS);
	OPTION(_POSIX_BARRIERS, _SC_BARRIERS);
	CHECK(sysconf(_SC_PAGESIZE) >= 4096);
	CHECK(sysconf(_SC_THREAD_KEYS_MAX) >= 128 ||
	      sysconf(_SC_THREAD_KEYS_MAX) == 64);
	errno = 0;
	CHECK_ERRNO(sysconf(-12345), EINVAL);
}

/* What this project claims: the options it implements, and not others. */
static void options_claimed(void)
{
#if !defined(_POSIX_THREADS) || !defined(_POSIX_SEMAPHORES) ||                 \
	!defined(_POSIX_READER_WRITER_LOCKS) || !defined(_POSIX_SPIN_LOCKS) || \
	!defined(_POSIX_TIMEOUTS) || !defined(_POSIX_MAPPED_FILES) ||          \
	!defined(_POSIX_SHARED_MEMORY_OBJECTS) ||                              \
	!defined(_POSIX_MONOTONIC_CLOCK) || !defined(_POSIX_CPUTIME) ||        \
	!defined(_POSIX_BARRIERS)
	CHECK(!"an implemented option is not defined");
#endif
#if defined(_POSIX_MEMORY_PROTECTION) || defined(_POSIX_THREAD_CPUTIME) ||    \
	defined(_POSIX_THREAD_PRIO_INHERIT)
	CHECK(!"an option that is not implemented is defined");
#endif
	CHECK_EQ(sysconf(_SC_THREADS), 200809L);
	CHECK_EQ(sysconf(_SC_SEMAPHORES), 200809L);
	CHECK_EQ(sysconf(_SC_MEMORY_PROTECTION), -1);
	CHECK_EQ(sysconf(_SC_BARRIERS), 200809L);
	CHECK_EQ(sysconf(_SC_THREAD_KEYS_MAX), PTHREAD_KEYS_MAX);
	CHECK_EQ(sysconf(_SC_THREAD_STACK_MIN), PTHREAD_STACK_MIN);
}

const struct conf_case conf_threads[] = {
	{ "thread.create_join_retval", create_join_retval, 0 },
	{ "thread.join_self_is_edeadlk", join_self_is_edeadlk, 0 },
	{ "thread.exit_gives_the_value", exit_gives_the_value, 0 },
	{ "thread.self_differs_from_other_threads",
	  self_differs_from_other_threads, 0 },
	{ "thread.second_join_is_esrch", second_join_is_esrch, 1 },
	{ "thread.detach_twice_is_einval", detach_twice_is_einval, 1 },
	{ "thread.attributes", attributes, 0 },
	{ "thread.scheduling_attributes", scheduling_attributes, 0 },
	{ "thread.realtime_policies_are_not_supported",
	  realtime_policies_are_not_supported, 1 },
	{ "thread.keys_per_thread_with_destructors",
	  keys_per_thread_with_destructors, 0 },
	{ "thread.once_runs_once", once_runs_once, 0 },
	{ "unistd.options_agree_with_sysconf", options_agree_with_sysconf, 0 },
	{ "unistd.options_claimed", options_claimed, 1 },
	CONF_END
};
