/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting semaphores (see <uk/semaphore.h>). */
#include <uk/semaphore.h>
#include <uk/sched.h>
#include <uk/assert.h>
#include <errno.h>

void uk_semaphore_init(struct uk_semaphore *s, long n)
{
	UK_ASSERT(n >= 0); /* a semaphore never counts below zero */
	uk_waitq_init(&s->wq);
	s->count = n;
}

int uk_semaphore_down_until(struct uk_semaphore *s, __nsec deadline)
{
	return uk_waitq_wait_event_until(&s->wq, s->count > 0 && s->count--,
					 deadline);
}

int uk_semaphore_down_try(struct uk_semaphore *s)
{
	unsigned long flags = uk_spin_lock_irqsave(&s->wq.lock);
	int taken = 0;

	if (s->count > 0) {
		s->count--;
		taken = 1;
	}
	uk_spin_unlock_irqrestore(&s->wq.lock, flags);
	return taken;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long flags = uk_spin_lock_irqsave(&s->wq.lock);

	s->count++;
	uk_waitq_wake_one_locked(&s->wq);
	uk_spin_unlock_irqrestore(&s->wq.lock, flags);
	uk_sched_resched_check();
}
