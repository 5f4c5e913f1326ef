/* SPDX-License-Identifier: BSD-3-Clause */
/* Cooperative round robin: fixed order, no switch without a yield. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include <stddef.h>

static char trace[16];
static int ntrace;

static void *take_turns(void *arg)
{
	for (int i = 0; i < 3; i++) {
		trace[ntrace++] = (char)(long)arg;
		uk_sched_yield();
	}
	return NULL;
}

UK_TESTCASE(ukschedcoop, round_robin_order)
{
	struct uk_thread *t[3];

	ntrace = 0;
	for (long i = 0; i < 3; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "turns", NULL,
							take_turns,
							(void *)('A' + i)),
				       0);
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i], NULL);
	trace[ntrace] = '\0';
	UK_TEST_EXPECT_STR_EQ(trace, "ABCABCABC");
}

static volatile unsigned long ticks;
static volatile int stop_ticking;

static void *ticker(void *arg __unused)
{
	while (!stop_ticking) {
		ticks++;
		uk_sched_sleep(100000);
	}
	return NULL;
}

UK_TESTCASE(ukschedcoop, no_switch_without_yield)
{
	struct uk_thread *t;
	unsigned long before;
	__nsec end;

	ticks = 0;
	stop_ticking = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "ticker", NULL, ticker,
						NULL), 0);
	uk_sched_sleep(1000000); /* it runs and sleeps */
	before = ticks;
	UK_TEST_EXPECT(before > 0);
	/* Busy for 20 ms: its timer fires, but it must not run. */
	end = ukplat_monotonic_clock() + 20000000;
	while (ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(ticks, before);
	uk_sched_yield();
	UK_TEST_EXPECT_UNUM_EQ(ticks, before + 1);
	stop_ticking = 1;
	uk_thread_join(t, NULL);
}
