/* SPDX-License-Identifier: BSD-3-Clause */
/* Condition variables (see <uk/condvar.h>). */
#include <uk/condvar.h>
#include <uk/sched.h>
#include <uk/assert.h>
#include <errno.h>

void uk_condvar_init(struct uk_condvar *cv)
{
	uk_waitq_init(&cv->wq);
}

int uk_condvar_wait_until(struct uk_condvar *cv, struct uk_mutex *m,
			  __nsec deadline)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;
	unsigned int count;
	int rc;

	if (!self || m->owner != self)
		return -EPERM;
	/* Queue up before the mutex goes: a signaller needs cv's lock. */
	flags = uk_spin_lock_irqsave(&cv->wq.lock);
	count = m->count;
	m->count = 1;
	uk_mutex_unlock(m);
	rc = uk_waitq_wait_locked(&cv->wq, deadline);
	uk_spin_unlock_irqrestore(&cv->wq.lock, flags);
	if (rc == -EINTR)
		rc = 0; /* a spurious wake-up: callers re-check anyway */
	uk_mutex_lock(m);
	m->count = count;
	return rc;
}

void uk_condvar_signal(struct uk_condvar *cv)
{
	uk_waitq_wake_one(&cv->wq);
}

void uk_condvar_broadcast(struct uk_condvar *cv)
{
	uk_waitq_wake_all(&cv->wq);
}
