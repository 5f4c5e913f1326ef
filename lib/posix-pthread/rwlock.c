/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Read-write locks over uklock's uk_rwlock (writers waiting hold back new
 * readers), set up at first use like the mutexes (pthread_setup_once);
 * and spinlocks, which on
 * one CPU give the CPU away while they wait (a holder that cannot run
 * cannot release).
 */
#include <pthread.h>
#include <errno.h>
#include <string.h>
#include <uk/rwlock.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include "pthread_internal.h"

UK_CTASSERT(sizeof(struct uk_rwlock) <= sizeof(((pthread_rwlock_t *)0)->__store));

#define RWLOCK(l) ((struct uk_rwlock *)(void *)(l)->__store)

static void rwlock_setup(void *obj)
{
	uk_rwlock_init(RWLOCK((pthread_rwlock_t *)obj));
}

static struct uk_rwlock *rwlock_of(pthread_rwlock_t *l)
{
	pthread_setup_once(&l->__state, rwlock_setup, l);
	return RWLOCK(l);
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	a->is_initialized = 1;
	a->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	/* One process: shared and private are the same thing. */
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->pshared = pshared;
	return 0;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	*pshared = a->pshared;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
	(void)a;
	memset(l, 0, sizeof(*l));
	rwlock_of(l);
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	struct uk_rwlock *rw = RWLOCK(l);

	if (l->__state && (rw->readers || rw->writer || rw->writers_waiting))
		return EBUSY;
	l->__state = 0;
	return 0;
}

/* The writer asking for its own lock again would wait for ever. */
static int held_for_writing(pthread_rwlock_t *l)
{
	return rwlock_of(l)->writer == uk_thread_current();
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	if (held_for_writing(l))
		return EDEADLK;
	return -uk_rwlock_rlock_until(rwlock_of(l), 0);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	if (held_for_writing(l))
		return EDEADLK;
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L)
		return EINVAL;
	return -uk_rwlock_rlock_until(rwlock_of(l),
				      pthread_deadline(abs, CLOCK_REALTIME));
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	int rc = uk_rwlock_tryrlock(rwlock_of(l));

	return rc == -EDEADLK ? EBUSY : -rc;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	return -uk_rwlock_wlock_until(rwlock_of(l), 0);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	if (held_for_writing(l))
		return EDEADLK;
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000L)
		return EINVAL;
	return -uk_rwlock_wlock_until(rwlock_of(l),
				      pthread_deadline(abs, CLOCK_REALTIME));
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	int rc = uk_rwlock_trywlock(rwlock_of(l));

	return rc == -EDEADLK ? EBUSY : -rc;
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	return -uk_rwlock_unlock(rwlock_of(l));
}

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	return __atomic_load_n(s, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE))
		uk_sched_yield(); /* let the holder run and release it */
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}
