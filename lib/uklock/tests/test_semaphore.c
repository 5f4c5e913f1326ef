/* SPDX-License-Identifier: BSD-3-Clause */
/* Semaphores: producers and consumers, deadlines, up from interrupts. */
#include <uk/test.h>

#ifdef CONFIG_LIBUKSCHED /* the sleeping primitives need a scheduler */
#include <uk/semaphore.h>
#include <uk/mutex.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include <errno.h>
#include <stddef.h>

#define NPROD 4
#define NCONS 4
#define PER_PRODUCER 500
#define NITEMS (NPROD * PER_PRODUCER)
#define BUFSZ 8

static struct uk_semaphore slots, items;
static struct uk_mutex buf_lock;
static int buf[BUFSZ], head, tail;
static unsigned char seen[NITEMS];
static int consumed, duplicates, out_of_range;

static void *producer(void *arg)
{
	int id = (int)(long)arg;

	for (int i = 0; i < PER_PRODUCER; i++) {
		uk_semaphore_down(&slots);
		uk_mutex_lock(&buf_lock);
		buf[head] = id * PER_PRODUCER + i;
		head = (head + 1) % BUFSZ;
		uk_mutex_unlock(&buf_lock);
		uk_semaphore_up(&items);
		if (i % 11 == 0)
			uk_sched_yield();
	}
	return NULL;
}

static void *consumer(void *arg __unused)
{
	for (;;) {
		int v;

		uk_semaphore_down(&items);
		uk_mutex_lock(&buf_lock);
		v = buf[tail];
		tail = (tail + 1) % BUFSZ;
		if (v < 0) { /* the stop marker */
			uk_mutex_unlock(&buf_lock);
			uk_semaphore_up(&slots);
			return NULL;
		}
		if (v >= NITEMS)
			out_of_range++;
		else if (seen[v]++)
			duplicates++;
		consumed++;
		uk_mutex_unlock(&buf_lock);
		uk_semaphore_up(&slots);
	}
}

UK_TESTCASE(uklock_semaphore, producers_and_consumers)
{
	struct uk_thread *p[NPROD], *c[NCONS];
	int missing = 0;

	uk_semaphore_init(&slots, BUFSZ);
	uk_semaphore_init(&items, 0);
	uk_mutex_init(&buf_lock);
	head = tail = consumed = duplicates = out_of_range = 0;
	for (int i = 0; i < NITEMS; i++)
		seen[i] = 0;
	for (long i = 0; i < NCONS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&c[i], "consumer", NULL,
							consumer, NULL), 0);
	for (long i = 0; i < NPROD; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&p[i], "producer", NULL,
							producer, (void *)i),
				       0);
	for (int i = 0; i < NPROD; i++)
		uk_thread_join(p[i], NULL);
	for (int i = 0; i < NCONS; i++) { /* one stop marker each */
		uk_semaphore_down(&slots);
		uk_mutex_lock(&buf_lock);
		buf[head] = -1;
		head = (head + 1) % BUFSZ;
		uk_mutex_unlock(&buf_lock);
		uk_semaphore_up(&items);
	}
	for (int i = 0; i < NCONS; i++)
		uk_thread_join(c[i], NULL);
	for (int i = 0; i < NITEMS; i++)
		missing += !seen[i];
	UK_TEST_EXPECT_SNUM_EQ(consumed, NITEMS);
	UK_TEST_EXPECT_SNUM_EQ(duplicates, 0);
	UK_TEST_EXPECT_SNUM_EQ(out_of_range, 0);
	UK_TEST_EXPECT_SNUM_EQ(missing, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_count(&slots), BUFSZ);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_count(&items), 0);
}

UK_TESTCASE(uklock_semaphore, try_and_deadline)
{
	struct uk_semaphore s;
	__nsec deadline;

	uk_semaphore_init(&s, 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_try(&s), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_try(&s), 0);
	deadline = ukplat_monotonic_clock() + 4000000;
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_until(&s, deadline),
			       -ETIMEDOUT);
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), deadline);
	uk_semaphore_up(&s);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_until(&s, deadline), 0);
}

static struct uk_semaphore irq_sem;
static volatile int irq_ups;

static void up_from_interrupt(void *arg __unused)
{
	irq_ups++;
	uk_semaphore_up(&irq_sem);
}

UK_TESTCASE(uklock_semaphore, up_from_a_timer_interrupt)
{
	struct uk_sched_timer tm;
	__nsec deadline;

	uk_semaphore_init(&irq_sem, 0);
	irq_ups = 0;
	uk_sched_timer_init(&tm, up_from_interrupt, NULL);
	deadline = ukplat_monotonic_clock() + 3000000;
	uk_sched_timer_arm(&tm, deadline);
	uk_semaphore_down(&irq_sem);
	UK_TEST_EXPECT_SNUM_EQ(irq_ups, 1);
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), deadline);
}
#endif
