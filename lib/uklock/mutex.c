/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes with hand-off to the oldest waiter (see <uk/mutex.h>). */
#include <uk/mutex.h>
#include <uk/sched.h>
#include <uk/assert.h>
#include <errno.h>

void uk_mutex_init_flags(struct uk_mutex *m, unsigned int flags)
{
	uk_waitq_init(&m->wq);
	m->owner = NULL;
	m->count = 0;
	m->flags = flags;
}

/* With m->wq.lock held: take m if free or ours. 1: done, 0: must wait. */
static int try_take(struct uk_mutex *m, struct uk_thread *self, int *rc)
{
	*rc = 0;
	if (!m->owner) {
		m->owner = self;
		m->count = 1;
		return 1;
	}
	if (m->owner == self) {
		if (m->flags & UK_MUTEX_F_RECURSIVE)
			m->count++;
		else
			*rc = -EDEADLK;
		return 1;
	}
	return 0;
}

int uk_mutex_lock_until(struct uk_mutex *m, __nsec deadline)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;
	int rc;

	UK_ASSERT(self); /* mutexes need the scheduler started */
	flags = uk_spin_lock_irqsave(&m->wq.lock);
	if (!try_take(m, self, &rc)) {
		/* Unlock hands m to us (owner = self) before waking us. */
		while (m->owner != self) {
			rc = uk_waitq_wait_locked(&m->wq, deadline);
			if (rc == -ETIMEDOUT && m->owner != self)
				break;
			rc = 0;
		}
	}
	uk_spin_unlock_irqrestore(&m->wq.lock, flags);
	return rc;
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;
	int rc;

	UK_ASSERT(self);
	flags = uk_spin_lock_irqsave(&m->wq.lock);
	if (!try_take(m, self, &rc))
		rc = -EBUSY;
	uk_spin_unlock_irqrestore(&m->wq.lock, flags);
	return rc;
}

int uk_mutex_unlock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_waitq_entry *next;
	unsigned long flags;

	flags = uk_spin_lock_irqsave(&m->wq.lock);
	if (m->owner != self || !self) {
		uk_spin_unlock_irqrestore(&m->wq.lock, flags);
		return -EPERM;
	}
	UK_ASSERT(m->count > 0); /* an owned mutex was locked at least once */
	if (--m->count == 0) {
		if (uk_waitq_empty(&m->wq)) {
			m->owner = NULL;
		} else {
			next = uk_list_first_entry(&m->wq.waiters,
						   struct uk_waitq_entry, node);
			m->owner = next->thread;
			m->count = 1;
			uk_waitq_wake_one_locked(&m->wq);
		}
	}
	uk_spin_unlock_irqrestore(&m->wq.lock, flags);
	uk_sched_resched_check();
	return 0;
}
