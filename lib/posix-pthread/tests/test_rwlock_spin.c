/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <pthread.h>
#include <sched.h>
#include <errno.h>
#include <time.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int readers_in, max_readers, writer_in, overlap;

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		pthread_rwlock_rdlock(&rw);
		readers_in++;
		if (readers_in > max_readers)
			max_readers = readers_in;
		if (writer_in)
			overlap = 1;
		sched_yield();
		readers_in--;
		pthread_rwlock_unlock(&rw);
		sched_yield();
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		pthread_rwlock_wrlock(&rw);
		writer_in++;
		if (readers_in || writer_in > 1)
			overlap = 1;
		sched_yield();
		writer_in--;
		pthread_rwlock_unlock(&rw);
		sched_yield();
	}
	return NULL;
}

UK_TESTCASE(pthread, rwlock_readers_share_writers_exclude)
{
	pthread_t t[5];

	readers_in = max_readers = writer_in = overlap = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_SNUM_EQ(pthread_create(&t[i], NULL, reader, NULL), 0);
	for (int i = 3; i < 5; i++)
		UK_TEST_ASSERT_SNUM_EQ(pthread_create(&t[i], NULL, writer, NULL), 0);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_ZERO(overlap);
	UK_TEST_EXPECT_SNUM_GT(max_readers, 1);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_destroy(&rw), 0);
}

UK_TESTCASE(pthread, rwlock_try_timed_and_errors)
{
	pthread_rwlock_t l;
	pthread_rwlockattr_t a;
	struct timespec past = { 0, 0 }, bad = { 0, 2000000000L };
	int shared;

	UK_TEST_EXPECT_ZERO(pthread_rwlockattr_init(&a));
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlockattr_setpshared(&a, 7), EINVAL);
	UK_TEST_EXPECT_ZERO(pthread_rwlockattr_getpshared(&a, &shared));
	UK_TEST_EXPECT_SNUM_EQ(shared, PTHREAD_PROCESS_PRIVATE);
	UK_TEST_EXPECT_ZERO(pthread_rwlock_init(&l, &a));
	UK_TEST_EXPECT_ZERO(pthread_rwlock_rdlock(&l));
	UK_TEST_EXPECT_ZERO(pthread_rwlock_tryrdlock(&l)); /* readers share */
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_trywrlock(&l), EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_timedwrlock(&l, &past), ETIMEDOUT);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_destroy(&l), EBUSY);
	UK_TEST_EXPECT_ZERO(pthread_rwlock_unlock(&l));
	UK_TEST_EXPECT_ZERO(pthread_rwlock_unlock(&l));
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_unlock(&l), EPERM);
	UK_TEST_EXPECT_ZERO(pthread_rwlock_wrlock(&l));
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_wrlock(&l), EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_rdlock(&l), EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_tryrdlock(&l), EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_timedwrlock(&l, &bad), EDEADLK);
	UK_TEST_EXPECT_ZERO(pthread_rwlock_unlock(&l));
	UK_TEST_EXPECT_SNUM_EQ(pthread_rwlock_timedrdlock(&l, &bad), EINVAL);
	UK_TEST_EXPECT_ZERO(pthread_rwlock_destroy(&l));
	UK_TEST_EXPECT_ZERO(pthread_rwlockattr_destroy(&a));
}

static pthread_spinlock_t spin;
static volatile long spin_count;

static void *spinner(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		long v;

		pthread_spin_lock(&spin);
		v = spin_count;
		sched_yield(); /* a waiter must let us run to release it */
		spin_count = v + 1;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

UK_TESTCASE(pthread, spinlocks_exclude_and_give_the_cpu_away)
{
	pthread_t t[3];

	UK_TEST_EXPECT_SNUM_EQ(pthread_spin_init(&spin, 5), EINVAL);
	UK_TEST_ASSERT_SNUM_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0);
	UK_TEST_EXPECT_ZERO(pthread_spin_trylock(&spin));
	UK_TEST_EXPECT_SNUM_EQ(pthread_spin_trylock(&spin), EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(pthread_spin_destroy(&spin), EBUSY);
	UK_TEST_EXPECT_ZERO(pthread_spin_unlock(&spin));
	spin_count = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_SNUM_EQ(pthread_create(&t[i], NULL, spinner, NULL), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(spin_count, 600);
	UK_TEST_EXPECT_ZERO(pthread_spin_destroy(&spin));
}
