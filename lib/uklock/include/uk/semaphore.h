/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counting semaphores. down waits while the count is 0, then takes one;
 * up gives one back and wakes the oldest waiter. up works in any context
 * (an interrupt handler signalling a thread); down needs a thread.
 * Needs a scheduler (uksched).
 */
#ifndef UK_SEMAPHORE_H
#define UK_SEMAPHORE_H

#include <uk/essentials.h>
#include <uk/waitq.h>

struct uk_semaphore {
	struct uk_waitq wq; /* its lock protects count */
	long count;
};

#define UK_SEMAPHORE_INITIALIZER(name, n) { UK_WAITQ_INITIALIZER((name).wq), n }

/* A semaphore with count n (>= 0). */
void uk_semaphore_init(struct uk_semaphore *s, long n);

/*
 * Take one, waiting while the count is 0, at most until the monotonic
 * clock reaches deadline (0: no limit). Returns 0 or -ETIMEDOUT (nothing
 * taken; never before the deadline). Thread context.
 */
int uk_semaphore_down_until(struct uk_semaphore *s, __nsec deadline);

/* Take one, waiting as long as needed. Thread context. */
static inline void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_semaphore_down_until(s, 0);
}

/* Take one if the count is above 0: returns 1 if taken, 0 if not. Any. */
int uk_semaphore_down_try(struct uk_semaphore *s);

/* Give one back, waking the oldest waiter. Any context. */
void uk_semaphore_up(struct uk_semaphore *s);

/* The count (a snapshot). Any context. */
static inline long uk_semaphore_count(const struct uk_semaphore *s)
{
	return s->count;
}

#endif
