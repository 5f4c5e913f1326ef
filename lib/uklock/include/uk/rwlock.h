/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reader-writer locks: many readers at once, or one writer. Writers take
 * precedence: once a writer waits, new readers wait too, so a stream of
 * readers cannot starve writers (a reader that locks again while a
 * writer waits deadlocks: do not nest read locks). Not recursive for
 * writers. Needs a scheduler (uksched); thread context only.
 */
#ifndef UK_RWLOCK_H
#define UK_RWLOCK_H

#include <uk/essentials.h>
#include <uk/waitq.h>
#include <stddef.h>

struct uk_rwlock {
	struct uk_waitq wq;         /* its lock protects the fields below */
	unsigned int readers;       /* threads holding it for reading */
	unsigned int writers_waiting;
	struct uk_thread *writer;   /* holder for writing, NULL: none */
};

#define UK_RWLOCK_INITIALIZER(name)                                            \
	{ UK_WAITQ_INITIALIZER((name).wq), 0, 0, NULL }

void uk_rwlock_init(struct uk_rwlock *l);

/* Lock for reading. Returns 0, or -ETIMEDOUT once deadline has passed. */
int uk_rwlock_rlock_until(struct uk_rwlock *l, __nsec deadline);
/* Lock for writing. Returns 0, -ETIMEDOUT, -EDEADLK (caller is writer). */
int uk_rwlock_wlock_until(struct uk_rwlock *l, __nsec deadline);

static inline void uk_rwlock_rlock(struct uk_rwlock *l)
{
	uk_rwlock_rlock_until(l, 0);
}

static inline int uk_rwlock_wlock(struct uk_rwlock *l)
{
	return uk_rwlock_wlock_until(l, 0);
}

/* Without waiting: 0, or -EBUSY (-EDEADLK for the writer's own wlock). */
int uk_rwlock_tryrlock(struct uk_rwlock *l);
int uk_rwlock_trywlock(struct uk_rwlock *l);

/*
 * Release a read or write hold (whichever the caller has). Returns 0, or
 * -EPERM when the lock is not held that way.
 */
int uk_rwlock_unlock(struct uk_rwlock *l);

#endif
