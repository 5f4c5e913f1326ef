/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Condition variables, used with a uk_mutex: wait releases the mutex and
 * blocks in one step, so a signal sent by a thread holding the mutex
 * after the waiter checked its predicate is never lost. Waiters must
 * re-check their predicate after waking (another thread may have run
 * first). Needs a scheduler (uksched).
 */
#ifndef UK_CONDVAR_H
#define UK_CONDVAR_H

#include <uk/essentials.h>
#include <uk/waitq.h>
#include <uk/mutex.h>

struct uk_condvar {
	struct uk_waitq wq;
};

#define UK_CONDVAR_INITIALIZER(name) { UK_WAITQ_INITIALIZER((name).wq) }

void uk_condvar_init(struct uk_condvar *cv);

/*
 * Release m (which the caller owns; fully, for a recursive one), wait for
 * a signal or until the monotonic clock reaches deadline (0: no limit),
 * lock m again (as often as before). Returns 0, -ETIMEDOUT (never
 * before the deadline), -EPERM (the caller does not own m; nothing
 * waited). Thread context.
 */
int uk_condvar_wait_until(struct uk_condvar *cv, struct uk_mutex *m,
			  __nsec deadline);

static inline int uk_condvar_wait(struct uk_condvar *cv, struct uk_mutex *m)
{
	return uk_condvar_wait_until(cv, m, 0);
}

/* Wake the oldest waiter / every waiter. Any context. */
void uk_condvar_signal(struct uk_condvar *cv);
void uk_condvar_broadcast(struct uk_condvar *cv);

#endif
