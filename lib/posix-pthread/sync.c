/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutexes, condition variables, once and keys. A pthread object holds a
 * uklock object in its storage, set up at first use (zeroed objects and
 * the static initialisers are valid), under a spinlock shared by all.
 */
#include <pthread.h>
#include <errno.h>
#include <string.h>
#include <uk/mutex.h>
#include <uk/condvar.h>
#include <uk/spinlock.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#include "pthread_internal.h"

UK_CTASSERT(sizeof(struct uk_mutex) <= sizeof(((pthread_mutex_t *)0)->__store));
UK_CTASSERT(sizeof(struct uk_condvar) <= sizeof(((pthread_cond_t *)0)->__store));

static struct uk_spinlock setup_lock = UK_SPINLOCK_INITIALIZER;

void pthread_setup_once(int *state, void (*init)(void *), void *obj)
{
	if (!__atomic_load_n(state, __ATOMIC_ACQUIRE)) {
		unsigned long flags = uk_spin_lock_irqsave(&setup_lock);

		if (!*state) {
			init(obj);
			__atomic_store_n(state, 1, __ATOMIC_RELEASE);
		}
		uk_spin_unlock_irqrestore(&setup_lock, flags);
	}
}

#define MUTEX(m) ((struct uk_mutex *)(void *)(m)->__store)
#define COND(c) ((struct uk_condvar *)(void *)(c)->__store)

static void mutex_setup(void *obj)
{
	pthread_mutex_t *m = obj;

	uk_mutex_init_flags(MUTEX(m), m->__type == PTHREAD_MUTEX_RECURSIVE
					      ? UK_MUTEX_F_RECURSIVE
					      : 0);
}

static struct uk_mutex *mutex_of(pthread_mutex_t *m)
{
	pthread_setup_once(&m->__state, mutex_setup, m);
	return MUTEX(m);
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	a->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	memset(m, 0, sizeof(*m));
	m->__type = a && a->is_initialized ? a->type : PTHREAD_MUTEX_DEFAULT;
	mutex_of(m);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	if (m->__state && uk_mutex_is_locked(MUTEX(m)))
		return EBUSY;
	m->__state = 0;
	return 0;
}

__nsec pthread_deadline(const struct timespec *abs, clockid_t clk)
{
	__nsec when = (__nsec)abs->tv_sec * UKPLAT_NSEC_PER_SEC +
		      (__nsec)abs->tv_nsec;
	__nsec now = clk == CLOCK_MONOTONIC ? ukplat_monotonic_clock()
					    : ukplat_wall_clock();
	__nsec mono = ukplat_monotonic_clock();

	return when > now ? mono + (when - now) : mono ? mono : 1;
}

static int lock(pthread_mutex_t *m, __nsec deadline)
{
	struct uk_mutex *um = mutex_of(m);
	int rc;

	rc = uk_mutex_lock_until(um, deadline);
	if (rc == -EDEADLK && m->__type != PTHREAD_MUTEX_ERRORCHECK) {
		/* a normal mutex locked twice by its owner deadlocks */
		while (1)
			uk_sched_sleep(UKPLAT_NSEC_PER_SEC);
	}
	return -rc;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return lock(m, 0);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs)
{
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L)
		return EINVAL;
	return lock(m, pthread_deadline(abs, CLOCK_REALTIME));
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int rc = uk_mutex_trylock(mutex_of(m));

	return rc == -EDEADLK ? EBUSY : -rc;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	return -uk_mutex_unlock(mutex_of(m));
}

static void cond_setup(void *obj)
{
	uk_condvar_init(COND((pthread_cond_t *)obj));
}

static struct uk_condvar *cond_of(pthread_cond_t *c)
{
	pthread_setup_once(&c->__state, cond_setup, c);
	return COND(c);
}

int pthread_condattr_init(pthread_condattr_t *a)
{
	memset(a, 0, sizeof(*a));
	a->is_initialized = 1;
	a->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clk)
{
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
		return EINVAL;
	a->clock = clk;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clk)
{
	*clk = a->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	memset(c, 0, sizeof(*c));
	c->__clock = a && a->is_initialized ? (int)a->clock : (int)CLOCK_REALTIME;
	cond_of(c);
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	c->__state = 0;
	return 0;
}

/*
 * Cancellation points: a request acted on while waiting finds the mutex
 * locked again, so cleanup handlers run with it held, as POSIX says.
 */
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int rc;

	uk_sched_cancel_point();
	rc = -uk_condvar_wait(cond_of(c), mutex_of(m));
	if (!rc)
		uk_sched_cancel_point();
	return rc;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abs)
{
	int rc;

	uk_sched_cancel_point();
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L)
		return EINVAL;
	rc = -uk_condvar_wait_until(
		cond_of(c), mutex_of(m),
		pthread_deadline(abs, c->__clock ? (clockid_t)c->__clock : CLOCK_REALTIME));
	if (rc != EPERM)
		uk_sched_cancel_point();
	return rc;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	uk_condvar_signal(cond_of(c));
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	uk_condvar_broadcast(cond_of(c));
	return 0;
}

/* once: 0 not run, 1 running, 2 done; waiters sleep on one mutex. */
static pthread_mutex_t once_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t once_done = PTHREAD_COND_INITIALIZER;

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (__atomic_load_n(&once->init_executed, __ATOMIC_ACQUIRE) == 2)
		return 0;
	pthread_mutex_lock(&once_lock);
	while (once->init_executed == 1)
		pthread_cond_wait(&once_done, &once_lock);
	if (once->init_executed == 0) {
		once->init_executed = 1;
		pthread_mutex_unlock(&once_lock);
		fn();
		pthread_mutex_lock(&once_lock);
		__atomic_store_n(&once->init_executed, 2, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&once_done);
	}
	pthread_mutex_unlock(&once_lock);
	return 0;
}

/* Keys: a table of destructors; values live in each struct pthread. */
static struct {
	int used;
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];

int pthread_key_create(pthread_key_t *k, void (*destructor)(void *))
{
	unsigned long flags = uk_spin_lock_irqsave(&setup_lock);

	for (unsigned int i = 0; i < PTHREAD_KEYS_MAX; i++) {
		if (!keys[i].used) {
			keys[i].used = 1;
			keys[i].destructor = destructor;
			uk_spin_unlock_irqrestore(&setup_lock, flags);
			*k = i;
			return 0;
		}
	}
	uk_spin_unlock_irqrestore(&setup_lock, flags);
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t k)
{
	if (k >= PTHREAD_KEYS_MAX || !keys[k].used)
		return EINVAL;
	keys[k].used = 0;
	keys[k].destructor = NULL;
	return 0;
}

void *pthread_getspecific(pthread_key_t k)
{
	struct pthread *p = pthread_current();

	if (!p || k >= PTHREAD_KEYS_MAX || !keys[k].used)
		return NULL;
	return (void *)p->keys[k];
}

int pthread_setspecific(pthread_key_t k, const void *v)
{
	struct pthread *p = pthread_current();

	if (k >= PTHREAD_KEYS_MAX || !keys[k].used)
		return EINVAL;
	if (!p)
		return ENOMEM;
	p->keys[k] = v;
	return 0;
}

void pthread_keys_run_destructors(struct pthread *p)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int again = 0;

		for (unsigned int i = 0; i < PTHREAD_KEYS_MAX; i++) {
			void *v = (void *)p->keys[i];

			if (!v || !keys[i].used || !keys[i].destructor)
				continue;
			p->keys[i] = NULL;
			keys[i].destructor(v);
			again = 1;
		}
		if (!again)
			break;
	}
}
