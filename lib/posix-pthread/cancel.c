/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread cancellation. pthread_cancel records a request in the target's
 * struct pthread and wakes the target if it is blocked; the target acts
 * on it at the next cancellation point while cancellation is enabled:
 * it runs its cleanup handlers (innermost first), its key destructors,
 * and exits with PTHREAD_CANCELED. The cancellation points of the other
 * libraries (sleeps, reads and writes, poll, ...) reach us through
 * uksched's cancel hooks (<uk/sched.h>), registered at boot.
 *
 * PTHREAD_CANCEL_ASYNCHRONOUS: a request is acted on, besides at the
 * cancellation points, wherever a signal handler could run
 * (uk_sched_async_cancel_point: posix-process's signal delivery, which
 * sched_yield, sigprocmask, kill, raise and the wake-up of every blocking
 * call reach), and at once when the target cancels itself or turns
 * asynchronous cancellation on. As for signals, nothing interrupts a
 * thread that runs code reaching none of these: no delivery from an
 * interrupt into running code.
 */
#include <pthread.h>
#include <errno.h>
#include <uk/init.h>
#include <uk/sched.h>
#include <uk/plat/lcpu.h>
#include "pthread_internal.h"

/* Whether the calling thread p must act on a request now. */
static int must_act(struct pthread *p)
{
	return p && __atomic_load_n(&p->cancel_requested, __ATOMIC_ACQUIRE) &&
	       p->cancel_state == PTHREAD_CANCEL_ENABLE && !p->cancelling;
}

static void __noreturn act(struct pthread *p)
{
	p->cancelling = 1;
	pthread_finish(p, PTHREAD_CANCELED);
}

int pthread_cancel(pthread_t t)
{
	struct pthread *p = pthread_lookup(t);

	if (!p)
		return ESRCH;
	__atomic_store_n(&p->cancel_requested, 1, __ATOMIC_RELEASE);
	if (p == pthread_current()) {
		if (p->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS && must_act(p))
			act(p);
		return 0;
	}
	/* A blocked target leaves its wait and looks at the request. */
	if (p->cancel_state == PTHREAD_CANCEL_ENABLE && p->thread && !p->exited)
		uk_thread_wake(p->thread);
	return 0;
}

int pthread_setcancelstate(int state, int *oldstate)
{
	struct pthread *p = pthread_current();

	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (!p)
		return ENOMEM;
	if (oldstate)
		*oldstate = p->cancel_state;
	p->cancel_state = state;
	if (p->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS && must_act(p))
		act(p);
	return 0;
}

int pthread_setcanceltype(int type, int *oldtype)
{
	struct pthread *p = pthread_current();

	if (type != PTHREAD_CANCEL_DEFERRED &&
	    type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	if (!p)
		return ENOMEM;
	if (oldtype)
		*oldtype = p->cancel_type;
	p->cancel_type = type;
	if (type == PTHREAD_CANCEL_ASYNCHRONOUS && must_act(p))
		act(p);
	return 0;
}

void pthread_testcancel(void)
{
	struct pthread *p = pthread_current_if_any();

	if (must_act(p))
		act(p);
}

void _pthread_cleanup_push(struct _pthread_cleanup *c, void (*fn)(void *),
			   void *arg)
{
	struct pthread *p = pthread_current();

	c->routine = fn;
	c->arg = arg;
	c->prev = p ? p->cleanup : NULL;
	if (p)
		p->cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup *c, int execute)
{
	struct pthread *p = pthread_current();

	if (p && p->cleanup == c)
		p->cleanup = c->prev;
	if (execute)
		c->routine(c->arg);
}

void pthread_cleanup_run_all(struct pthread *p)
{
	struct _pthread_cleanup *c;

	while ((c = p->cleanup)) {
		p->cleanup = c->prev;
		c->routine(c->arg);
	}
}

static int hook_pending(void)
{
	return must_act(pthread_current_if_any());
}

static void hook_act(void)
{
	struct pthread *p = pthread_current_if_any();

	if (must_act(p))
		act(p);
}

static void hook_async_act(void)
{
	struct pthread *p = pthread_current_if_any();

	if (p && p->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS && must_act(p))
		act(p);
}

static const struct uk_sched_cancel_ops cancel_ops = {
	.pending = hook_pending,
	.act = hook_act,
	.async_act = hook_async_act,
};

static int pthread_cancel_init(void)
{
	uk_sched_set_cancel_ops(&cancel_ops);
	return 0;
}
uk_lib_initcall_prio(pthread_cancel_init, 0);
