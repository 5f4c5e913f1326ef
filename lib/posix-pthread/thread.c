/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: a struct pthread per POSIX thread, found through a __thread
 * pointer; pthread_t is its address. Threads not made by pthread_create
 * (main, kernel threads) get one when they first ask for it. Every thread
 * has its own newlib state (newlib's reent_thread.c); a pthread's is
 * released when it ends.
 */
#include <pthread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/newlib.h>
#include <uk/plat/lcpu.h>
#include "pthread_internal.h"

static __thread struct pthread *self;

struct pthread *pthread_current(void)
{
	struct pthread *p = self;

	if (!p && uk_thread_current()) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return NULL;
		p->thread = uk_thread_current();
		p->detached = 1; /* not ours to join */
		self = p;
	}
	return p;
}

/* Leave the thread: destructors, newlib state, then the thread itself. */
static void __noreturn finish(struct pthread *p, void *retval)
{
	unsigned long flags;

	pthread_keys_run_destructors(p);
	uk_newlib_thread_exit();
	flags = ukplat_lcpu_save_irqf();
	p->retval = retval;
	p->exited = 1;
	if (p->detached) {
		self = NULL;
		free(p);
	}
	ukplat_lcpu_restore_irqf(flags);
	uk_thread_exit(retval);
}

static void *start(void *arg)
{
	struct pthread *p = arg;

	self = p;
	finish(p, p->fn(p->arg));
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	struct uk_thread_attr ta = { 0 };
	struct pthread *p;
	int rc;

	if (!fn)
		return EINVAL;
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
	*t = (pthread_t)p;
	rc = uk_thread_create(p->detached ? NULL : &p->thread, "pthread", &ta,
			      start, p);
	if (rc < 0) {
		free(p);
		return rc == -ENOMEM ? EAGAIN : -rc;
	}
	return 0;
}

int pthread_join(pthread_t t, void **retval)
{
	struct pthread *p = (struct pthread *)t;
	int rc;

	if (!p)
		return ESRCH;
	if (p == self)
		return EDEADLK;
	if (p->detached || !p->thread)
		return EINVAL;
	rc = uk_thread_join(p->thread, retval);
	if (rc < 0)
		return -rc;
	free(p);
	return 0;
}

int pthread_detach(pthread_t t)
{
	struct pthread *p = (struct pthread *)t;
	unsigned long flags;
	int rc;

	if (!p)
		return ESRCH;
	flags = ukplat_lcpu_save_irqf();
	if (p->detached) {
		ukplat_lcpu_restore_irqf(flags);
		return EINVAL;
	}
	p->detached = 1;
	if (p->exited) {
		/* too late for the thread to free itself: reap it here */
		ukplat_lcpu_restore_irqf(flags);
		rc = uk_thread_join(p->thread, NULL);
		free(p);
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
	finish(p, retval);
}

pthread_t pthread_self(void)
{
	return (pthread_t)pthread_current();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_setname_np(pthread_t t, const char *name)
{
	struct pthread *p = (struct pthread *)t;

	if (!p || !p->thread)
		return ESRCH;
	if (strlen(name) >= UK_THREAD_NAME_MAX)
		return ERANGE;
	uk_thread_set_name(p->thread, name);
	return 0;
}

int pthread_getname_np(pthread_t t, char *name, size_t len)
{
	struct pthread *p = (struct pthread *)t;
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
