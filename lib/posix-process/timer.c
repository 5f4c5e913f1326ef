/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers that send signals: alarm, setitimer/getitimer (ITIMER_REAL
 * sends SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the same time,
 * since the one process always runs, and send SIGVTALRM and SIGPROF),
 * and POSIX timers (timer_create & co.) with SIGEV_SIGNAL, SIGEV_NONE or
 * SIGEV_THREAD (the function runs in a thread of the timer's own).
 * Expiries come from uksched's timers, in interrupt context; the signal
 * reaches a handler at the next safe point of a thread (<uk/signal.h>).
 *
 * Locking: a timer's fields change with interrupts masked.
 */
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <signal.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <errno.h>

#define POSIX_TIMERS_MAX 32
#define NSEC_PER_SEC 1000000000LL

enum { FREE, USED, DYING /* deleted; its thread has not ended yet */ };

struct ptimer {
	int state;
	clockid_t clock;
	struct sigevent ev;
	struct uk_sched_timer st;
	__nsec next;        /* monotonic deadline; 0: disarmed */
	__nsec interval;    /* 0: one shot */
	int overrun;        /* expiries merged into the pending signal */
	struct uk_thread *thread; /* SIGEV_THREAD */
	unsigned long fires;      /* expiries its thread has not run yet */
};

/* [0..2]: the itimers; then the POSIX timers (timer_t: index - 2). */
#define ITIMERS 3
static struct ptimer timers[ITIMERS + POSIX_TIMERS_MAX];

/* Interrupt context: one expiry. */
static void expire(void *arg)
{
	struct ptimer *p = arg;
	siginfo_t info = { .si_code = SI_TIMER };
	__nsec now = ukplat_monotonic_clock();

	if (p->state != USED || !p->next)
		return;
	if (p->interval) {
		p->next += p->interval;
		while (p->next <= now) { /* interrupts came late */
			p->next += p->interval;
			p->overrun++;
		}
		uk_sched_timer_arm(&p->st, p->next);
	} else {
		p->next = 0;
	}
	switch (p->ev.sigev_notify) {
	case SIGEV_SIGNAL:
		info.si_signo = p->ev.sigev_signo;
		info.si_value = p->ev.sigev_value;
		if (uk_signal_send_process(p->ev.sigev_signo, &info) == 1)
			p->overrun++;
		else
			p->overrun = 0;
		break;
	case SIGEV_THREAD:
		p->fires++;
		uk_thread_wake(p->thread);
		break;
	}
}

/* The thread of a SIGEV_THREAD timer: one call per batch of expiries. */
static void *notify_thread(void *arg)
{
	struct ptimer *p = arg;
	unsigned long flags;
	int state;

	for (;;) {
		flags = ukplat_lcpu_save_irqf();
		while (!p->fires && p->state == USED) {
			uk_thread_block(uk_thread_current());
			uk_sched_yield();
		}
		p->overrun = p->fires ? (int)p->fires - 1 : 0;
		p->fires = 0;
		state = p->state;
		ukplat_lcpu_restore_irqf(flags);
		if (state != USED)
			break;
		p->ev.sigev_notify_function(p->ev.sigev_value);
	}
	flags = ukplat_lcpu_save_irqf();
	p->thread = NULL;
	p->state = FREE;
	ukplat_lcpu_restore_irqf(flags);
	uk_thread_detach(uk_thread_current()); /* nobody joins it */
	return NULL;
}

static __nsec ts_ns(const struct timespec *ts)
{
	return (__nsec)ts->tv_sec * NSEC_PER_SEC + (__nsec)ts->tv_nsec;
}

static void ns_ts(__nsec ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

static int bad_ts(const struct timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC;
}

/* What is left until the next expiry, and the interval. Masked. */
static void get(const struct ptimer *p, struct itimerspec *cur)
{
	__nsec now = ukplat_monotonic_clock();

	ns_ts(p->next > now ? p->next - now : p->next ? 1 : 0,
	      &cur->it_value);
	ns_ts(p->interval, &cur->it_interval);
}

/* Arm (value not zero) or disarm p; value relative, or absolute on p's clock. */
static void set(struct ptimer *p, int abs, const struct itimerspec *v,
		struct itimerspec *old)
{
	__nsec now = ukplat_monotonic_clock(), val = ts_ns(&v->it_value);
	unsigned long flags = ukplat_lcpu_save_irqf();

	if (old)
		get(p, old);
	if (abs && val) {
		__nsec clk = p->clock == CLOCK_REALTIME ? ukplat_wall_clock()
							 : now;

		val = val > clk ? val - clk : 1;
	}
	p->interval = ts_ns(&v->it_interval);
	p->overrun = 0;
	p->next = val ? now + val : 0;
	uk_sched_timer_arm(&p->st, p->next);
	ukplat_lcpu_restore_irqf(flags);
}

/* itimers */

static int itimer(int which, struct ptimer **p)
{
	static const int sigs[ITIMERS] = { SIGALRM, SIGVTALRM, SIGPROF };

	if (which < 0 || which >= ITIMERS)
		return -EINVAL;
	*p = &timers[which];
	if ((*p)->state == FREE) {
		(*p)->state = USED;
		(*p)->clock = CLOCK_MONOTONIC;
		(*p)->ev = (struct sigevent){ .sigev_notify = SIGEV_SIGNAL,
					      .sigev_signo = sigs[which] };
		uk_sched_timer_init(&(*p)->st, expire, *p);
	}
	return 0;
}

static void tv_ts(const struct timeval *tv, struct timespec *ts)
{
	ts->tv_sec = tv->tv_sec;
	ts->tv_nsec = tv->tv_usec * 1000;
}

/* Rounded up to whole microseconds: a running timer never reads 0. */
static void ts_tv(const struct timespec *ts, struct timeval *tv)
{
	tv->tv_sec = ts->tv_sec;
	tv->tv_usec = (ts->tv_nsec + 999) / 1000;
	if (tv->tv_usec == 1000000) {
		tv->tv_sec++;
		tv->tv_usec = 0;
	}
}

UK_SYSCALL_R_DEFINE(int, getitimer, int, which, struct itimerval *, cur)
{
	struct ptimer *p;
	struct itimerspec its;
	unsigned long flags;
	int rc = itimer(which, &p);

	if (rc < 0)
		return rc;
	flags = ukplat_lcpu_save_irqf();
	get(p, &its);
	ukplat_lcpu_restore_irqf(flags);
	ts_tv(&its.it_value, &cur->it_value);
	ts_tv(&its.it_interval, &cur->it_interval);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, setitimer, int, which, const struct itimerval *, v,
		    struct itimerval *, old)
{
	struct ptimer *p;
	struct itimerspec its, o;
	int rc = itimer(which, &p);

	if (rc < 0)
		return rc;
	if (v->it_value.tv_sec < 0 || v->it_value.tv_usec < 0 ||
	    v->it_value.tv_usec >= 1000000 || v->it_interval.tv_sec < 0 ||
	    v->it_interval.tv_usec < 0 || v->it_interval.tv_usec >= 1000000)
		return -EINVAL;
	tv_ts(&v->it_value, &its.it_value);
	tv_ts(&v->it_interval, &its.it_interval);
	set(p, 0, &its, &o);
	if (old) {
		ts_tv(&o.it_value, &old->it_value);
		ts_tv(&o.it_interval, &old->it_interval);
	}
	return 0;
}

/* What was left of the previous alarm, rounded as glibc does. */
unsigned int alarm(unsigned int secs)
{
	struct itimerval v = { .it_value = { .tv_sec = secs } }, old;

	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return 0;
	if ((old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0) ||
	    old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return (unsigned int)old.it_value.tv_sec;
}

/* POSIX timers */

static struct ptimer *posix_timer(timer_t id)
{
	unsigned long i = (unsigned long)id;

	if (i < 1 || i > POSIX_TIMERS_MAX || timers[ITIMERS + i - 1].state != USED)
		return NULL;
	return &timers[ITIMERS + i - 1];
}

int timer_create(clockid_t clk, struct sigevent *ev, timer_t *id)
{
	struct ptimer *p = NULL;
	struct uk_thread_attr attr = { 0 }; /* joinable, so we learn its address */
	unsigned long flags;
	unsigned int i;
	int rc;

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC &&
	    clk != CLOCK_PROCESS_CPUTIME_ID && clk != CLOCK_THREAD_CPUTIME_ID) {
		errno = EINVAL;
		return -1;
	}
	if (ev && ((ev->sigev_notify != SIGEV_NONE &&
		    ev->sigev_notify != SIGEV_SIGNAL &&
		    ev->sigev_notify != SIGEV_THREAD) ||
		   (ev->sigev_notify == SIGEV_SIGNAL &&
		    (ev->sigev_signo < 1 || ev->sigev_signo >= NSIG)) ||
		   (ev->sigev_notify == SIGEV_THREAD &&
		    !ev->sigev_notify_function))) {
		errno = EINVAL;
		return -1;
	}
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < POSIX_TIMERS_MAX; i++) {
		if (timers[ITIMERS + i].state == FREE) {
			p = &timers[ITIMERS + i];
			*p = (struct ptimer){ .state = USED, .clock = clk };
			break;
		}
	}
	ukplat_lcpu_restore_irqf(flags);
	if (!p) {
		errno = EAGAIN;
		return -1;
	}
	if (ev)
		p->ev = *ev;
	else /* SIGALRM with the timer's id as value */
		p->ev = (struct sigevent){ .sigev_notify = SIGEV_SIGNAL,
					   .sigev_signo = SIGALRM,
					   .sigev_value.sival_int = (int)i + 1 };
	uk_sched_timer_init(&p->st, expire, p);
	if (p->ev.sigev_notify == SIGEV_THREAD) {
		rc = uk_thread_create(&p->thread, "timer", &attr,
				      notify_thread, p);
		if (rc < 0) {
			p->state = FREE;
			errno = -rc == ENOMEM ? EAGAIN : -rc;
			return -1;
		}
	}
	*id = (timer_t)(unsigned long)(i + 1);
	return 0;
}

int timer_delete(timer_t id)
{
	struct ptimer *p = posix_timer(id);
	unsigned long flags;

	if (!p) {
		errno = EINVAL;
		return -1;
	}
	flags = ukplat_lcpu_save_irqf();
	uk_sched_timer_disarm(&p->st);
	p->next = 0;
	if (p->thread) { /* it frees the slot when it ends */
		p->state = DYING;
		uk_thread_wake(p->thread);
	} else {
		p->state = FREE;
	}
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *v,
		  struct itimerspec *old)
{
	struct ptimer *p = posix_timer(id);

	if (!p || !v || bad_ts(&v->it_value) || bad_ts(&v->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	set(p, flags & TIMER_ABSTIME, v, old);
	return 0;
}

int timer_gettime(timer_t id, struct itimerspec *cur)
{
	struct ptimer *p = posix_timer(id);
	unsigned long flags;

	if (!p) {
		errno = EINVAL;
		return -1;
	}
	flags = ukplat_lcpu_save_irqf();
	get(p, cur);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

int timer_getoverrun(timer_t id)
{
	struct ptimer *p = posix_timer(id);

	if (!p) {
		errno = EINVAL;
		return -1;
	}
	return p->overrun;
}
