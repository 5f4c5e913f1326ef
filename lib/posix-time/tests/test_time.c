/* SPDX-License-Identifier: BSD-3-Clause */
/* gettimeofday and time agree with clock_gettime(CLOCK_REALTIME). */
#include <uk/test.h>
#include <time.h>
#include <sys/time.h>

UK_TESTCASE(time, gettimeofday_and_time_follow_the_realtime_clock)
{
	struct timespec before, after;
	struct timeval tv;
	time_t t = 0, r;

	UK_TEST_ASSERT(clock_gettime(CLOCK_REALTIME, &before) == 0);
	UK_TEST_ASSERT(gettimeofday(&tv, NULL) == 0);
	r = time(&t);
	UK_TEST_ASSERT(clock_gettime(CLOCK_REALTIME, &after) == 0);
	UK_TEST_EXPECT(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	UK_TEST_EXPECT(tv.tv_sec >= before.tv_sec);
	UK_TEST_EXPECT(tv.tv_sec <= after.tv_sec);
	UK_TEST_EXPECT(tv.tv_sec > before.tv_sec ||
		       tv.tv_usec >= before.tv_nsec / 1000);
	UK_TEST_EXPECT_SNUM_EQ(r, t);
	UK_TEST_EXPECT(r >= before.tv_sec && r <= after.tv_sec);
	UK_TEST_EXPECT(time(NULL) >= r);
}
