/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks, interrupt masking, the one-shot timer and idling (platform API). */
#include <uk/test.h>
#include <uk/assert.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <stddef.h>

#define MS(n) ukarch_time_msec_to_nsec(n)

static volatile int fired;
static volatile __nsec fired_at;

static void on_timer(void *arg)
{
	fired++;
	fired_at = ukplat_monotonic_clock();
	*(int *)arg = 1;
}

/*
 * The timer may have an owner (uksched sets its handler at boot, and
 * these cases may run after it started): borrow it with interrupts
 * masked and give it back as it was. Its owner's last deadline is lost
 * while borrowed, so giving back arms a deadline already past: the
 * owner's handler runs once interrupts are unmasked and programs the
 * timer for its own next deadline (uksched's does; a handler must
 * tolerate running early anyway, see <uk/plat/time.h>).
 */
struct borrowed_timer {
	ukplat_timer_handler_t handler;
	void *arg;
};

static void timer_borrow(struct borrowed_timer *b, int *seen)
{
	UK_ASSERT(ukplat_lcpu_irqs_disabled());
	b->handler = ukplat_timer_get_handler(&b->arg);
	ukplat_timer_set_handler(on_timer, seen);
}

static void timer_give_back(const struct borrowed_timer *b)
{
	ukplat_timer_arm(0);
	ukplat_timer_set_handler(b->handler, b->arg);
	if (b->handler)
		ukplat_timer_arm(1);
}

UK_TESTCASE(kvm_time, monotonic_clock_moves_forward)
{
	__nsec a = ukplat_monotonic_clock(), b;
	unsigned long spins = 0;

	do {
		b = ukplat_monotonic_clock();
	} while (b == a && ++spins < 100000000UL);
	UK_TEST_EXPECT(b > a);
}

UK_TESTCASE(kvm_time, wall_clock_is_after_2020)
{
	/* 2020-01-01 00:00 UTC, and before 2200. */
	__nsec w;

#ifdef PLAT_NO_WALL_CLOCK
	/* A platform image that has no wall-clock source says why. */
	UK_TEST_SKIP(PLAT_NO_WALL_CLOCK);
#endif
	w = ukplat_wall_clock();

	UK_TEST_EXPECT_UNUM_GE(w / UKPLAT_NSEC_PER_SEC, 1577836800ULL);
	UK_TEST_EXPECT_UNUM_LE(w / UKPLAT_NSEC_PER_SEC, 7258118400ULL);
}

UK_TESTCASE(kvm_lcpu, save_and_restore_nest)
{
	unsigned long outer = ukplat_lcpu_save_irqf(), inner;

	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	inner = ukplat_lcpu_save_irqf();
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_restore_irqf(inner);
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled()); /* still the outer's */
	ukplat_lcpu_enable_irq();
	UK_TEST_EXPECT(!ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_disable_irq();
	ukplat_lcpu_restore_irqf(outer);
}

UK_TESTCASE(kvm_timer, halt_until_a_deadline_2ms_ahead)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec start = ukplat_monotonic_clock();

	/*
	 * Any interrupt ends a halt early: with a scheduler in the image its
	 * timer may fire meanwhile (so may the deadline already past that
	 * gives the timer back after the cases below). Halt again then.
	 */
	for (int i = 0; i < 1000 && ukplat_monotonic_clock() < start + MS(2);
	     i++)
		ukplat_lcpu_halt_irq_until(start + MS(2));
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), start + MS(2));
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	/* A deadline in the past returns at once. */
	ukplat_lcpu_halt_irq_until(start);
	ukplat_lcpu_restore_irqf(flags);
}

UK_TESTCASE(kvm_timer, one_shot_handler_runs_at_the_deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct borrowed_timer saved;
	int seen = 0;
	__nsec deadline = ukplat_monotonic_clock() + MS(2);
	__nsec give_up = deadline + MS(2000);

	fired = 0;
	timer_borrow(&saved, &seen);
	ukplat_timer_arm(deadline);
	while (!fired && ukplat_monotonic_clock() < give_up)
		ukplat_lcpu_halt_irq_until(give_up);
	UK_TEST_EXPECT_SNUM_EQ(fired, 1);
	UK_TEST_EXPECT_SNUM_EQ(seen, 1);
	UK_TEST_EXPECT_UNUM_GE(fired_at, deadline);
	timer_give_back(&saved);
	ukplat_lcpu_restore_irqf(flags);
}

UK_TESTCASE(kvm_timer, past_deadline_fires_and_disarm_cancels)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct borrowed_timer saved;
	int seen = 0;
	__nsec now = ukplat_monotonic_clock();

	fired = 0;
	timer_borrow(&saved, &seen);
	ukplat_timer_arm(now > 1 ? now - 1 : 1);
	/* Another interrupt (a device's) may end the halt first. */
	while (!fired && ukplat_monotonic_clock() < now + MS(1000))
		ukplat_lcpu_halt_irq_until(now + MS(1000));
	UK_TEST_EXPECT_SNUM_EQ(fired, 1);

	/* Armed, then disarmed: nothing fires while we sleep past it. */
	ukplat_timer_arm(ukplat_monotonic_clock() + MS(1));
	ukplat_timer_arm(0);
	ukplat_lcpu_halt_irq_until(ukplat_monotonic_clock() + MS(3));
	UK_TEST_EXPECT_SNUM_EQ(fired, 1);

	/* A later arm replaces an earlier one. */
	now = ukplat_monotonic_clock();
	ukplat_timer_arm(now + MS(1));
	ukplat_timer_arm(now + MS(3));
	while (!fired_at || fired == 1) {
		ukplat_lcpu_halt_irq_until(now + MS(1000));
		if (ukplat_monotonic_clock() > now + MS(1000))
			break;
	}
	UK_TEST_EXPECT_SNUM_EQ(fired, 2);
	UK_TEST_EXPECT_UNUM_GE(fired_at, now + MS(3));
	timer_give_back(&saved);
	ukplat_lcpu_restore_irqf(flags);
}
