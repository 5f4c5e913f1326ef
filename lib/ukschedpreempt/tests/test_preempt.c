/* SPDX-License-Identifier: BSD-3-Clause */
/* Preemption: busy loops do not starve, priorities order who runs. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <stddef.h>

#define MS(n) ((__nsec)(n) * 1000000ULL)

static volatile int stop;
static volatile unsigned long spins[2];

static void *busy(void *arg)
{
	long i = (long)arg;

	while (!stop)
		spins[i]++; /* never yields, never blocks */
	return NULL;
}

UK_TESTCASE(ukschedpreempt, busy_loop_does_not_starve_others)
{
	struct uk_thread *t[2];
	__nsec t0 = ukplat_monotonic_clock();

	stop = 0;
	spins[0] = spins[1] = 0;
	for (long i = 0; i < 2; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "busy", NULL,
							busy, (void *)i), 0);
	/* We sleep; the timer wakes us although both loop. */
	uk_sched_sleep(MS(50));
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock() - t0, MS(50));
	stop = 1;
	for (int i = 0; i < 2; i++)
		uk_thread_join(t[i], NULL);
	/* Time slices: both busy threads got the CPU. */
	UK_TEST_EXPECT(spins[0] > 0);
	UK_TEST_EXPECT(spins[1] > 0);
}

static int order[3], norder;

static void *record(void *arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	order[norder++] = (int)(long)arg;
	ukplat_lcpu_restore_irqf(flags);
	return NULL;
}

UK_TESTCASE(ukschedpreempt, higher_priority_runs_first)
{
	struct uk_thread_attr lo = { .prio = UK_THREAD_PRIO_DEFAULT - 2 };
	struct uk_thread_attr hi = { .prio = UK_THREAD_PRIO_DEFAULT + 2 };
	struct uk_thread *t[3];

	norder = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[0], "lo", &lo, record,
						(void *)1L), 0);
	UK_TEST_EXPECT_SNUM_EQ(norder, 0); /* below us: waits */
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[1], "hi", &hi, record,
						(void *)2L), 0);
	UK_TEST_EXPECT_SNUM_EQ(norder, 1); /* above us: ran already */
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[2], "same", NULL, record,
						(void *)3L), 0);
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(norder, 3);
	UK_TEST_EXPECT_SNUM_EQ(order[0], 2);
	UK_TEST_EXPECT_SNUM_EQ(order[1], 3);
	UK_TEST_EXPECT_SNUM_EQ(order[2], 1);
}

static volatile int flag_set;
static volatile __nsec flag_at;

static void *low_spinner(void *arg __unused)
{
	while (!flag_set)
		; /* only a preemption lets the setter run */
	return NULL;
}

static void *high_sleeper(void *arg __unused)
{
	uk_sched_sleep(MS(5));
	flag_at = ukplat_monotonic_clock();
	flag_set = 1;
	return NULL;
}

UK_TESTCASE(ukschedpreempt, woken_high_priority_preempts_busy_low)
{
	struct uk_thread_attr lo = { .prio = UK_THREAD_PRIO_DEFAULT - 1 };
	struct uk_thread_attr hi = { .prio = UK_THREAD_PRIO_DEFAULT + 1 };
	struct uk_thread *l, *h;

	flag_set = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&h, "hi", &hi, high_sleeper,
						NULL), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&l, "lo", &lo, low_spinner,
						NULL), 0);
	uk_thread_join(h, NULL);
	uk_thread_join(l, NULL);
	UK_TEST_EXPECT(flag_set);
}

UK_TESTCASE(ukschedpreempt, set_prio_takes_effect)
{
	struct uk_thread *t;

	norder = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "later", NULL, record,
						(void *)1L), 0);
	UK_TEST_EXPECT_SNUM_EQ(norder, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_set_prio(t, UK_THREAD_PRIO_MAX), 0);
	UK_TEST_EXPECT_SNUM_EQ(norder, 1); /* now above us: it ran */
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_set_prio(t, 99), -22);
	uk_thread_join(t, NULL);
}

/*
 * Two threads compute with doubles in registers, never yielding, until
 * each was preempted a few times (counted switches, not time): the
 * interrupted thread's FPU/SSE registers must come back intact.
 */
static void *fp_until_preempted(void *arg)
{
	struct uk_thread *self = uk_thread_current();
	/* The scheduler counts; the compiler must not cache the count. */
	volatile __u64 *switches = &self->switches;
	double k = (double)(2 * (long)arg + 3) / 2.0, acc = 0, acc2 = 1;
	__u64 start = *switches;
	long xs = 0, n = 0;

	while (*switches < start + 4 && n < 2000000000L) {
		acc += (double)(n & 1023) * k;
		acc2 = acc2 * 0.5 + 1.0; /* converges to 2, exactly */
		xs += n & 1023;
		n++;
	}
	return (void *)(long)(acc != (double)xs * k ||
			      (n > 64 && acc2 != 2.0) ||
			      *switches < start + 4);
}

UK_TESTCASE(ukschedpreempt, fpu_registers_survive_preemption)
{
	struct uk_thread *t[2];
	void *ret;

	for (long i = 0; i < 2; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "fp", NULL,
							fp_until_preempted,
							(void *)i), 0);
	for (int i = 0; i < 2; i++) {
		uk_thread_join(t[i], &ret);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	}
}
