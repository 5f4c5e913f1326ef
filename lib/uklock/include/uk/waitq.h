/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wait queues: threads block until another thread (or an interrupt
 * handler) wakes them, in FIFO order. The queue's spinlock protects the
 * waiters and, by convention, the condition they wait for:
 *
 *   waker:   flags = uk_spin_lock_irqsave(&wq->lock);
 *            condition = true;
 *            uk_waitq_wake_one_locked(wq);
 *            uk_spin_unlock_irqrestore(&wq->lock, flags);
 *
 *   waiter:  rc = uk_waitq_wait_event(wq, condition);  (or _until)
 *
 * Every uklock primitive is a wait queue plus a little state under its
 * lock. Waiting needs a scheduler (uksched); waking works in any context,
 * interrupt handlers included.
 */
#ifndef UK_WAITQ_H
#define UK_WAITQ_H

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>

#ifndef CONFIG_LIBUKSCHED
#error "uklock's sleeping primitives need a scheduler: select LIBUKSCHED"
#endif

struct uk_thread;

struct uk_waitq {
	struct uk_spinlock lock;
	struct uk_list_head waiters; /* struct uk_waitq_entry, oldest first */
};

/* One waiting thread; lives on the waiter's stack. */
struct uk_waitq_entry {
	struct uk_list_head node;
	struct uk_thread *thread;
	int woken; /* set by the waker when it takes the entry off the queue */
};

#define UK_WAITQ_INITIALIZER(name)                                             \
	{ UK_SPINLOCK_INITIALIZER, UK_LIST_HEAD_INIT((name).waiters) }

void uk_waitq_init(struct uk_waitq *wq);

/*
 * With wq->lock held (taken with uk_spin_lock_irqsave): add the caller to
 * the queue, release the lock, block until woken or until the monotonic
 * clock reaches deadline (0: no limit), retake the lock. Returns 0 when
 * woken through the queue, -ETIMEDOUT once the deadline has passed
 * (never earlier), -EINTR when the thread was woken some other way
 * (uk_thread_wake): re-check the condition and wait again. Thread
 * context.
 */
int uk_waitq_wait_locked(struct uk_waitq *wq, __nsec deadline);

/*
 * With wq->lock held: wake the oldest waiter (one), up to n waiters, or
 * all. Return how many were woken. Any context.
 */
int uk_waitq_wake_n_locked(struct uk_waitq *wq, int n);

static inline int uk_waitq_wake_one_locked(struct uk_waitq *wq)
{
	return uk_waitq_wake_n_locked(wq, 1);
}

static inline int uk_waitq_wake_all_locked(struct uk_waitq *wq)
{
	return uk_waitq_wake_n_locked(wq, -1);
}

/* The same, taking wq->lock. Any context. */
int uk_waitq_wake_one(struct uk_waitq *wq);
int uk_waitq_wake_all(struct uk_waitq *wq);

/* Whether nobody waits (a snapshot). Any context. */
static inline int uk_waitq_empty(struct uk_waitq *wq)
{
	return uk_list_empty(&wq->waiters);
}

/*
 * Block until cond is true (checked under wq->lock) or the monotonic
 * clock reaches deadline (0: never). Evaluates to 0 if cond became true,
 * -ETIMEDOUT otherwise. Thread context.
 */
#define uk_waitq_wait_event_until(wq, cond, deadline)                          \
	({                                                                     \
		struct uk_waitq *__wq = (wq);                                  \
		__nsec __dl = (deadline);                                      \
		int __rc = 0;                                                  \
		unsigned long __f = uk_spin_lock_irqsave(&__wq->lock);         \
		while (!(cond)) {                                              \
			__rc = uk_waitq_wait_locked(__wq, __dl);               \
			if (__rc == -ETIMEDOUT) {                              \
				__rc = (cond) ? 0 : -ETIMEDOUT;                \
				break;                                         \
			}                                                      \
			__rc = 0;                                              \
		}                                                              \
		uk_spin_unlock_irqrestore(&__wq->lock, __f);                   \
		__rc;                                                          \
	})

#define uk_waitq_wait_event(wq, cond) uk_waitq_wait_event_until(wq, cond, 0)

#endif
