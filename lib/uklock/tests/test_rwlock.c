/* SPDX-License-Identifier: BSD-3-Clause */
/* Reader-writer locks: shared readers, exclusive writers, writers first. */
#include <uk/test.h>

#ifdef CONFIG_LIBUKSCHED /* the sleeping primitives need a scheduler */
#include <uk/rwlock.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <errno.h>
#include <stddef.h>

static struct uk_rwlock rw;
static volatile int readers_in, writers_in, max_readers, bad;

static void note(int dr, int dw)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	readers_in += dr;
	writers_in += dw;
	if (readers_in > max_readers)
		max_readers = readers_in;
	if (writers_in > 1 || (writers_in && readers_in))
		bad++;
	ukplat_lcpu_restore_irqf(flags);
}

static void *reader(void *arg __unused)
{
	for (int i = 0; i < 20; i++) {
		uk_rwlock_rlock(&rw);
		note(1, 0);
		uk_sched_sleep(200000);
		note(-1, 0);
		uk_rwlock_unlock(&rw);
		uk_sched_yield();
	}
	return NULL;
}

static void *writer(void *arg __unused)
{
	for (int i = 0; i < 10; i++) {
		uk_rwlock_wlock(&rw);
		note(0, 1);
		uk_sched_yield();
		note(0, -1);
		uk_rwlock_unlock(&rw);
		uk_sched_sleep(300000);
	}
	return NULL;
}

UK_TESTCASE(uklock_rwlock, readers_share_writers_exclude)
{
	struct uk_thread *t[6];

	uk_rwlock_init(&rw);
	readers_in = writers_in = max_readers = bad = 0;
	for (int i = 0; i < 4; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "reader", NULL,
							reader, NULL), 0);
	for (int i = 4; i < 6; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "writer", NULL,
							writer, NULL), 0);
	for (int i = 0; i < 6; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	UK_TEST_EXPECT_SNUM_GT(max_readers, 1);
	UK_TEST_EXPECT_SNUM_EQ(readers_in + writers_in, 0);
}

static volatile int writer_has_it;

static void *waiting_writer(void *arg __unused)
{
	uk_rwlock_wlock(&rw);
	writer_has_it = 1;
	uk_rwlock_unlock(&rw);
	return NULL;
}

static unsigned int writers_waiting(void)
{
	return *(volatile unsigned int *)&rw.writers_waiting;
}

UK_TESTCASE(uklock_rwlock, waiting_writer_holds_back_new_readers)
{
	struct uk_thread *t;

	uk_rwlock_init(&rw);
	writer_has_it = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_tryrlock(&rw), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "writer", NULL,
						waiting_writer, NULL), 0);
	/*
	 * Until the writer waits for us: a fixed sleep is not enough on a
	 * loaded emulator, and a reader let in before it would be wrong
	 * only in this test's reckoning. Bounded: 2 s.
	 */
	for (int i = 0; i < 2000 && !writers_waiting(); i++)
		uk_sched_sleep(1000000);
	UK_TEST_ASSERT_SNUM_EQ(writers_waiting(), 1);
	UK_TEST_EXPECT_SNUM_EQ(writer_has_it, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_tryrlock(&rw), -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_trywlock(&rw), -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_unlock(&rw), 0);
	uk_thread_join(t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(writer_has_it, 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_unlock(&rw), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_wlock(&rw), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_wlock(&rw), -EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_tryrlock(&rw), -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(uk_rwlock_unlock(&rw), 0);
}
#endif
