/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks and sleeping on the platform's clocks. */
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include <uk/plat/lcpu.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif
#ifdef CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#endif
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <errno.h>

/*
 * Sleeping: with a scheduler, the calling thread blocks and the others
 * run; without one (or before it starts) the CPU idles until the
 * deadline. A signal (posix-process) ends it early: its handler runs,
 * and this returns -EINTR (sleeps are never restarted, as on Linux). A
 * cancellation point (<uk/sched.h>): a request ends the sleep, and the
 * thread acts on it.
 */
static int sleep_until(__nsec until)
{
#ifdef CONFIG_LIBPOSIX_PROCESS
	int r;

#ifdef CONFIG_LIBUKSCHED
	uk_sched_cancel_point();
#endif
	r = uk_signal_sleep_until(until ? until : 1);
#ifdef CONFIG_LIBUKSCHED
	uk_sched_cancel_point();
#endif
	return r == 0 ? 0 : -EINTR;
#else
	unsigned long flags;

#ifdef CONFIG_LIBUKSCHED
	if (uk_thread_current()) {
		uk_sched_cancel_point();
		flags = ukplat_lcpu_save_irqf();
		while (ukplat_monotonic_clock() < until &&
		       !uk_sched_cancel_pending()) {
			uk_thread_block_until(uk_thread_current(), until);
			uk_sched_yield();
		}
		ukplat_lcpu_restore_irqf(flags);
		uk_sched_cancel_point();
		return 0;
	}
#endif
	flags = ukplat_lcpu_save_irqf();
	while (ukplat_monotonic_clock() < until)
		ukplat_lcpu_halt_irq_until(until);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
#endif
}

static void to_timespec(__nsec ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / UKPLAT_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UKPLAT_NSEC_PER_SEC);
}

/* What is left until the deadline, for rem. */
static void left(__nsec until, struct timespec *rem)
{
	__nsec now = ukplat_monotonic_clock();

	if (rem)
		to_timespec(until > now ? until - now : 0, rem);
}

static int clock_now(clockid_t clk, __nsec *now)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*now = ukplat_wall_clock();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*now = ukplat_monotonic_clock();
		return 0;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_R_DEFINE(int, clock_gettime, clockid_t, clk, struct timespec *, ts)
{
	__nsec now;
	int rc = clock_now(clk, &now);

	if (rc == 0)
		to_timespec(now, ts);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, clock_getres, clockid_t, clk, struct timespec *, ts)
{
	__nsec now;
	int rc = clock_now(clk, &now);

	if (rc == 0 && ts) {
		ts->tv_sec = 0;
		ts->tv_nsec = 1;
	}
	return rc;
}

UK_SYSCALL_R_DEFINE(int, gettimeofday, struct timeval *, tv, void *, tz)
{
	__nsec now = ukplat_wall_clock();

	(void)tz;
	if (tv) {
		tv->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
		tv->tv_usec = (suseconds_t)(now % UKPLAT_NSEC_PER_SEC / 1000);
	}
	return 0;
}

/* time() itself is newlib's (over gettimeofday); this is for syscall(2). */
UK_SYSCALL_R_DEFINE_RAW(time, time_t *, t)
{
	time_t now = (time_t)(ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC);

	if (t)
		*t = now;
	return now;
}

static int check_ts(const struct timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L
		       ? -EINVAL
		       : 0;
}

/*
 * The clocks are the platform's and none can be set: CLOCK_REALTIME
 * gives EPERM (as to a process without the privilege), the others
 * EINVAL, as on Linux.
 */
UK_SYSCALL_R_DEFINE(int, clock_settime, clockid_t, clk,
		    const struct timespec *, ts)
{
	__nsec now;
	int rc = clock_now(clk, &now);

	if (rc < 0)
		return rc;
	if (!ts || check_ts(ts) < 0)
		return -EINVAL;
	return clk == CLOCK_REALTIME ? -EPERM : -EINVAL;
}

/* The process's CPU-time clock (the process is the machine). */
int clock_getcpuclockid(pid_t pid, clockid_t *clk)
{
	if (pid != 0 && pid != getpid())
		return ESRCH;
	*clk = CLOCK_PROCESS_CPUTIME_ID;
	return 0;
}

static __nsec ts_nsec(const struct timespec *ts)
{
	return (__nsec)ts->tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts->tv_nsec;
}

UK_SYSCALL_R_DEFINE(int, nanosleep, const struct timespec *, req,
		    struct timespec *, rem)
{
	int rc = check_ts(req);
	__nsec until;

	if (rc < 0)
		return rc;
	until = ukplat_monotonic_clock() + ts_nsec(req);
	rc = sleep_until(until);
	if (rc < 0)
		left(until, rem);
	else if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return rc;
}

/* Returns an errno value itself, as POSIX says. */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	__nsec now, until;
	int rc = clock_now(clk, &now);

	if (rc == 0)
		rc = check_ts(req);
	if (rc < 0)
		return -rc;
	until = ts_nsec(req);
	if (flags & TIMER_ABSTIME) /* a point on clk: how far from now */
		until = until > now ? until - now : 0;
	until += ukplat_monotonic_clock();
	rc = sleep_until(until);
	if (rem && !(flags & TIMER_ABSTIME)) {
		if (rc < 0)
			left(until, rem);
		else
			rem->tv_sec = rem->tv_nsec = 0;
	}
	return -rc;
}

/* Returns the whole seconds left when a signal cut it short (as glibc:
 * the fraction dropped). */
unsigned int sleep(unsigned int secs)
{
	__nsec until = ukplat_monotonic_clock() + ukarch_time_sec_to_nsec(secs);
	__nsec now;

	if (sleep_until(until) == 0)
		return 0;
	now = ukplat_monotonic_clock();
	return until > now ? (unsigned int)((until - now) / UKPLAT_NSEC_PER_SEC)
			   : 0;
}

int usleep(useconds_t usecs)
{
	int rc = sleep_until(ukplat_monotonic_clock() +
			     ukarch_time_usec_to_nsec(usecs));

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}
