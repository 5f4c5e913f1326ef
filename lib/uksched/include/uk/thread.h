/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads. Every thread has its own stack (with a guard page below it
 * where the platform can make one), its own thread-local storage (ELF TLS:
 * __thread variables) and its own errno. A thread runs fn(arg); returning
 * from fn is uk_thread_exit(return value). Threads are joinable unless
 * detached: the memory of an exited thread goes back when it is joined,
 * or at once (soon after exit) when it is detached.
 *
 * Which thread runs is decided by the scheduler chosen in the
 * configuration (<uk/sched.h>): ukschedcoop or ukschedpreempt.
 *
 * Unless a function says otherwise: callable from thread context once
 * the scheduler is initialised (init class early, priority 9), never from
 * interrupt context; errors are negative errno values.
 */
#ifndef UK_THREAD_H
#define UK_THREAD_H

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/arch/ctx.h>

#ifndef CONFIG_LIBUKSCHED
#error "<uk/thread.h> needs a scheduler: select LIBUKSCHED (make menuconfig)"
#endif

/* Priorities: higher runs first (ukschedpreempt; ukschedcoop ignores them). */
#define UK_THREAD_PRIO_MIN 1
#define UK_THREAD_PRIO_DEFAULT 16
#define UK_THREAD_PRIO_MAX 31

#define UK_THREAD_NAME_MAX 32 /* bytes, with the terminating NUL */

typedef void *(*uk_thread_fn_t)(void *arg);

enum uk_thread_state {
	UK_THREAD_RUNNABLE, /* running, or waiting for the CPU */
	UK_THREAD_BLOCKED,  /* waiting for uk_thread_wake or a deadline */
	UK_THREAD_EXITED,   /* finished; not yet joined */
};

/* uk_thread.flags */
#define UK_THREAD_F_DETACHED 0x01 /* freed at exit, cannot be joined */
#define UK_THREAD_F_IDLE 0x02     /* the idle thread */
#define UK_THREAD_F_BOOT 0x04     /* the boot context; stack not ours */
#define UK_THREAD_F_GUARD 0x08    /* its stack has a guard page */
#define UK_THREAD_F_JOINING 0x10  /* someone waits in uk_thread_join */

/*
 * A timer of the scheduler (functions in <uk/sched.h>): fn(arg) runs in
 * interrupt context once the monotonic clock reaches deadline.
 */
struct uk_sched_timer {
	struct uk_list_head node;
	__nsec deadline; /* 0 while not armed */
	void (*fn)(void *arg);
	void *arg;
};

/* Optional attributes of a new thread; NULL or 0 fields mean defaults. */
struct uk_thread_attr {
	__sz stack_size; /* bytes; 0: CONFIG_LIBUKSCHED_STACK_SIZE KiB */
	int prio;        /* 0: UK_THREAD_PRIO_DEFAULT */
	int detached;    /* start detached */
};

/*
 * A thread. Fields are read-only outside uksched and the scheduler
 * libraries, and change only with interrupts masked.
 */
struct uk_thread {
	struct ukarch_ctx ctx;       /* saved registers while not running */
	enum uk_thread_state state;
	unsigned int flags;          /* UK_THREAD_F_* */
	int prio;
	int errno_value;             /* errno of this thread */
	__uptr tlsp;                 /* thread pointer (0: image has no TLS) */
	void *ectx;                  /* FPU area (LIBUKSCHED_SAVE_FPU) */
	void *stack;                 /* lowest usable byte of the stack */
	__sz stack_size;             /* usable bytes (guard page not counted) */
	uk_thread_fn_t fn;
	void *arg;
	void *retval;                /* what fn returned or exit was given */
	struct uk_thread *joiner;    /* thread blocked in join on this one */
	__u64 switches;              /* times it was switched to */
	struct uk_list_head all;     /* on the list of every thread */
	struct uk_list_head rq;      /* run queue (scheduler library's) */
	struct uk_sched_timer wake_timer; /* deadline of a block */
	unsigned long sched_data;    /* for the scheduler library */
	void *mem;                   /* allocation holding this struct */
	void *stack_mem;             /* allocation holding the stack */
	unsigned long stack_pages;   /* pages of stack_mem */
	/* Signals (posix-process), bit N-1 for signal N; a new thread
	 * starts with its creator's blocked set. */
	unsigned long sig_blocked;
	unsigned long sig_pending;   /* sent to this thread only */
	/* Real-time signals 34..64 sent to this thread only: instances
	 * pending beyond the first (they queue, as on Linux). */
	unsigned char sig_rt_queued[31];
	char name[UK_THREAD_NAME_MAX];
};

extern struct uk_thread *_uk_thread_current;

/*
 * The running thread; NULL before the scheduler is initialised. Any
 * context (in an interrupt handler: the interrupted thread).
 */
static inline struct uk_thread *uk_thread_current(void)
{
	return _uk_thread_current;
}

/*
 * Create a thread named name (copied, truncated to 31 bytes; NULL: "")
 * that runs fn(arg), and make it runnable. attr may be NULL. Stores the
 * thread in *t if t is not NULL (never for a detached thread that may
 * already be gone: pass NULL then). Returns 0, -EINVAL (stack size below
 * 16 KiB or priority out of range), -ENOMEM.
 */
int uk_thread_create(struct uk_thread **t, const char *name,
		     const struct uk_thread_attr *attr, uk_thread_fn_t fn,
		     void *arg);

/*
 * End the calling thread with return value retval (what uk_thread_join
 * reports). Never returns. Also ends the boot thread (its memory stays).
 */
void uk_thread_exit(void *retval) __noreturn;

/*
 * Wait until t has exited, store its return value in *retval (if retval
 * is not NULL) and free t. Returns 0, -EDEADLK (t is the caller), -EINVAL
 * (t is detached, or another thread already joins it).
 */
int uk_thread_join(struct uk_thread *t, void **retval);

/*
 * Let t's memory go back as soon as it exits; it can no longer be
 * joined. Returns 0, -EINVAL (already detached or being joined).
 */
int uk_thread_detach(struct uk_thread *t);

/* The thread's name ("" if it has none). Any context. */
static inline const char *uk_thread_name(const struct uk_thread *t)
{
	return t->name;
}

/* Rename t (copied, truncated to 31 bytes). Any context. */
void uk_thread_set_name(struct uk_thread *t, const char *name);

/*
 * Change t's priority (UK_THREAD_PRIO_MIN..MAX). Returns 0 or -EINVAL.
 * Takes effect at once under ukschedpreempt (a thread that now outranks
 * the caller runs before this returns); ukschedcoop records it only.
 */
int uk_thread_set_prio(struct uk_thread *t, int prio);

static inline int uk_thread_get_prio(const struct uk_thread *t)
{
	return t->prio;
}

/*
 * Mark t blocked: the scheduler skips it until uk_thread_wake(t) or, if
 * deadline is not 0, until the monotonic clock reaches deadline (ns).
 * For t == the caller, nothing happens until the caller gives up the CPU
 * with uk_sched_yield(); a wake in between makes that yield return soon.
 * The usual pattern, race free because interrupts are masked:
 *
 *   flags = ukplat_lcpu_save_irqf();
 *   while (!condition) {
 *           record the caller as a waiter of condition;
 *           uk_thread_block_until(uk_thread_current(), deadline);
 *           uk_sched_yield();
 *   }
 *   ukplat_lcpu_restore_irqf(flags);
 *
 * Wait queues (<uk/wait.h> of uklock) package it. Any context.
 */
void uk_thread_block_until(struct uk_thread *t, __nsec deadline);

static inline void uk_thread_block(struct uk_thread *t)
{
	uk_thread_block_until(t, 0);
}

/*
 * Make a blocked thread runnable (and cancel its deadline). Returns 1 if
 * t was blocked, 0 if it was not (then nothing changes). Any context,
 * interrupt handlers included. Under ukschedpreempt a woken thread that
 * outranks the running one runs at the next scheduling point: at once
 * from uklock's functions, at the end of the timer interrupt, or at the
 * next uk_sched_yield/uk_sched_resched_check.
 */
int uk_thread_wake(struct uk_thread *t);

#endif
