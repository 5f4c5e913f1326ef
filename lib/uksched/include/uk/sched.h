/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduling: giving up the CPU, sleeping, timers in interrupt context,
 * and the list of threads. One scheduler per image, chosen in the
 * configuration (ukschedcoop: cooperative round robin; ukschedpreempt:
 * priorities and time slices); both implement the few functions at the
 * end of this file.
 *
 * Times are nanoseconds of the monotonic clock (ukplat_monotonic_clock);
 * a deadline of 0 means "none". Nothing wakes early: a sleep or timed
 * wait returns at or after its deadline, never before.
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <uk/essentials.h>
#include <uk/thread.h>

/*
 * Let other runnable threads run; the caller continues after them (round
 * robin among equals). If the caller marked itself blocked, it continues
 * only once woken. Callable with interrupts masked (they stay masked for
 * the caller; other threads run with their own state). Thread context.
 */
void uk_sched_yield(void);

/*
 * Block the caller until the monotonic clock reaches deadline (returns at
 * once if it already has). Never returns early. Thread context.
 */
void uk_sched_sleep_until(__nsec deadline);

/* Block the caller for at least ns nanoseconds. Thread context. */
void uk_sched_sleep(__nsec ns);

/*
 * Cancellation points (POSIX thread cancellation, kept by a thread library
 * such as posix-pthread, which registers its two functions here; without
 * one both calls do nothing). uk_sched_cancel_pending() is nonzero when
 * the running thread has a cancellation request it must act on now.
 * uk_sched_cancel_point() acts on it: it does not return then (the thread
 * runs its cleanup handlers and exits). A blocking call that is a
 * cancellation point calls uk_sched_cancel_point() on entry and after its
 * wait, with no lock held and no reference kept; inside its wait loop it
 * stops waiting when uk_sched_cancel_pending() turns true (the thread
 * library wakes the thread with uk_thread_wake when a request arrives).
 * Thread context.
 */
struct uk_sched_cancel_ops {
	int (*pending)(void);
	void (*act)(void);
	/* Optional: act on a request if the thread cancels asynchronously. */
	void (*async_act)(void);
};

void uk_sched_set_cancel_ops(const struct uk_sched_cancel_ops *ops);
int uk_sched_cancel_pending(void);
void uk_sched_cancel_point(void);

/*
 * A point where a signal handler could run (posix-process's signal
 * delivery: sched_yield, sigprocmask, kill, raise, the wake-up of a
 * blocking call): a thread whose cancellation type is asynchronous
 * (PTHREAD_CANCEL_ASYNCHRONOUS) acts on a request here, whatever call it
 * is in; it does not return then. No lock held, nothing to undo.
 * Thread context.
 */
void uk_sched_async_cancel_point(void);

/*
 * If a wake-up asked for preemption (ukschedpreempt: a woken thread
 * outranks the caller) and interrupts are not masked, switch now. Cheap
 * when there is nothing to do; uklock calls it after releasing a lock.
 * Thread context.
 */
void uk_sched_resched_check(void);

/*
 * Timers (struct uk_sched_timer, in <uk/thread.h>): fn(arg) runs in
 * interrupt context (interrupts masked) once the monotonic clock reaches
 * the deadline. It may wake threads, arm timers (itself included, for a
 * later deadline) and use irqsave spinlocks; it must not block or
 * allocate memory. Embed a struct uk_sched_timer where it is needed.
 */

/* Prepare t to call fn(arg); not armed. Any context. */
void uk_sched_timer_init(struct uk_sched_timer *t, void (*fn)(void *arg),
			 void *arg);

/*
 * Arm t for deadline (a deadline already past fires at the next timer
 * interrupt); replaces an earlier deadline. deadline 0 disarms. Any
 * context, timer functions included.
 */
void uk_sched_timer_arm(struct uk_sched_timer *t, __nsec deadline);

/* Disarm t (nothing happens if it is not armed). Any context. */
static inline void uk_sched_timer_disarm(struct uk_sched_timer *t)
{
	uk_sched_timer_arm(t, 0);
}

/*
 * Call fn(t, arg) for every thread (idle thread included) with interrupts
 * masked, in creation order, until fn returns non-zero; returns that
 * value or 0. fn must not block, create or end threads. For debuggers and
 * statistics. Thread context.
 */
int uk_sched_thread_foreach(int (*fn)(struct uk_thread *t, void *arg),
			    void *arg);

/* Number of threads (idle thread and unjoined exited ones included). */
unsigned int uk_sched_thread_count(void);

/*
 * Print the thread list on the console: name, state, priority, stack
 * range, switch count. Thread context (or a crash handler).
 */
void uk_sched_threads_print(void);

/* The scheduler chosen in the configuration ("coop", "preempt"). */
extern const char uk_sched_name[];

/*
 * ---------------------------------------------------------------------
 * What a scheduler library implements. uksched calls these with
 * interrupts masked; they only keep the run queue (runnable threads that
 * are not running) and decide the order.
 */

/* How a thread comes to the run queue. */
enum uk_sched_enq {
	UK_SCHED_ENQ_NEW,       /* created */
	UK_SCHED_ENQ_WOKEN,     /* was blocked */
	UK_SCHED_ENQ_YIELD,     /* gave up the CPU, or its time slice ended */
	UK_SCHED_ENQ_PREEMPTED, /* a higher priority thread took the CPU */
};

/* Once, before any other call (after the boot thread exists). */
void uk_schedimpl_init(void);
/* Put runnable t (not running, not queued) on the run queue. */
void uk_schedimpl_enqueue(struct uk_thread *t, enum uk_sched_enq how);
/* Take queued t off the run queue (its priority is about to change). */
void uk_schedimpl_dequeue(struct uk_thread *t);
/* Take the thread to run next off the run queue; NULL if it is empty. */
struct uk_thread *uk_schedimpl_pick(void);
/* Whether the run queue is empty. */
int uk_schedimpl_empty(void);
/* Whether woken (just enqueued) should take the CPU from running. */
int uk_schedimpl_preempts(const struct uk_thread *running,
			  const struct uk_thread *woken);

/*
 * For scheduler libraries: switch threads at the end of the current
 * timer interrupt (or at the next uk_sched_resched_check), putting the
 * running thread on the run queue with how. Interrupts masked.
 */
void uk_sched_request_resched(enum uk_sched_enq how);

/* The idle thread (runs when the run queue is empty). */
extern struct uk_thread *_uk_sched_idle;

#endif
