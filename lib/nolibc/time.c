/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks from the platform. */
#include <time.h>
#include <sys/time.h>
#include <errno.h>
#include <unistd.h>
#include <uk/plat/time.h>
#include <uk/plat/lcpu.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/sched.h>
#include <uk/thread.h>
#endif

/* Other threads run meanwhile if there is a scheduler; else the CPU idles. */
static void sleep_until(__nsec until)
{
	unsigned long flags;

#ifdef CONFIG_LIBUKSCHED
	if (uk_thread_current()) {
		uk_sched_sleep_until(until);
		return;
	}
#endif
	flags = ukplat_lcpu_save_irqf();
	while (ukplat_monotonic_clock() < until)
		ukplat_lcpu_halt_irq_until(until);
	ukplat_lcpu_restore_irqf(flags);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= (long)UKPLAT_NSEC_PER_SEC ||
	    req->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	sleep_until(ukplat_monotonic_clock() +
		    (__nsec)req->tv_sec * UKPLAT_NSEC_PER_SEC +
		    (__nsec)req->tv_nsec);
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

unsigned int sleep(unsigned int secs)
{
	sleep_until(ukplat_monotonic_clock() + (__nsec)secs * UKPLAT_NSEC_PER_SEC);
	return 0;
}

int usleep(unsigned int usecs)
{
	sleep_until(ukplat_monotonic_clock() + (__nsec)usecs * 1000);
	return 0;
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	__nsec now;

	if (clk == CLOCK_REALTIME)
		now = ukplat_wall_clock();
	else if (clk == CLOCK_MONOTONIC)
		now = ukplat_monotonic_clock();
	else {
		errno = EINVAL;
		return -1;
	}
	ts->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
	ts->tv_nsec = (long)(now % UKPLAT_NSEC_PER_SEC);
	return 0;
}

time_t time(time_t *t)
{
	time_t now = (time_t)(ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC);

	if (t)
		*t = now;
	return now;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	__nsec now = ukplat_wall_clock();

	(void)tz;
	if (tv) {
		tv->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(now % UKPLAT_NSEC_PER_SEC / 1000);
	}
	return 0;
}
