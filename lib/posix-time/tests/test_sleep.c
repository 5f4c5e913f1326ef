/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sleeping: never early, never very late, bad arguments refused, and,
 * with a scheduler, other threads run while one sleeps (posix-pthread or
 * not).
 */
#include <uk/test.h>
#include <uk/plat/time.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <stddef.h>

#define MS(n) ukarch_time_msec_to_nsec(n)
/* Late by this much, even a loaded host did not delay us: the wake-up did. */
#define LATE_MAX MS(200)

UK_TESTCASE(posix_time, sleeps_are_never_early_nor_very_late)
{
	struct timespec req = { 0, 5000000 }, rem = { 1, 1 };
	__nsec t0 = ukplat_monotonic_clock(), dt;

	UK_TEST_EXPECT_ZERO(nanosleep(&req, &rem));
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, MS(5));
	UK_TEST_EXPECT_UNUM_LE(dt, MS(5) + LATE_MAX);
	UK_TEST_EXPECT_ZERO(rem.tv_sec);
	UK_TEST_EXPECT_ZERO(rem.tv_nsec);

	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_ZERO(usleep(3000));
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, MS(3));
	UK_TEST_EXPECT_UNUM_LE(dt, MS(3) + LATE_MAX);
}

UK_TESTCASE(posix_time, bad_sleeps_are_refused)
{
	struct timespec req = { 0, 1000000000L };

	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&req, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	req.tv_sec = -1;
	req.tv_nsec = 0;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&req, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

#ifdef CONFIG_LIBUKSCHED
static volatile __nsec worker_ran_at;

static void *note_when_run(void *arg)
{
	worker_ran_at = ukplat_monotonic_clock();
	return arg;
}

/*
 * A thread that sleeps gives the CPU away: under ukschedcoop the worker
 * created below cannot run before this thread blocks, and it must run
 * during the sleep, not after it.
 */
UK_TESTCASE(posix_time, other_threads_run_while_one_sleeps)
{
	struct timespec req = { 0, 20000000 };
	struct uk_thread *t;
	__nsec woke;

	worker_ran_at = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "worker", NULL,
						note_when_run, NULL), 0);
	UK_TEST_EXPECT_ZERO(nanosleep(&req, NULL));
	woke = ukplat_monotonic_clock();
	UK_TEST_EXPECT(worker_ran_at != 0);
	UK_TEST_EXPECT_UNUM_LE(worker_ran_at, woke);

	worker_ran_at = 0;
	UK_TEST_EXPECT_ZERO(uk_thread_join(t, NULL));
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "worker", NULL,
						note_when_run, NULL), 0);
	UK_TEST_EXPECT_ZERO(usleep(20000));
	UK_TEST_EXPECT(worker_ran_at != 0);
	UK_TEST_EXPECT_ZERO(uk_thread_join(t, NULL));
}
#endif
