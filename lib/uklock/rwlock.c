/* SPDX-License-Identifier: BSD-3-Clause */
/* Reader-writer locks preferring writers (see <uk/rwlock.h>). */
#include <uk/rwlock.h>
#include <uk/sched.h>
#include <uk/assert.h>
#include <errno.h>

void uk_rwlock_init(struct uk_rwlock *l)
{
	uk_waitq_init(&l->wq);
	l->readers = 0;
	l->writers_waiting = 0;
	l->writer = NULL;
}

int uk_rwlock_rlock_until(struct uk_rwlock *l, __nsec deadline)
{
	return uk_waitq_wait_event_until(
		&l->wq, !l->writer && !l->writers_waiting && ++l->readers,
		deadline);
}

int uk_rwlock_wlock_until(struct uk_rwlock *l, __nsec deadline)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;
	int rc = 0;

	UK_ASSERT(self);
	flags = uk_spin_lock_irqsave(&l->wq.lock);
	if (l->writer == self) {
		uk_spin_unlock_irqrestore(&l->wq.lock, flags);
		return -EDEADLK;
	}
	l->writers_waiting++;
	while (l->writer || l->readers) {
		rc = uk_waitq_wait_locked(&l->wq, deadline);
		if (rc == -ETIMEDOUT)
			break;
		rc = 0;
	}
	l->writers_waiting--;
	if (rc == 0)
		l->writer = self;
	else
		/* Readers we held back may go now. */
		uk_waitq_wake_all_locked(&l->wq);
	uk_spin_unlock_irqrestore(&l->wq.lock, flags);
	return rc;
}

int uk_rwlock_tryrlock(struct uk_rwlock *l)
{
	unsigned long flags = uk_spin_lock_irqsave(&l->wq.lock);
	int rc = -EBUSY;

	if (!l->writer && !l->writers_waiting) {
		l->readers++;
		rc = 0;
	}
	uk_spin_unlock_irqrestore(&l->wq.lock, flags);
	return rc;
}

int uk_rwlock_trywlock(struct uk_rwlock *l)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_spin_lock_irqsave(&l->wq.lock);
	int rc = -EBUSY;

	if (l->writer == self)
		rc = -EDEADLK;
	else if (!l->writer && !l->readers) {
		l->writer = self;
		rc = 0;
	}
	uk_spin_unlock_irqrestore(&l->wq.lock, flags);
	return rc;
}

int uk_rwlock_unlock(struct uk_rwlock *l)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_spin_lock_irqsave(&l->wq.lock);
	int rc = 0;

	if (l->writer) {
		if (l->writer == self)
			l->writer = NULL;
		else
			rc = -EPERM;
	} else if (l->readers) {
		l->readers--;
	} else {
		rc = -EPERM;
	}
	if (rc == 0 && !l->writer && !l->readers)
		uk_waitq_wake_all_locked(&l->wq);
	uk_spin_unlock_irqrestore(&l->wq.lock, flags);
	uk_sched_resched_check();
	return rc;
}
