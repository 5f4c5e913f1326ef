/* SPDX-License-Identifier: BSD-3-Clause */
/* Sleeping, deadlines and timers: in order, and never early. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <stddef.h>

#define MS(n) ((__nsec)(n) * 1000000ULL)
/*
 * How late a wake-up may be. Generous: a loaded host or an emulator
 * delays us by milliseconds, not by this; a lost or badly programmed
 * timer (waking only at some later interrupt) shows.
 */
#define LATE_MAX MS(200)

UK_TESTCASE(uksched_sleep, sleep_is_never_early_nor_very_late)
{
	for (int i = 0; i < 5; i++) {
		__nsec d = MS(1 + 2 * i);
		__nsec t0 = ukplat_monotonic_clock(), dt;

		uk_sched_sleep(d);
		dt = ukplat_monotonic_clock() - t0;
		UK_TEST_EXPECT_UNUM_GE(dt, d);
		UK_TEST_EXPECT_UNUM_LE(dt, d + LATE_MAX);
	}
	/* A deadline in the past returns at once. */
	uk_sched_sleep_until(1);
}

#define NSLEEPERS 6
static const int sleep_ms[NSLEEPERS] = { 30, 10, 50, 20, 60, 40 };
static int woke_order[NSLEEPERS];
static int nwoke;
static __nsec sleep_start;
static int woke_early, woke_late;

/*
 * Deadlines start 100 ms out, so every sleeper is asleep before the first
 * one is due even on a slow, loaded machine: the order checked is the
 * deadlines', not the order the threads happened to start in.
 */
static void *sleeper(void *arg)
{
	long i = (long)arg;
	__nsec deadline = sleep_start + MS(100 + sleep_ms[i]);
	unsigned long flags;

	uk_sched_sleep_until(deadline);
	flags = ukplat_lcpu_save_irqf();
	if (ukplat_monotonic_clock() < deadline)
		woke_early++;
	if (ukplat_monotonic_clock() > deadline + LATE_MAX)
		woke_late++;
	woke_order[nwoke++] = (int)i;
	ukplat_lcpu_restore_irqf(flags);
	return NULL;
}

UK_TESTCASE(uksched_sleep, sleepers_wake_in_deadline_order)
{
	struct uk_thread *t[NSLEEPERS];

	nwoke = 0;
	woke_early = 0;
	woke_late = 0;
	sleep_start = ukplat_monotonic_clock();
	for (long i = 0; i < NSLEEPERS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "sleeper", NULL,
							sleeper, (void *)i),
				       0);
	for (int i = 0; i < NSLEEPERS; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(nwoke, NSLEEPERS);
	UK_TEST_EXPECT_SNUM_EQ(woke_early, 0);
	UK_TEST_EXPECT_SNUM_EQ(woke_late, 0);
	for (int i = 1; i < nwoke; i++)
		UK_TEST_EXPECT_SNUM_LT(sleep_ms[woke_order[i - 1]],
				       sleep_ms[woke_order[i]]);
}

static volatile int timer_fired, timer_masked;
static volatile __nsec timer_fired_at;
static struct uk_thread *timer_waiter;

static void timer_fn(void *arg)
{
	timer_fired++;
	timer_fired_at = ukplat_monotonic_clock();
	timer_masked = ukplat_lcpu_irqs_disabled();
	uk_thread_wake(arg);
}

UK_TESTCASE(uksched_sleep, timer_runs_in_interrupt_context_on_time)
{
	struct uk_sched_timer tm;
	unsigned long flags;
	__nsec deadline;

	timer_fired = 0;
	timer_waiter = uk_thread_current();
	uk_sched_timer_init(&tm, timer_fn, timer_waiter);
	deadline = ukplat_monotonic_clock() + MS(5);
	flags = ukplat_lcpu_save_irqf();
	uk_sched_timer_arm(&tm, deadline);
	while (!timer_fired) {
		uk_thread_block(timer_waiter);
		uk_sched_yield();
	}
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(timer_fired, 1);
	UK_TEST_EXPECT_UNUM_GE(timer_fired_at, deadline);
	UK_TEST_EXPECT_UNUM_LE(timer_fired_at, deadline + LATE_MAX);
	UK_TEST_EXPECT(timer_masked);

	/*
	 * A disarmed timer stays quiet. Interrupts are off between arming and
	 * disarming: on a loaded host more than the 2 ms could pass there, and
	 * the timer would rightly fire.
	 */
	flags = ukplat_lcpu_save_irqf();
	uk_sched_timer_arm(&tm, ukplat_monotonic_clock() + MS(2));
	uk_sched_timer_disarm(&tm);
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_sleep(MS(6));
	UK_TEST_EXPECT_SNUM_EQ(timer_fired, 1);
}

UK_TESTCASE(uksched_sleep, block_with_deadline_times_out)
{
	struct uk_thread *self = uk_thread_current();
	__nsec deadline = ukplat_monotonic_clock() + MS(3);
	unsigned long flags = ukplat_lcpu_save_irqf();

	while (ukplat_monotonic_clock() < deadline) {
		uk_thread_block_until(self, deadline);
		uk_sched_yield();
	}
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), deadline);
	UK_TEST_EXPECT_SNUM_EQ(self->state, UK_THREAD_RUNNABLE);
}
