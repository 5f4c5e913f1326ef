/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Barriers: a mutex, a condition variable and a round number. The last
 * thread of a round starts the next one and wakes the others, who wait
 * until the round they arrived in is over (so spurious wake-ups and a
 * fast thread arriving at the next round change nothing).
 */
#include <pthread.h>
#include <errno.h>
#include <string.h>

int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	a->is_initialized = 1;
	a->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	a->is_initialized = 0;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	/* One process: shared and private are the same thing. */
	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	a->pshared = pshared;
	return 0;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a,
				   int *pshared)
{
	*pshared = a->pshared;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
			 unsigned int count)
{
	(void)a;
	if (!count)
		return EINVAL;
	memset(b, 0, sizeof(*b));
	pthread_mutex_init(&b->__lock, NULL);
	pthread_cond_init(&b->__all_in, NULL);
	b->__count = count;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (!b->__count)
		return EINVAL;
	pthread_mutex_lock(&b->__lock);
	if (b->__waiting) {
		pthread_mutex_unlock(&b->__lock);
		return EBUSY;
	}
	b->__count = 0;
	pthread_mutex_unlock(&b->__lock);
	pthread_cond_destroy(&b->__all_in);
	pthread_mutex_destroy(&b->__lock);
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	unsigned long round;
	int old;

	if (!b->__count)
		return EINVAL;
	/* not a cancellation point: pthread_cond_wait's must not act here */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_mutex_lock(&b->__lock);
	round = b->__round;
	if (++b->__waiting == b->__count) {
		b->__waiting = 0;
		b->__round++;
		pthread_cond_broadcast(&b->__all_in);
		pthread_mutex_unlock(&b->__lock);
		pthread_setcancelstate(old, NULL);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	while (b->__round == round)
		pthread_cond_wait(&b->__all_in, &b->__lock);
	pthread_mutex_unlock(&b->__lock);
	pthread_setcancelstate(old, NULL);
	return 0;
}
