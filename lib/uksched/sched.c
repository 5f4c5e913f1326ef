/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scheduler core: switching threads, blocking and waking, timers on
 * the platform's one-shot timer, the idle thread. The scheduler library
 * (ukschedcoop, ukschedpreempt) only keeps the run queue.
 *
 * One CPU: masking interrupts is the lock for everything here. Every
 * switch happens with interrupts masked; the thread switched to restores
 * its own interrupt state on the path it resumes on (a yield restores
 * what it saved, an interrupt handler returns, a new thread unmasks).
 */
#include <uk/sched.h>
#include <stddef.h>
#include <uk/thread.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
#include <uk/arch/ectx.h>
#endif
#include "sched_internal.h"

struct uk_thread *_uk_thread_current;
struct uk_thread *_uk_sched_idle;

/* Non-zero: switch at the next chance, enqueueing the runner with how-1. */
static int resched_pending;
/* The thread pointer the CPU has now. */
static __uptr cur_tlsp;

/* Armed timers, earliest first; the platform timer is set for the first. */
static UK_LIST_HEAD(timers);
static __nsec plat_armed; /* deadline the platform timer is set for, 0: none */

static void switch_to(struct uk_thread *prev, struct uk_thread *next)
{
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
	ukarch_ectx_save(prev->ectx);
#endif
	if (next->tlsp != cur_tlsp) {
		cur_tlsp = next->tlsp;
		ukplat_tlsp_set(cur_tlsp);
	}
	_uk_thread_current = next;
	next->switches++;
	ukarch_ctx_switch(&prev->ctx, &next->ctx);
	/* prev runs again: someone switched back to it. */
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
	ukarch_ectx_restore(prev->ectx);
#endif
}

void _uk_sched_schedule(enum uk_sched_enq how)
{
	struct uk_thread *prev = _uk_thread_current, *next;

	UK_ASSERT(ukplat_lcpu_irqs_disabled()); /* switches happen masked */
	resched_pending = 0;
	if (prev->state == UK_THREAD_RUNNABLE &&
	    !(prev->flags & UK_THREAD_F_IDLE))
		uk_schedimpl_enqueue(prev, how);
	next = uk_schedimpl_pick();
	if (!next)
		next = _uk_sched_idle;
	UK_ASSERT(next->state == UK_THREAD_RUNNABLE); /* run queue: runnable */
	if (next != prev)
		switch_to(prev, next);
}

/* First code of every new thread, reached by a switch (interrupts masked). */
void _uk_sched_thread_start(void *arg)
{
	struct uk_thread *t = arg;

#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
	ukarch_ectx_restore(t->ectx);
#endif
	ukplat_lcpu_enable_irq();
	uk_thread_exit(t->fn(t->arg));
}

void _uk_sched_set_tlsp(__uptr tlsp)
{
	cur_tlsp = tlsp;
	ukplat_tlsp_set(tlsp);
}

void uk_sched_yield(void)
{
	unsigned long flags;

	if (unlikely(!_uk_thread_current))
		return; /* no scheduler yet: nobody else to run */
	flags = ukplat_lcpu_save_irqf();
	_uk_sched_schedule(UK_SCHED_ENQ_YIELD);
	ukplat_lcpu_restore_irqf(flags);
}

void uk_sched_request_resched(enum uk_sched_enq how)
{
	if (!resched_pending)
		resched_pending = (int)how + 1;
}

void uk_sched_resched_check(void)
{
	unsigned long flags;

	if (likely(!resched_pending) || ukplat_lcpu_irqs_disabled())
		return;
	flags = ukplat_lcpu_save_irqf();
	if (resched_pending)
		_uk_sched_schedule((enum uk_sched_enq)(resched_pending - 1));
	ukplat_lcpu_restore_irqf(flags);
}

static void wake_timer_fn(void *arg)
{
	uk_thread_wake(arg);
}

void _uk_sched_thread_init_timer(struct uk_thread *t)
{
	uk_sched_timer_init(&t->wake_timer, wake_timer_fn, t);
}

void uk_thread_block_until(struct uk_thread *t, __nsec deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	UK_ASSERT(!(t->flags & UK_THREAD_F_IDLE)); /* idle never blocks */
	UK_ASSERT(t->state != UK_THREAD_EXITED);
	if (t->state == UK_THREAD_RUNNABLE) {
		if (t != _uk_thread_current)
			uk_schedimpl_dequeue(t);
		t->state = UK_THREAD_BLOCKED;
	}
	uk_sched_timer_arm(&t->wake_timer, deadline);
	ukplat_lcpu_restore_irqf(flags);
}

int uk_thread_wake(struct uk_thread *t)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct uk_thread *cur = _uk_thread_current;

	if (t->state != UK_THREAD_BLOCKED) {
		ukplat_lcpu_restore_irqf(flags);
		return 0;
	}
	uk_sched_timer_disarm(&t->wake_timer);
	t->state = UK_THREAD_RUNNABLE;
	/* A thread that blocked itself and did not yield yet is still
	 * running: it just goes on. */
	if (t != cur) {
		uk_schedimpl_enqueue(t, UK_SCHED_ENQ_WOKEN);
		if (uk_schedimpl_preempts(cur, t))
			uk_sched_request_resched(UK_SCHED_ENQ_PREEMPTED);
	}
	ukplat_lcpu_restore_irqf(flags);
	return 1;
}

void uk_sched_sleep_until(__nsec deadline)
{
	struct uk_thread *cur = _uk_thread_current;
	unsigned long flags;

	UK_ASSERT(cur); /* sleeping needs the scheduler initialised */
	flags = ukplat_lcpu_save_irqf();
	while (ukplat_monotonic_clock() < deadline) {
		uk_thread_block_until(cur, deadline);
		_uk_sched_schedule(UK_SCHED_ENQ_YIELD);
	}
	ukplat_lcpu_restore_irqf(flags);
}

void uk_sched_sleep(__nsec ns)
{
	uk_sched_sleep_until(ukplat_monotonic_clock() + ns);
}

/* --- Cancellation points ----------------------------------------------- */

static const struct uk_sched_cancel_ops *cancel_ops;

void uk_sched_set_cancel_ops(const struct uk_sched_cancel_ops *ops)
{
	cancel_ops = ops;
}

int uk_sched_cancel_pending(void)
{
	return cancel_ops && _uk_thread_current && cancel_ops->pending();
}

void uk_sched_cancel_point(void)
{
	if (uk_sched_cancel_pending())
		cancel_ops->act();
}

void uk_sched_async_cancel_point(void)
{
	if (cancel_ops && cancel_ops->async_act && _uk_thread_current)
		cancel_ops->async_act();
}

/* --- Timers ------------------------------------------------------------ */

void uk_sched_timer_init(struct uk_sched_timer *t, void (*fn)(void *arg),
			 void *arg)
{
	uk_list_init(&t->node);
	t->deadline = 0;
	t->fn = fn;
	t->arg = arg;
}

/* Set the platform timer for the first timer, unless it fires earlier. */
static void program_platform_timer(void)
{
	__nsec first;

	if (uk_list_empty(&timers))
		return; /* a spurious interrupt costs less than disarming */
	first = uk_list_first_entry(&timers, struct uk_sched_timer, node)
			->deadline;
	if (plat_armed && plat_armed <= first)
		return;
	plat_armed = first;
	ukplat_timer_arm(first);
}

void uk_sched_timer_arm(struct uk_sched_timer *t, __nsec deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct uk_sched_timer *pos;

	if (t->deadline)
		uk_list_del(&t->node);
	t->deadline = deadline;
	if (deadline) {
		/* Sorted insert; equal deadlines fire in arming order. */
		uk_list_for_each_entry(pos, &timers, node)
			if (pos->deadline > deadline)
				break;
		uk_list_add_tail(&t->node, &pos->node);
		if (timers.next == &t->node)
			program_platform_timer();
	}
	ukplat_lcpu_restore_irqf(flags);
}

/* The platform timer's handler: interrupt context, interrupts masked. */
static void timer_interrupt(void *arg __unused)
{
	__nsec now = ukplat_monotonic_clock();
	struct uk_sched_timer *t;

	plat_armed = 0;
	while (!uk_list_empty(&timers)) {
		t = uk_list_first_entry(&timers, struct uk_sched_timer, node);
		if (t->deadline > now)
			break;
		uk_list_del(&t->node);
		t->deadline = 0;
		t->fn(t->arg);
	}
	program_platform_timer();
	if (resched_pending && _uk_thread_current)
		_uk_sched_schedule((enum uk_sched_enq)(resched_pending - 1));
}

/* --- Idle -------------------------------------------------------------- */

void *_uk_sched_idle_fn(void *arg __unused)
{
	for (;;) {
		unsigned long flags = ukplat_lcpu_save_irqf();

		if (uk_schedimpl_empty()) {
			_uk_sched_reap();
			if (uk_schedimpl_empty())
				ukplat_lcpu_halt_irq_until(0);
		}
		_uk_sched_schedule(UK_SCHED_ENQ_YIELD);
		ukplat_lcpu_restore_irqf(flags);
	}
	return NULL;
}

void _uk_sched_start_timer(void)
{
	ukplat_timer_set_handler(timer_interrupt, NULL);
}
