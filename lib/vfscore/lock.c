/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slow paths of struct vfs_lock (<uk/vfs.h>). A waiter marks the lock
 * 2 ("perhaps waited for") with the queue's lock held, so an unlock that
 * finds 2 wakes someone, and a waiter never sleeps through the unlock it
 * waits for: the unlocker's wake needs the queue's lock, which the
 * waiter holds until it is on the queue.
 */
#include <uk/vfs.h>
#include <uk/sched.h>

void vfs_lock_init(struct vfs_lock *l)
{
	l->state = 0;
	uk_waitq_init(&l->wq);
}

void vfs_lock_wait(struct vfs_lock *l)
{
	unsigned long flags = uk_spin_lock_irqsave(&l->wq.lock);

	/* Taken once the exchange finds it free; it stays marked 2. */
	while (__atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE) != 0)
		uk_waitq_wait_locked(&l->wq, 0);
	uk_spin_unlock_irqrestore(&l->wq.lock, flags);
}

void vfs_lock_wake(struct vfs_lock *l)
{
	uk_waitq_wake_one(&l->wq);
	uk_sched_resched_check(); /* a woken thread that outranks us runs */
}
