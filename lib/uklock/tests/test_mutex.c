/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes: exact counts under contention, recursion, errors, deadlines. */
#include <uk/test.h>
#include <uk/spinlock.h>

UK_TESTCASE(uklock, spinlock_basics)
{
	struct uk_spinlock l = UK_SPINLOCK_INITIALIZER;
	int was_masked = ukplat_lcpu_irqs_disabled();
	unsigned long flags;

	UK_TEST_EXPECT_SNUM_EQ(uk_spin_trylock(&l), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_spin_trylock(&l), 0);
	uk_spin_unlock(&l);
	flags = uk_spin_lock_irqsave(&l);
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	UK_TEST_EXPECT(uk_spin_is_locked(&l));
	uk_spin_unlock_irqrestore(&l, flags);
	UK_TEST_EXPECT(!uk_spin_is_locked(&l));
	UK_TEST_EXPECT_SNUM_EQ(ukplat_lcpu_irqs_disabled(), was_masked);
}

#ifdef CONFIG_LIBUKSCHED /* the sleeping primitives need a scheduler */
#include <uk/mutex.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include <errno.h>
#include <stddef.h>

#define NTHREADS 8
#define NINCS 1000

static struct uk_mutex count_lock;
static volatile long counter;
static volatile int inside, max_inside;

static void *incrementer(void *arg __unused)
{
	for (int i = 0; i < NINCS; i++) {
		long v;

		uk_mutex_lock(&count_lock);
		if (++inside > max_inside)
			max_inside = inside;
		v = counter;
		/* Give others every chance to break in. */
		if (i % 7 == 0)
			uk_sched_yield();
		for (volatile int spin = 0; spin < 20; spin++)
			;
		counter = v + 1;
		inside--;
		uk_mutex_unlock(&count_lock);
		if (i % 5 == 0)
			uk_sched_yield();
	}
	return NULL;
}

UK_TESTCASE(uklock_mutex, contention_counts_stay_exact)
{
	struct uk_thread *t[NTHREADS];

	uk_mutex_init(&count_lock);
	counter = 0;
	inside = max_inside = 0;
	for (int i = 0; i < NTHREADS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "inc", NULL,
							incrementer, NULL),
				       0);
	for (int i = 0; i < NTHREADS; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(counter, NTHREADS * NINCS);
	UK_TEST_EXPECT_SNUM_EQ(max_inside, 1);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&count_lock));
}

static struct uk_mutex held;

static void *try_and_unlock(void *arg __unused)
{
	long r = 0;

	if (uk_mutex_trylock(&held) != -EBUSY)
		r |= 1;
	if (uk_mutex_unlock(&held) != -EPERM)
		r |= 2;
	return (void *)r;
}

UK_TESTCASE(uklock_mutex, errors_and_recursion)
{
	struct uk_thread *t;
	void *ret;

	uk_mutex_init(&held);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&held), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&held), -EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_trylock(&held), -EDEADLK);
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "try", NULL,
						try_and_unlock, NULL), 0);
	uk_thread_join(t, &ret);
	UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), -EPERM);

	uk_mutex_init_recursive(&held);
	for (int i = 0; i < 3; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&held), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_trylock(&held), 0);
	for (int i = 0; i < 3; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), 0);
	UK_TEST_EXPECT(uk_mutex_is_locked(&held)); /* locked 4 times */
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "try", NULL,
						try_and_unlock, NULL), 0);
	uk_thread_join(t, &ret);
	UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), 0);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&held));
}

static volatile int let_go;

static void *hold_until_told(void *arg __unused)
{
	uk_mutex_lock(&held);
	while (!let_go)
		uk_sched_sleep(1000000);
	uk_mutex_unlock(&held);
	return NULL;
}

UK_TESTCASE(uklock_mutex, deadline_is_kept)
{
	struct uk_thread *t;
	__nsec deadline;

	uk_mutex_init(&held);
	let_go = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "holder", NULL,
						hold_until_told, NULL), 0);
	/*
	 * Until it has taken the mutex (a yield is not enough when a time
	 * slice ends first on a loaded emulator); at most 2 s. No ASSERT:
	 * the holder must be let go and joined whatever happens, or it
	 * would keep the mutex from the cases after this one.
	 */
	for (int i = 0; i < 2000 && !uk_mutex_is_locked(&held); i++)
		uk_sched_sleep(1000000);
	UK_TEST_EXPECT(uk_mutex_is_locked(&held));
	if (uk_mutex_is_locked(&held)) {
		deadline = ukplat_monotonic_clock() + 5000000;
		UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock_until(&held, deadline),
				       -ETIMEDOUT);
		UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), deadline);
	}
	/* Without a deadline the lock comes once the holder lets go. */
	let_go = 1;
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&held), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&held), 0);
	uk_thread_join(t, NULL);
}

static int fifo_order[4], fifo_n;

static void *fifo_waiter(void *arg)
{
	uk_mutex_lock(&held);
	fifo_order[fifo_n++] = (int)(long)arg;
	uk_mutex_unlock(&held);
	return NULL;
}

UK_TESTCASE(uklock_mutex, waiters_get_it_in_arrival_order)
{
	struct uk_thread *t[4];

	uk_mutex_init(&held);
	fifo_n = 0;
	uk_mutex_lock(&held);
	for (long i = 0; i < 4; i++) {
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "fifo", NULL,
							fifo_waiter,
							(void *)i), 0);
		uk_sched_sleep(1000000); /* it queues up on the mutex */
	}
	uk_mutex_unlock(&held);
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(fifo_n, 4);
	for (int i = 0; i < 4; i++)
		UK_TEST_EXPECT_SNUM_EQ(fifo_order[i], i);
}
#endif
