/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX semaphores over uklock's uk_semaphore (held inside sem_t), and
 * named semaphores: a list of them in the image, found by name, freed
 * when unlinked and closed by every opener. sem_wait and sem_timedwait
 * are cancellation points. One process: pshared changes nothing.
 */
#include <semaphore.h>
#include <pthread.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <uk/semaphore.h>
#include <uk/sched.h>
#include "pthread_internal.h"

UK_CTASSERT(sizeof(struct uk_semaphore) <= sizeof(((sem_t *)0)->__store));

#define SEM_MAGIC 0x53656d21u
#define SEM(s) ((struct uk_semaphore *)(void *)(s)->__store)

static int fail(int e)
{
	errno = e;
	return -1;
}

static int valid(sem_t *s)
{
	return s && s->__magic == SEM_MAGIC;
}

static void setup(sem_t *s, unsigned int value, int named)
{
	uk_semaphore_init(SEM(s), (long)value);
	s->__named = named;
	s->__magic = SEM_MAGIC;
}

int sem_init(sem_t *s, int pshared, unsigned int value)
{
	(void)pshared;
	if (!s || value > SEM_VALUE_MAX)
		return fail(EINVAL);
	setup(s, value, 0);
	return 0;
}

int sem_destroy(sem_t *s)
{
	if (!valid(s) || s->__named)
		return fail(EINVAL);
	if (!uk_waitq_empty(&SEM(s)->wq))
		return fail(EBUSY);
	s->__magic = 0;
	return 0;
}

int sem_post(sem_t *s)
{
	struct uk_semaphore *us;
	unsigned long flags;

	if (!valid(s))
		return fail(EINVAL);
	us = SEM(s);
	flags = uk_spin_lock_irqsave(&us->wq.lock);
	if (us->count >= SEM_VALUE_MAX) {
		uk_spin_unlock_irqrestore(&us->wq.lock, flags);
		return fail(EOVERFLOW);
	}
	us->count++;
	uk_waitq_wake_one_locked(&us->wq);
	uk_spin_unlock_irqrestore(&us->wq.lock, flags);
	uk_sched_resched_check();
	return 0;
}

/*
 * Take one, waiting until deadline (0: none). 0 or ETIMEDOUT; does not
 * return when a cancellation request is acted on while waiting.
 */
static int down(struct uk_semaphore *us, __nsec deadline)
{
	unsigned long flags = uk_spin_lock_irqsave(&us->wq.lock);
	int rc = 0;

	while (us->count == 0) {
		rc = uk_waitq_wait_locked(&us->wq, deadline);
		if (rc == -ETIMEDOUT) {
			rc = us->count > 0 ? 0 : ETIMEDOUT;
			break;
		}
		rc = 0;
		if (uk_sched_cancel_pending()) {
			/* a post meant for us goes to the next waiter */
			if (us->count > 0)
				uk_waitq_wake_one_locked(&us->wq);
			uk_spin_unlock_irqrestore(&us->wq.lock, flags);
			uk_sched_cancel_point(); /* does not return */
			flags = uk_spin_lock_irqsave(&us->wq.lock);
		}
	}
	if (!rc)
		us->count--;
	uk_spin_unlock_irqrestore(&us->wq.lock, flags);
	return rc;
}

int sem_wait(sem_t *s)
{
	uk_sched_cancel_point();
	if (!valid(s))
		return fail(EINVAL);
	down(SEM(s), 0);
	return 0;
}

int sem_trywait(sem_t *s)
{
	if (!valid(s))
		return fail(EINVAL);
	return uk_semaphore_down_try(SEM(s)) ? 0 : fail(EAGAIN);
}

int sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abs)
{
	int rc;

	uk_sched_cancel_point();
	if (!valid(s))
		return fail(EINVAL);
	/* The timeout is looked at only when the call would block. */
	if (uk_semaphore_down_try(SEM(s)))
		return 0;
	if (!abs || abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L ||
	    (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC))
		return fail(EINVAL);
	rc = down(SEM(s), pthread_deadline(abs, clk));
	return rc ? fail(rc) : 0;
}

int sem_timedwait(sem_t *s, const struct timespec *abs)
{
	return sem_clockwait(s, CLOCK_REALTIME, abs);
}

int sem_getvalue(sem_t *s, int *value)
{
	if (!valid(s) || !value)
		return fail(EINVAL);
	*value = (int)uk_semaphore_count(SEM(s));
	return 0;
}

/* Named semaphores; the list is guarded by names_lock. */
struct named {
	struct named *next;
	sem_t sem;
	unsigned int opens;
	int unlinked; /* the name is gone; freed at the last close */
	char name[NAME_MAX + 1];
};

static struct named *names;
static unsigned int names_count;
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;

/* The name without its leading slashes, or NULL and errno set. */
static const char *check_name(const char *name)
{
	if (!name)
		return errno = EINVAL, NULL;
	while (*name == '/')
		name++;
	if (!*name || strchr(name, '/'))
		return errno = EINVAL, NULL;
	if (strlen(name) > NAME_MAX)
		return errno = ENAMETOOLONG, NULL;
	return name;
}

static struct named *find_name(const char *name)
{
	struct named *n;

	for (n = names; n; n = n->next) {
		if (!n->unlinked && !strcmp(n->name, name))
			return n;
	}
	return NULL;
}

static void drop(struct named *n)
{
	struct named **pp = &names;

	while (*pp != n)
		pp = &(*pp)->next;
	*pp = n->next;
	names_count--;
	n->sem.__magic = 0;
	free(n);
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	unsigned int value = 0;
	struct named *n;
	va_list ap;
	int err = 0;

	name = check_name(name);
	if (!name)
		return SEM_FAILED;
	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		(void)va_arg(ap, int); /* mode: no permissions to check */
		value = va_arg(ap, unsigned int);
		va_end(ap);
	}
	pthread_mutex_lock(&names_lock);
	n = find_name(name);
	if (n) {
		if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			err = EEXIST;
		else
			n->opens++;
	} else if (!(oflag & O_CREAT)) {
		err = ENOENT;
	} else if (value > SEM_VALUE_MAX) {
		err = EINVAL;
	} else if (names_count >= SEM_NSEMS_MAX) {
		err = ENFILE;
	} else if (!(n = calloc(1, sizeof(*n)))) {
		err = ENOMEM;
	} else {
		strcpy(n->name, name);
		setup(&n->sem, value, 1);
		n->opens = 1;
		n->next = names;
		names = n;
		names_count++;
	}
	pthread_mutex_unlock(&names_lock);
	if (err) {
		errno = err;
		return SEM_FAILED;
	}
	return &n->sem;
}

int sem_close(sem_t *s)
{
	struct named *n;

	pthread_mutex_lock(&names_lock);
	for (n = names; n && &n->sem != s; n = n->next)
		;
	if (!n) {
		pthread_mutex_unlock(&names_lock);
		return fail(EINVAL);
	}
	if (--n->opens == 0 && n->unlinked)
		drop(n);
	pthread_mutex_unlock(&names_lock);
	return 0;
}

int sem_unlink(const char *name)
{
	struct named *n;

	name = check_name(name);
	if (!name)
		return -1;
	pthread_mutex_lock(&names_lock);
	n = find_name(name);
	if (!n) {
		pthread_mutex_unlock(&names_lock);
		return fail(ENOENT);
	}
	n->unlinked = 1;
	if (!n->opens)
		drop(n);
	pthread_mutex_unlock(&names_lock);
	return 0;
}
