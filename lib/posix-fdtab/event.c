/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Readiness events: one counter and one wait queue for every waiter
 * (poll, select and epoll callers are few; a changed file wakes them
 * all and each looks at its own files again). Per-file counts let epoll
 * tell edge-triggered events apart.
 */
#include <uk/file.h>
#include <sched.h>
#include <errno.h>
#ifdef CONFIG_HAVE_SCHED
#include <uk/waitq.h>

static struct uk_waitq waiters = UK_WAITQ_INITIALIZER(waiters);
#endif
static unsigned long count;

void uk_file_event(struct uk_file *f)
{
#ifdef CONFIG_HAVE_SCHED
	unsigned long flags = uk_spin_lock_irqsave(&waiters.lock);

	if (f)
		f->events++;
	count++;
	uk_waitq_wake_all_locked(&waiters);
	uk_spin_unlock_irqrestore(&waiters.lock, flags);
#else
	if (f)
		__atomic_add_fetch(&f->events, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&count, 1, __ATOMIC_RELEASE);
#endif
}

unsigned long uk_file_event_count(void)
{
	return __atomic_load_n(&count, __ATOMIC_ACQUIRE);
}

int uk_file_event_wait(unsigned long seen, __nsec deadline)
{
#ifdef CONFIG_HAVE_SCHED
	unsigned long flags;

	if (uk_sched_cancel_pending())
		return -ECANCELED;
	flags = uk_spin_lock_irqsave(&waiters.lock);
	if (count == seen)
		uk_waitq_wait_locked(&waiters, deadline);
	uk_spin_unlock_irqrestore(&waiters.lock, flags);
	return uk_sched_cancel_pending() ? -ECANCELED : 0;
#else
	(void)seen;
	(void)deadline;
	sched_yield();
	return 0;
#endif
}
