/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks and sleeps. */
#include <sys/time.h>
#include <unistd.h>
#include "conformance.h"

static void clocks_read_and_resolve(void)
{
	clockid_t clks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
			     CLOCK_PROCESS_CPUTIME_ID };
	struct timespec ts, res;

	for (unsigned int i = 0; i < sizeof(clks) / sizeof(clks[0]); i++) {
		CHECK_OK(clock_gettime(clks[i], &ts));
		CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
		CHECK_OK(clock_getres(clks[i], &res));
		/* at least microseconds */
		CHECK(res.tv_sec == 0 && res.tv_nsec > 0 &&
		      res.tv_nsec <= 1000);
	}
	CHECK_ERRNO(clock_gettime((clockid_t)12345, &ts), EINVAL);
	CHECK_ERRNO(clock_getres((clockid_t)12345, &res), EINVAL);
}

static void cpu_clock_and_setting_clocks(void)
{
	struct timespec ts = { 1, 0 };
	clockid_t clk;

	CHECK_RC(clock_getcpuclockid(0, &clk), 0);
	CHECK_OK(clock_gettime(clk, &ts));
	CHECK_RC(clock_getcpuclockid(getpid(), &clk), 0);
	CHECK_ERRNO(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL);
	CHECK_ERRNO(clock_settime((clockid_t)12345, &ts), EINVAL);
}

/* The wall clock is the platform's: setting it is refused. */
static void realtime_cannot_be_set(void)
{
	struct timespec ts = { 1000, 0 };

	CHECK_ERRNO(clock_settime(CLOCK_REALTIME, &ts), EPERM);
	ts.tv_nsec = -1;
	CHECK_ERRNO(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
}

static void monotonic_never_goes_back(void)
{
	long long last = conf_now_ns(CLOCK_MONOTONIC);

	for (int i = 0; i < 1000; i++) {
		long long now = conf_now_ns(CLOCK_MONOTONIC);

		CHECK(now >= last);
		last = now;
	}
}

static void gettimeofday_agrees_with_realtime(void)
{
	struct timeval tv;
	long long rt, tod;

	CHECK_OK(gettimeofday(&tv, NULL));
	rt = conf_now_ns(CLOCK_REALTIME);
	tod = (long long)tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	CHECK(rt - tod >= 0 && rt - tod < 1000000000LL);
	CHECK(time(NULL) >= tv.tv_sec);
}

static void sleeps_last_at_least_as_asked(void)
{
	struct timespec req = { 0, 20000000L }, rem;
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);

	CHECK_OK(nanosleep(&req, &rem));
	CHECK(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
	t0 = conf_now_ns(CLOCK_MONOTONIC);
	CHECK_OK(usleep(10000));
	CHECK(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 10000000LL);
	CHECK_EQ(sleep(0), 0);
	t0 = conf_now_ns(CLOCK_MONOTONIC);
	req.tv_nsec = 15000000L;
	CHECK_RC(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
	CHECK(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 15000000LL);
	req = conf_in_ms(CLOCK_MONOTONIC, 15);
	CHECK_RC(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL),
		 0);
	CHECK(conf_now_ns(CLOCK_MONOTONIC) >=
	      (long long)req.tv_sec * 1000000000LL + req.tv_nsec);
	req.tv_sec = 0; /* long past */
	CHECK_RC(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL),
		 0);
}

static void sleep_errors(void)
{
	struct timespec req = { 0, 1000000000L };

	CHECK_ERRNO(nanosleep(&req, NULL), EINVAL);
	req.tv_sec = -1;
	req.tv_nsec = 0;
	CHECK_ERRNO(nanosleep(&req, NULL), EINVAL);
	req.tv_sec = 0;
	req.tv_nsec = -1;
	CHECK_RC(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), EINVAL);
	req.tv_nsec = 1000;
	CHECK_RC(clock_nanosleep((clockid_t)12345, 0, &req, NULL), EINVAL);
}

const struct conf_case conf_time[] = {
	{ "clock.read_and_resolve", clocks_read_and_resolve, 0 },
	{ "clock.monotonic_never_goes_back", monotonic_never_goes_back, 0 },
	{ "clock.cpu_clock_and_setting_clocks", cpu_clock_and_setting_clocks,
	  0 },
	{ "clock.realtime_cannot_be_set", realtime_cannot_be_set, 1 },
	{ "clock.gettimeofday_agrees_with_realtime",
	  gettimeofday_agrees_with_realtime, 0 },
	{ "sleep.lasts_at_least_as_asked", sleeps_last_at_least_as_asked, 0 },
	{ "sleep.errors", sleep_errors, 0 },
	CONF_END
};
