/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: creation (stack, guard page, TLS, FPU area), exit, join,
 * detach, names, priorities, the thread list; the scheduler's start-up.
 *
 * A thread is two allocations: one block for struct uk_thread, its TLS
 * area and its FPU area, and whole pages for the stack, the lowest made a
 * guard page where the platform can. Allocator calls happen with
 * interrupts masked, so preemption never interleaves two of them.
 */
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/tls.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/pageguard.h>
#include <uk/plat/tls.h>
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
#include <uk/arch/ectx.h>
#endif
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include "sched_internal.h"

#define MIN_STACK_SIZE (16 * 1024)

static UK_LIST_HEAD(all_threads);
static UK_LIST_HEAD(zombies);     /* exited detached threads, on t->rq */
static unsigned int thread_count;
static struct ukplat_tls_image tls_image;
static int guard_pages = 1;        /* cleared when the platform has none */

static void copy_name(struct uk_thread *t, const char *name)
{
	__sz i = 0;

	if (name)
		for (; i < UK_THREAD_NAME_MAX - 1 && name[i]; i++)
			t->name[i] = name[i];
	t->name[i] = '\0';
}

void uk_thread_set_name(struct uk_thread *t, const char *name)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	copy_name(t, name);
	ukplat_lcpu_restore_irqf(flags);
}

/* The block for struct uk_thread, TLS area and FPU area. Masked. */
static struct uk_thread *thread_mem_alloc(void)
{
	__sz align = 64, off_tls = 0, off_ectx = 0, size;
	struct uk_thread *t;
	char *mem;

	size = ALIGN_UP(sizeof(struct uk_thread), (__sz)64);
	if (tls_image.len) {
		align = MAX(align, ukarch_tls_area_align(tls_image.align));
		off_tls = ALIGN_UP(size, align);
		size = off_tls + ukarch_tls_area_size(tls_image.len,
						      tls_image.align);
	}
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
	off_ectx = ALIGN_UP(size, (__sz)UKARCH_ECTX_ALIGN);
	size = off_ectx + ukarch_ectx_size();
#endif
	mem = uk_memalign(uk_alloc_get_default(), align, size);
	if (!mem)
		return NULL;
	t = (struct uk_thread *)mem;
	*t = (struct uk_thread){ .mem = mem, .prio = UK_THREAD_PRIO_DEFAULT };
	if (tls_image.len)
		t->tlsp = ukarch_tls_area_init(mem + off_tls, tls_image.init,
					       tls_image.init_len,
					       tls_image.len, tls_image.align);
#ifdef CONFIG_LIBUKSCHED_SAVE_FPU
	t->ectx = mem + off_ectx;
	ukarch_ectx_init(t->ectx);
#endif
	(void)off_ectx;
	_uk_sched_thread_init_timer(t);
	return t;
}

/* Stack pages, the lowest a guard page if possible. Masked. */
static int stack_alloc(struct uk_thread *t, __sz size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long pages = DIV_ROUND_UP(size, __PAGE_SIZE);
	int guard = 0;
	char *mem;

#ifdef CONFIG_LIBUKSCHED_STACK_GUARD
	guard = guard_pages;
#endif
	mem = uk_palloc(a, pages + guard);
	if (!mem)
		return -ENOMEM;
	if (guard) {
		int rc = ukplat_page_guard(mem, __PAGE_SIZE);

		if (rc == -ENOTSUP) {
			guard_pages = 0; /* the platform cannot: use the page */
			pages += 1;
			guard = 0;
		} else if (rc < 0) {
			uk_pfree(a, mem, pages + guard);
			return rc;
		} else {
			t->flags |= UK_THREAD_F_GUARD;
		}
	}
	t->stack_mem = mem;
	t->stack_pages = pages + guard;
	t->stack = mem + guard * __PAGE_SIZE;
	t->stack_size = pages * __PAGE_SIZE;
	return 0;
}

/* Give back t's memory; t is not running and on no queue. Masked. */
static void thread_free(struct uk_thread *t)
{
	struct uk_alloc *a = uk_alloc_get_default();

	UK_ASSERT(t != uk_thread_current()); /* nobody frees its own stack */
	uk_list_del(&t->all);
	thread_count--;
	if (t->stack_mem) {
		if (t->flags & UK_THREAD_F_GUARD)
			ukplat_page_unguard(t->stack_mem, __PAGE_SIZE);
		uk_pfree(a, t->stack_mem, t->stack_pages);
	}
	uk_free(a, t->mem);
}

void _uk_sched_reap(void)
{
	struct uk_thread *t, *n;

	uk_list_for_each_entry_safe(t, n, &zombies, rq) {
		uk_list_del(&t->rq);
		thread_free(t);
	}
}

/* A thread ready to run fn(arg), not yet on the run queue. Masked. */
static int thread_new(struct uk_thread **tp, const char *name, __sz stack,
		      int prio, uk_thread_fn_t fn, void *arg)
{
	struct uk_thread *t = thread_mem_alloc();
	int rc;

	if (!t)
		return -ENOMEM;
	rc = stack_alloc(t, stack);
	if (rc < 0) {
		uk_free(uk_alloc_get_default(), t->mem);
		return rc;
	}
	copy_name(t, name);
	t->prio = prio;
	if (uk_thread_current())
		t->sig_blocked = uk_thread_current()->sig_blocked;
	t->fn = fn;
	t->arg = arg;
	t->state = UK_THREAD_RUNNABLE;
	ukarch_ctx_init(&t->ctx, (char *)t->stack + t->stack_size,
			_uk_sched_thread_start, t);
	uk_list_add_tail(&t->all, &all_threads);
	thread_count++;
	*tp = t;
	return 0;
}

/*
 * Say why a thread could not be created. With the region allocator as
 * default this is how a leak ends: it never takes memory back, so every
 * thread ever created still holds its stack.
 */
static void report_no_memory(const char *name, __sz stack)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (a && (a->flags & UK_ALLOC_F_NOREUSE))
		uk_pr_err("no memory for thread '%s' (%zu KiB stack): the default allocator (%s) never takes memory back, so every thread created so far still holds its stack; pick TLSF or buddy as default allocator (LIBUKALLOC_DEFAULT_*)\n",
			  name ? name : "", stack / 1024, a->name);
	else
		uk_pr_warn("no memory for thread '%s' (%zu KiB stack)\n",
			   name ? name : "", stack / 1024);
}

int uk_thread_create(struct uk_thread **tp, const char *name,
		     const struct uk_thread_attr *attr, uk_thread_fn_t fn,
		     void *arg)
{
	__sz stack = (__sz)CONFIG_LIBUKSCHED_STACK_SIZE * 1024;
	int prio = UK_THREAD_PRIO_DEFAULT, detached = 0, rc;
	struct uk_thread *t;
	unsigned long flags;

	UK_ASSERT(uk_thread_current()); /* the scheduler is initialised */
	if (attr) {
		if (attr->stack_size)
			stack = attr->stack_size;
		if (attr->prio)
			prio = attr->prio;
		detached = attr->detached;
	}
	if (stack < MIN_STACK_SIZE || prio < UK_THREAD_PRIO_MIN ||
	    prio > UK_THREAD_PRIO_MAX || !fn)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	_uk_sched_reap();
	rc = thread_new(&t, name, stack, prio, fn, arg);
	if (rc == 0) {
		if (detached)
			t->flags |= UK_THREAD_F_DETACHED;
		else if (tp)
			*tp = t;
		uk_schedimpl_enqueue(t, UK_SCHED_ENQ_NEW);
		if (uk_schedimpl_preempts(uk_thread_current(), t))
			uk_sched_request_resched(UK_SCHED_ENQ_PREEMPTED);
	}
	ukplat_lcpu_restore_irqf(flags);
	if (rc == 0)
		uk_sched_resched_check();
	else if (rc == -ENOMEM)
		report_no_memory(name, stack);
	return rc;
}

void uk_thread_exit(void *retval)
{
	struct uk_thread *t = uk_thread_current();

	UK_ASSERT(t && !(t->flags & UK_THREAD_F_IDLE)); /* idle never ends */
	ukplat_lcpu_disable_irq(); /* for good: the next thread restores */
	t->retval = retval;
	t->state = UK_THREAD_EXITED;
	uk_sched_timer_disarm(&t->wake_timer);
	if (t->flags & UK_THREAD_F_DETACHED)
		uk_list_add_tail(&t->rq, &zombies);
	else if (t->joiner)
		uk_thread_wake(t->joiner);
	_uk_sched_schedule(UK_SCHED_ENQ_YIELD);
	UK_CRASH("thread %s ran again after it exited\n", t->name);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags;

	if (t == cur)
		return -EDEADLK;
	flags = ukplat_lcpu_save_irqf();
	if (t->flags & (UK_THREAD_F_DETACHED | UK_THREAD_F_JOINING)) {
		ukplat_lcpu_restore_irqf(flags);
		return -EINVAL;
	}
	t->flags |= UK_THREAD_F_JOINING;
	t->joiner = cur;
	while (t->state != UK_THREAD_EXITED) {
		uk_thread_block(cur);
		_uk_sched_schedule(UK_SCHED_ENQ_YIELD);
	}
	if (retval)
		*retval = t->retval;
	thread_free(t);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	if (t->flags & (UK_THREAD_F_DETACHED | UK_THREAD_F_JOINING)) {
		ukplat_lcpu_restore_irqf(flags);
		return -EINVAL;
	}
	t->flags |= UK_THREAD_F_DETACHED;
	if (t->state == UK_THREAD_EXITED)
		uk_list_add_tail(&t->rq, &zombies);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

int uk_thread_set_prio(struct uk_thread *t, int prio)
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags;

	if (prio < UK_THREAD_PRIO_MIN || prio > UK_THREAD_PRIO_MAX)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	if (t != cur && t->state == UK_THREAD_RUNNABLE &&
	    !(t->flags & UK_THREAD_F_IDLE)) {
		uk_schedimpl_dequeue(t);
		t->prio = prio;
		uk_schedimpl_enqueue(t, UK_SCHED_ENQ_YIELD);
		if (uk_schedimpl_preempts(cur, t))
			uk_sched_request_resched(UK_SCHED_ENQ_PREEMPTED);
	} else {
		t->prio = prio;
		/* The caller may now rank below a queued thread. */
		if (t == cur && !uk_schedimpl_empty())
			uk_sched_request_resched(UK_SCHED_ENQ_PREEMPTED);
	}
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_resched_check();
	return 0;
}

int uk_sched_thread_foreach(int (*fn)(struct uk_thread *t, void *arg),
			    void *arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct uk_thread *t;
	int rc = 0;

	uk_list_for_each_entry(t, &all_threads, all) {
		rc = fn(t, arg);
		if (rc)
			break;
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

unsigned int uk_sched_thread_count(void)
{
	return thread_count;
}

static int print_one(struct uk_thread *t, void *arg __unused)
{
	static const char *const states[] = { "runnable", "blocked",
					      "exited" };
	const char *state = states[t->state];
	char stack[48] = "(platform stack)";

	if (t == uk_thread_current())
		state = "running";
	if (t->stack)
		snprintf(stack, sizeof(stack), "%p-%p%s", t->stack,
			 (char *)t->stack + t->stack_size,
			 t->flags & UK_THREAD_F_GUARD ? " +g" : "");
	uk_pr_raw("  %-20s %-8s %4d  %-36s %10llu\n", t->name, state, t->prio,
		  stack, (unsigned long long)t->switches);
	return 0;
}

void uk_sched_threads_print(void)
{
	uk_pr_raw("threads (%u, scheduler %s):\n  %-20s %-8s %4s  %-36s %10s\n",
		  thread_count, uk_sched_name, "name", "state", "prio",
		  "stack (+g: guard page below)", "switches");
	uk_sched_thread_foreach(print_one, NULL);
}

/*
 * Start-up: the boot context becomes the thread "boot" (it keeps the
 * platform's stack and gets a TLS area), the idle thread is made, the
 * timer handler registered, interrupts unmasked. Right after the
 * allocator (early, 0).
 */
static int uksched_init(void)
{
	struct uk_thread *boot, *idle;
	unsigned long flags;
	int rc;

	if (!uk_alloc_get_default()) {
		uk_pr_crit("uksched: no memory allocator\n");
		return -ENOMEM;
	}
	ukplat_tls_image(&tls_image);
	flags = ukplat_lcpu_save_irqf();
	boot = thread_mem_alloc();
	if (!boot) {
		ukplat_lcpu_restore_irqf(flags);
		return -ENOMEM;
	}
	copy_name(boot, "boot");
	boot->flags = UK_THREAD_F_BOOT;
	boot->state = UK_THREAD_RUNNABLE;
	uk_list_add_tail(&boot->all, &all_threads);
	thread_count++;
	if (boot->tlsp)
		_uk_sched_set_tlsp(boot->tlsp);
	_uk_thread_current = boot;
	uk_schedimpl_init();
	rc = thread_new(&idle, "idle",
			(__sz)CONFIG_LIBUKSCHED_STACK_SIZE * 1024,
			UK_THREAD_PRIO_MIN, _uk_sched_idle_fn, NULL);
	if (rc < 0) {
		ukplat_lcpu_restore_irqf(flags);
		return rc;
	}
	idle->flags |= UK_THREAD_F_IDLE;
	_uk_sched_idle = idle;
	_uk_sched_start_timer();
	/* Every thread runs with interrupts on, the boot thread from now on
	 * (kvm boots with them masked): timers can then preempt it too. */
	(void)flags;
	ukplat_lcpu_enable_irq();
	return 0;
}
uk_early_initcall_prio(uksched_init, 9);
