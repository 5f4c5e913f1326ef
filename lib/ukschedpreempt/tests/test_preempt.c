/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Preemption: busy loops do not starve, priorities order who runs, the
 * time slice is the configured one, preempted threads allocate safely.
 */
#include <uk/test.h>
#include <uk/alloc.h>
#include <uk/print.h>
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
	/*
	 * Below us, so that no time slice ending before the check lets it
	 * run (an equal priority would share the CPU with us).
	 */
	struct uk_thread_attr lo = { .prio = UK_THREAD_PRIO_DEFAULT - 1 };
	struct uk_thread *t;

	norder = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "later", &lo, record,
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

/*
 * Two busy threads take turns: each notices when it gets the CPU back
 * and records how long the other one ran. The median run is the time
 * slice (plus switch latency); bounds are wide enough for a loaded host
 * or an emulator, and still tell 1 ms from 10 ms. Prints the median for
 * the test suite.
 */
#define SLICE_NS ((__nsec)CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US * 1000)
#define NRUNS 41

static volatile int turn_owner;
static volatile int nruns;
static volatile int turns_stop;
static __nsec run_start;
static __nsec run_len[NRUNS];

static void *take_turns(void *arg)
{
	int me = (int)(long)arg;

	while (!turns_stop) {
		unsigned long flags;

		if (turn_owner == me)
			continue; /* still our run */
		flags = ukplat_lcpu_save_irqf();
		if (turn_owner != 0 && nruns < NRUNS) /* not the first run */
			run_len[nruns++] = ukplat_monotonic_clock() - run_start;
		run_start = ukplat_monotonic_clock();
		turn_owner = me;
		if (nruns == NRUNS)
			turns_stop = 1;
		ukplat_lcpu_restore_irqf(flags);
	}
	return NULL;
}

UK_TESTCASE(ukschedpreempt, time_slice_has_the_configured_length)
{
	struct uk_thread *t[2];
	__nsec median, give_up;

	turn_owner = 0;
	nruns = 0;
	turns_stop = 0;
	for (long i = 0; i < 2; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "turns", NULL,
							take_turns,
							(void *)(i + 1)), 0);
	/* 41 slices, or give up after 100 of them (or 5 s). */
	give_up = ukplat_monotonic_clock() + MAX(100 * SLICE_NS, MS(5000));
	while (!turns_stop && ukplat_monotonic_clock() < give_up)
		uk_sched_sleep(MIN(SLICE_NS * 4, MS(100)));
	turns_stop = 1;
	for (int i = 0; i < 2; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_ASSERT_SNUM_EQ(nruns, NRUNS);
	/* Insertion sort: 41 values. */
	for (int i = 1; i < NRUNS; i++)
		for (int j = i; j > 0 && run_len[j - 1] > run_len[j]; j--) {
			__nsec x = run_len[j];

			run_len[j] = run_len[j - 1];
			run_len[j - 1] = x;
		}
	median = run_len[NRUNS / 2];
	uk_pr_raw("time slice: median run %llu.%03llu ms of %d us\n",
		  (unsigned long long)(median / 1000000),
		  (unsigned long long)(median / 1000 % 1000),
		  CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US);
	UK_TEST_EXPECT_UNUM_GE(median, SLICE_NS / 4);
	UK_TEST_EXPECT_UNUM_LE(median, 3 * SLICE_NS + MS(1));
}

/*
 * Threads that never yield allocate, fill, check and free blocks while
 * the timer preempts them: with LIBUKALLOC_IRQSAFE (which ukschedpreempt
 * selects) no two of them ever get overlapping blocks and no allocator
 * structure breaks. Each runs until it was preempted a few times.
 */
#define NALLOCERS 4
#define NSLOTS 16

static int check_and_free(struct uk_alloc *a, unsigned char *p, __sz len,
			  unsigned char fill)
{
	int bad = 0;

	for (__sz i = 0; i < len; i++)
		if (p[i] != fill)
			bad = 1;
	uk_free(a, p);
	return bad;
}

static void *alloc_until_preempted(void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	volatile __u64 *switches = &uk_thread_current()->switches;
	__u64 start = *switches;
	unsigned char *blk[NSLOTS] = { NULL };
	unsigned char fill[NSLOTS];
	__sz len[NSLOTS];
	unsigned int seed = 2654435761U * (unsigned int)(long)arg + 1;
	long bad = 0, i;

	for (i = 0; (*switches < start + 6 || i < 2000) && i < 20000000L;
	     i++) {
		unsigned int k;

		seed = seed * 1103515245U + 12345U;
		k = (seed >> 16) % NSLOTS;
		if (blk[k]) {
			bad += check_and_free(a, blk[k], len[k], fill[k]);
			blk[k] = NULL;
		}
		len[k] = 1 + (seed >> 8) % 600;
		blk[k] = uk_malloc(a, len[k]);
		if (!blk[k]) {
			bad++;
			continue;
		}
		/* Different in every thread and every allocation. */
		fill[k] = (unsigned char)((long)arg * 64 + i * 7 + 1);
		for (__sz j = 0; j < len[k]; j++)
			blk[k][j] = fill[k];
	}
	for (unsigned int k = 0; k < NSLOTS; k++)
		if (blk[k])
			bad += check_and_free(a, blk[k], len[k], fill[k]);
	if (*switches < start + 6)
		bad += 1000000; /* never preempted enough: the test proved nothing */
	return (void *)bad;
}

UK_TESTCASE(ukschedpreempt, preempted_threads_allocate_concurrently)
{
	struct uk_thread *t[NALLOCERS];
	void *bad;

#ifndef CONFIG_LIBUKALLOC_IRQSAFE
	UK_TEST_EXPECT(0); /* ukschedpreempt must select it */
#endif
	for (long i = 0; i < NALLOCERS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "allocer", NULL,
							alloc_until_preempted,
							(void *)i), 0);
	for (int i = 0; i < NALLOCERS; i++) {
		uk_thread_join(t[i], &bad);
		UK_TEST_EXPECT_SNUM_EQ((long)bad, 0);
	}
}
