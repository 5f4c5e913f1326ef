/* SPDX-License-Identifier: BSD-3-Clause */
/* Condition variables: signal, broadcast, deadlines, recursive mutexes. */
#include <uk/test.h>

#ifdef CONFIG_LIBUKSCHED /* the sleeping primitives need a scheduler */
#include <uk/condvar.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include <errno.h>
#include <stddef.h>

static struct uk_mutex m;
static struct uk_condvar cv;
static int ready, woken_count, go;

static void *wait_for_go(void *arg __unused)
{
	uk_mutex_lock(&m);
	ready++;
	while (!go)
		uk_condvar_wait(&cv, &m);
	woken_count++;
	uk_mutex_unlock(&m);
	return NULL;
}

UK_TESTCASE(uklock_condvar, signal_wakes_one_broadcast_all)
{
	struct uk_thread *t[5];

	uk_mutex_init(&m);
	uk_condvar_init(&cv);
	ready = woken_count = go = 0;
	for (int i = 0; i < 5; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "cv", NULL,
							wait_for_go, NULL), 0);
	while (ready < 5)
		uk_sched_sleep(500000);
	uk_sched_sleep(1000000);
	UK_TEST_EXPECT_SNUM_EQ(woken_count, 0);
	/* A signal without the predicate wakes one, which waits again. */
	uk_condvar_signal(&cv);
	uk_sched_sleep(1000000);
	UK_TEST_EXPECT_SNUM_EQ(woken_count, 0);
	uk_mutex_lock(&m);
	go = 1;
	uk_condvar_signal(&cv);
	uk_mutex_unlock(&m);
	uk_sched_sleep(2000000);
	UK_TEST_EXPECT_SNUM_EQ(woken_count, 1);
	uk_condvar_broadcast(&cv);
	for (int i = 0; i < 5; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(woken_count, 5);
}

UK_TESTCASE(uklock_condvar, deadline_and_recursive_mutex)
{
	struct uk_mutex rm;
	__nsec deadline;

	uk_condvar_init(&cv);
	uk_mutex_init_recursive(&rm);
	UK_TEST_EXPECT_SNUM_EQ(uk_condvar_wait(&cv, &rm), -EPERM);
	uk_mutex_lock(&rm);
	uk_mutex_lock(&rm);
	deadline = ukplat_monotonic_clock() + 3000000;
	UK_TEST_EXPECT_SNUM_EQ(uk_condvar_wait_until(&cv, &rm, deadline),
			       -ETIMEDOUT);
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), deadline);
	/* Back with the mutex, locked twice as before. */
	UK_TEST_EXPECT_PTR_EQ(rm.owner, uk_thread_current());
	UK_TEST_EXPECT_UNUM_EQ(rm.count, 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&rm), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&rm), 0);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&rm));
}
#endif
