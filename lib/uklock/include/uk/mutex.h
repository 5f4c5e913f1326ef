/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutexes: sleeping mutual exclusion between threads, owned by the thread
 * that locked them. Waiters get the mutex in FIFO order: unlock hands it
 * straight to the oldest waiter, so nobody starves. A recursive mutex
 * may be locked again by its owner and is free once unlocked as often.
 * Needs a scheduler (uksched). Thread context only: an interrupt handler
 * cannot wait (use a spinlock for data it shares).
 */
#ifndef UK_MUTEX_H
#define UK_MUTEX_H

#include <uk/essentials.h>
#include <uk/waitq.h>
#include <stddef.h>

#define UK_MUTEX_F_RECURSIVE 0x1

struct uk_mutex {
	struct uk_waitq wq;       /* its lock protects the fields below */
	struct uk_thread *owner;  /* NULL: free */
	unsigned int count;       /* times the owner locked it */
	unsigned int flags;       /* UK_MUTEX_F_* */
};

#define UK_MUTEX_INITIALIZER(name, fl)                                         \
	{ UK_WAITQ_INITIALIZER((name).wq), NULL, 0, fl }

/* A free mutex; flags: 0 or UK_MUTEX_F_RECURSIVE. */
void uk_mutex_init_flags(struct uk_mutex *m, unsigned int flags);

static inline void uk_mutex_init(struct uk_mutex *m)
{
	uk_mutex_init_flags(m, 0);
}

static inline void uk_mutex_init_recursive(struct uk_mutex *m)
{
	uk_mutex_init_flags(m, UK_MUTEX_F_RECURSIVE);
}

/*
 * Lock m, waiting while another thread owns it, at most until the
 * monotonic clock reaches deadline (0: no limit). Returns 0, -ETIMEDOUT
 * (not owned then; never before the deadline), -EDEADLK (the caller owns
 * m already and m is not recursive).
 */
int uk_mutex_lock_until(struct uk_mutex *m, __nsec deadline);

/* Lock m, waiting as long as needed. Returns 0 or -EDEADLK. */
static inline int uk_mutex_lock(struct uk_mutex *m)
{
	return uk_mutex_lock_until(m, 0);
}

/* Lock m if nobody else owns it. Returns 0, -EBUSY, -EDEADLK. */
int uk_mutex_trylock(struct uk_mutex *m);

/*
 * Unlock m (once, for a recursive one). Returns 0, -EPERM (the caller
 * does not own m). A waiter that outranks the caller (ukschedpreempt)
 * runs before this returns.
 */
int uk_mutex_unlock(struct uk_mutex *m);

/* Whether some thread owns m (a snapshot). Any context. */
static inline int uk_mutex_is_locked(const struct uk_mutex *m)
{
	return m->owner != NULL;
}

#endif
