/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: a struct pthread per POSIX thread, found through a __thread
 * pointer. pthread_t is a number that is never given twice, looked up in
 * the list of live threads, so an id kept past its thread's join finds
 * nothing (ESRCH) and never another thread. Threads not made by
 * pthread_create (main, kernel threads) get one when they first ask for
 * it. Every thread has its own newlib state (newlib's reent_thread.c); a
 * pthread's is released when it ends.
 */
#include <pthread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/newlib.h>
#include <uk/waitq.h>
#include <uk/plat/lcpu.h>
#include "pthread_internal.h"
#ifdef CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#endif

static __thread struct pthread *self;

/* Live struct pthreads; ids. Changed with interrupts off (one CPU). */
static struct pthread *live;
static pthread_t last_id;

/* Woken whenever a pthread exits (pthread_join waits here). */
static struct uk_waitq exits = UK_WAITQ_INITIALIZER(exits);

/* p gets a fresh id and joins the live list. */
static void track(struct pthread *p)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	p->id = ++last_id;
	p->next = live;
	live = p;
	ukplat_lcpu_restore_irqf(flags);
}

/* Take p off the list and free it. */
static void release(struct pthread *p)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct pthread **pp = &live;

	while (*pp && *pp != p)
		pp = &(*pp)->next;
	if (*pp)
		*pp = p->next;
	ukplat_lcpu_restore_irqf(flags);
	free(p);
}

struct pthread *pthread_lookup(pthread_t t)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct pthread *p = live;

	while (p && p->id != t)
		p = p->next;
	ukplat_lcpu_restore_irqf(flags);
	return p;
}

struct pthread *pthread_current_if_any(void)
{
	return self;
}

struct pthread *pthread_current(void)
{
	struct pthread *p = self;

	if (!p && uk_thread_current()) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return NULL;
		p->thread = uk_thread_current();
		p->detached = 1; /* not ours to join */
		track(p);
		self = p;
	}
	return p;
}

/*
 * Leave the thread: cleanup handlers, destructors, newlib state, then the
 * thread itself.
 */
void __noreturn pthread_finish(struct pthread *p, void *retval)
{
	unsigned long flags;
	int detached;

	p->cancel_state = PTHREAD_CANCEL_DISABLE; /* no cancelling the exit */
	pthread_cleanup_run_all(p);
	pthread_keys_run_destructors(p);
	uk_newlib_thread_exit();
	/* Decided together with pthread_detach's look at exited. */
	flags = ukplat_lcpu_save_irqf();
	p->retval = retval;
	p->exited = 1;
	detached = p->detached;
	ukplat_lcpu_restore_irqf(flags);
	uk_waitq_wake_all(&exits);
	if (detached) {
		self = NULL;
		release(p);
	}
	uk_thread_exit(retval);
}

static void *start(void *arg)
{
	struct pthread *p = arg;

	self = p;
	pthread_finish(p, p->fn(p->arg));
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	struct uk_thread_attr ta = { 0 };
	struct pthread *p;
	int rc;

	if (!fn)
		return EINVAL;
	/* The creator (main, say) gets its id before its first child. */
	pthread_current();
	p = calloc(1, sizeof(*p));
	if (!p)
		return EAGAIN;
	p->fn = fn;
	p->arg = arg;
	if (attr && attr->is_initialized) {
		ta.stack_size = attr->stacksize;
		p->detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
		ta.detached = p->detached;
	}
	/* The thread may run (and, detached, end) before create returns. */
	track(p);
	*t = p->id;
	rc = uk_thread_create(p->detached ? NULL : &p->thread, "pthread", &ta,
			      start, p);
	if (rc < 0) {
		release(p);
		return rc == -ENOMEM ? EAGAIN : -rc;
	}
	return 0;
}

/*
 * Wait until p has exited; a cancellation point. Returns 0, or ECANCELED
 * when a cancellation request ended the wait (p stays joinable).
 */
static int wait_exit(struct pthread *p)
{
	unsigned long flags = uk_spin_lock_irqsave(&exits.lock);
	int rc = 0;

	while (!p->exited) {
		uk_waitq_wait_locked(&exits, 0);
		if (uk_sched_cancel_pending()) {
			rc = ECANCELED;
			break;
		}
	}
	uk_spin_unlock_irqrestore(&exits.lock, flags);
	return rc;
}

int pthread_join(pthread_t t, void **retval)
{
	struct pthread *p;
	unsigned long flags;
	int rc;

	uk_sched_cancel_point();
	p = pthread_lookup(t);
	if (!p)
		return ESRCH; /* no such thread, or joined already */
	if (p == self)
		return EDEADLK;
	flags = ukplat_lcpu_save_irqf();
	if (p->detached || !p->thread || p->joining) {
		ukplat_lcpu_restore_irqf(flags);
		return EINVAL;
	}
	p->joining = 1;
	ukplat_lcpu_restore_irqf(flags);
	if (wait_exit(p)) {
		p->joining = 0;
		uk_sched_cancel_point(); /* does not return */
	}
	rc = uk_thread_join(p->thread, retval);
	if (rc < 0)
		return -rc;
	release(p);
	return 0;
}

int pthread_detach(pthread_t t)
{
	struct pthread *p = pthread_lookup(t);
	unsigned long flags;
	int rc;

	if (!p)
		return ESRCH;
	flags = ukplat_lcpu_save_irqf();
	if (p->detached || p->joining) {
		ukplat_lcpu_restore_irqf(flags);
		return EINVAL;
	}
	p->detached = 1;
	if (p->exited) {
		/* too late for the thread to free itself: reap it here */
		ukplat_lcpu_restore_irqf(flags);
		rc = uk_thread_join(p->thread, NULL);
		release(p);
		return rc < 0 ? -rc : 0;
	}
	rc = uk_thread_detach(p->thread);
	ukplat_lcpu_restore_irqf(flags);
	return rc < 0 ? -rc : 0;
}

void pthread_exit(void *retval)
{
	struct pthread *p = pthread_current();

	if (!p)
		uk_thread_exit(retval);
	pthread_finish(p, retval);
}

pthread_t pthread_self(void)
{
	struct pthread *p = pthread_current();

	return p ? p->id : 0;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_setname_np(pthread_t t, const char *name)
{
	struct pthread *p = pthread_lookup(t);

	if (!p || !p->thread)
		return ESRCH;
	if (strlen(name) >= UK_THREAD_NAME_MAX)
		return ERANGE;
	uk_thread_set_name(p->thread, name);
	return 0;
}

int pthread_getname_np(pthread_t t, char *name, size_t len)
{
	struct pthread *p = pthread_lookup(t);
	const char *n;

	if (!p || !p->thread)
		return ESRCH;
	n = uk_thread_name(p->thread);
	if (strlen(n) >= len)
		return ERANGE;
	strcpy(name, n);
	return 0;
}

int pthread_attr_init(pthread_attr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->detachstate = PTHREAD_CREATE_JOINABLE;
	a->schedpolicy = SCHED_OTHER;
	a->inheritsched = PTHREAD_INHERIT_SCHED;
	a->contentionscope = PTHREAD_SCOPE_SYSTEM;
	a->guardsize = 4096;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_DETACHED && state != PTHREAD_CREATE_JOINABLE)
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->detachstate;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	a->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->stacksize ? a->stacksize
			     : (size_t)CONFIG_LIBUKSCHED_STACK_SIZE * 1024;
	return 0;
}

#ifdef CONFIG_LIBPOSIX_PROCESS
/*
 * Signal sig to thread t only (posix-process delivers it; to the caller
 * before this returns). Returns 0, EINVAL, ESRCH (no such thread); an
 * ended thread not yet joined takes nothing and says 0.
 */
int pthread_kill(pthread_t t, int sig)
{
	struct pthread *p = pthread_lookup(t);

	if (sig < 0 || sig >= NSIG)
		return EINVAL;
	if (!p)
		return ESRCH;
	if (sig == 0 || p->exited)
		return 0;
	if (uk_signal_send_thread(p->thread, sig) == -EAGAIN)
		return EAGAIN; /* the real-time signal's queue is full */
	if (p->thread == uk_thread_current())
		uk_signal_deliver();
	return 0;
}
#endif

int pthread_attr_setscope(pthread_attr_t *a, int scope)
{
	if (scope == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP; /* every thread competes with all the others */
	if (scope != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	a->contentionscope = scope;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *a, int *scope)
{
	*scope = PTHREAD_SCOPE_SYSTEM;
	(void)a;
	return 0;
}

int pthread_attr_setinheritsched(pthread_attr_t *a, int inherit)
{
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	a->inheritsched = inherit;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit)
{
	*inherit = a->inheritsched ? a->inheritsched : PTHREAD_INHERIT_SCHED;
	return 0;
}

/* The one policy: SCHED_OTHER, priority 0. */
static int check_policy(int policy, const struct sched_param *param)
{
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return ENOTSUP;
	if (policy != SCHED_OTHER)
		return EINVAL;
	if (param && param->sched_priority != 0)
		return EINVAL;
	return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *a, int policy)
{
	int rc = check_policy(policy, NULL);

	if (!rc)
		a->schedpolicy = policy;
	return rc;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy)
{
	*policy = a->schedpolicy;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *a,
			       const struct sched_param *param)
{
	int rc = check_policy(SCHED_OTHER, param);

	if (!rc)
		a->schedparam = *param;
	return rc;
}

int pthread_attr_getschedparam(const pthread_attr_t *a,
			       struct sched_param *param)
{
	*param = a->schedparam;
	return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	a->guardsize = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	*size = a->guardsize;
	return 0;
}

int pthread_getschedparam(pthread_t t, int *policy, struct sched_param *param)
{
	if (!pthread_lookup(t))
		return ESRCH;
	*policy = SCHED_OTHER;
	param->sched_priority = 0;
	return 0;
}

int pthread_setschedparam(pthread_t t, int policy,
			  const struct sched_param *param)
{
	if (!pthread_lookup(t))
		return ESRCH;
	return check_policy(policy, param);
}

int pthread_setschedprio(pthread_t t, int prio)
{
	if (!pthread_lookup(t))
		return ESRCH;
	return prio == 0 ? 0 : EINVAL;
}
