/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cooperative round robin: one FIFO run queue. A thread keeps the CPU
 * until it yields, blocks or exits; priorities do not matter. Only the
 * idle thread is ever preempted (by any wake-up).
 */
#include <uk/sched.h>
#include <stddef.h>

const char uk_sched_name[] = "coop";

static UK_LIST_HEAD(runq);

void uk_schedimpl_init(void)
{
}

void uk_schedimpl_enqueue(struct uk_thread *t, enum uk_sched_enq how __unused)
{
	uk_list_add_tail(&t->rq, &runq);
}

void uk_schedimpl_dequeue(struct uk_thread *t)
{
	uk_list_del(&t->rq);
}

struct uk_thread *uk_schedimpl_pick(void)
{
	struct uk_thread *t;

	if (uk_list_empty(&runq))
		return NULL;
	t = uk_list_first_entry(&runq, struct uk_thread, rq);
	uk_list_del(&t->rq);
	return t;
}

int uk_schedimpl_empty(void)
{
	return uk_list_empty(&runq);
}

int uk_schedimpl_preempts(const struct uk_thread *running,
			  const struct uk_thread *woken __unused)
{
	return running->flags & UK_THREAD_F_IDLE;
}
