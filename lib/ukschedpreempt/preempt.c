/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Preemptive scheduling with strict priorities: the runnable thread of
 * the highest priority runs; among equals, round robin with a time slice.
 * A run queue per priority and a bitmap of the non-empty ones.
 *
 * The slice is a periodic tick, armed only while threads wait for the
 * CPU: at each tick the running thread goes to the end of its queue if
 * one of at least its priority waits. A thread a higher priority thread
 * preempts goes back to the front of its queue.
 */
#include <uk/sched.h>
#include <stddef.h>
#include <uk/plat/time.h>

#define NPRIO (UK_THREAD_PRIO_MAX + 1)
#define SLICE_NS ((__nsec)CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US * 1000)

const char uk_sched_name[] = "preempt";

static struct uk_list_head runq[NPRIO];
static __u32 nonempty; /* bit p: runq[p] has threads */
static struct uk_sched_timer tick;

static int top_prio(void)
{
	return 31 - __builtin_clz(nonempty);
}

static void tick_fn(void *arg __unused)
{
	struct uk_thread *cur = uk_thread_current();

	if (!nonempty)
		return; /* nobody waits: stop ticking */
	if ((cur->flags & UK_THREAD_F_IDLE) || top_prio() >= cur->prio)
		uk_sched_request_resched(UK_SCHED_ENQ_YIELD);
	uk_sched_timer_arm(&tick, ukplat_monotonic_clock() + SLICE_NS);
}

void uk_schedimpl_init(void)
{
	UK_CTASSERT(NPRIO <= 32);
	for (int p = 0; p < NPRIO; p++)
		uk_list_init(&runq[p]);
	uk_sched_timer_init(&tick, tick_fn, NULL);
}

void uk_schedimpl_enqueue(struct uk_thread *t, enum uk_sched_enq how)
{
	if (how == UK_SCHED_ENQ_PREEMPTED)
		uk_list_add(&t->rq, &runq[t->prio]);
	else
		uk_list_add_tail(&t->rq, &runq[t->prio]);
	nonempty |= 1U << t->prio;
	if (!tick.deadline)
		uk_sched_timer_arm(&tick, ukplat_monotonic_clock() + SLICE_NS);
}

void uk_schedimpl_dequeue(struct uk_thread *t)
{
	uk_list_del(&t->rq);
	if (uk_list_empty(&runq[t->prio]))
		nonempty &= ~(1U << t->prio);
}

struct uk_thread *uk_schedimpl_pick(void)
{
	struct uk_thread *t;
	int p;

	if (!nonempty)
		return NULL;
	p = top_prio();
	t = uk_list_first_entry(&runq[p], struct uk_thread, rq);
	uk_list_del(&t->rq);
	if (uk_list_empty(&runq[p]))
		nonempty &= ~(1U << p);
	return t;
}

int uk_schedimpl_empty(void)
{
	return !nonempty;
}

int uk_schedimpl_preempts(const struct uk_thread *running,
			  const struct uk_thread *woken)
{
	return (running->flags & UK_THREAD_F_IDLE) ||
	       woken->prio > running->prio;
}
