/* SPDX-License-Identifier: BSD-3-Clause */
/* Wait queues over uksched's block/wake (see <uk/waitq.h>). */
#include <uk/waitq.h>
#include <uk/sched.h>
#include <uk/assert.h>
#include <uk/plat/time.h>
#include <errno.h>

void uk_waitq_init(struct uk_waitq *wq)
{
	uk_spin_init(&wq->lock);
	uk_list_init(&wq->waiters);
}

int uk_waitq_wait_locked(struct uk_waitq *wq, __nsec deadline)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_waitq_entry e = { .thread = self, .woken = 0 };

	UK_ASSERT(self); /* waiting needs the scheduler started */
	UK_ASSERT(ukplat_lcpu_irqs_disabled()); /* lock taken with irqsave */
	uk_list_add_tail(&e.node, &wq->waiters);
	uk_thread_block_until(self, deadline);
	uk_spin_unlock(&wq->lock);
	uk_sched_yield(); /* interrupts stay masked for us */
	uk_spin_lock(&wq->lock);
	if (e.woken)
		return 0;
	uk_list_del(&e.node);
	if (deadline && ukplat_monotonic_clock() >= deadline)
		return -ETIMEDOUT;
	return -EINTR;
}

int uk_waitq_wake_n_locked(struct uk_waitq *wq, int n)
{
	struct uk_waitq_entry *e;
	int woken = 0;

	while (n-- != 0 && !uk_list_empty(&wq->waiters)) {
		e = uk_list_first_entry(&wq->waiters, struct uk_waitq_entry,
					node);
		uk_list_del(&e->node);
		e->woken = 1;
		uk_thread_wake(e->thread);
		woken++;
	}
	return woken;
}

int uk_waitq_wake_one(struct uk_waitq *wq)
{
	unsigned long flags = uk_spin_lock_irqsave(&wq->lock);
	int n = uk_waitq_wake_one_locked(wq);

	uk_spin_unlock_irqrestore(&wq->lock, flags);
	uk_sched_resched_check();
	return n;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	unsigned long flags = uk_spin_lock_irqsave(&wq->lock);
	int n = uk_waitq_wake_all_locked(wq);

	uk_spin_unlock_irqrestore(&wq->lock, flags);
	uk_sched_resched_check();
	return n;
}
