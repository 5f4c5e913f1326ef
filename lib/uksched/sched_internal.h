/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the files of uksched; not an API. */
#ifndef UKSCHED_INTERNAL_H
#define UKSCHED_INTERNAL_H

#include <uk/sched.h>

/* Interrupts masked: enqueue the runner (if runnable) with how, switch to
 * the next thread (or idle). Returns when the runner is switched back. */
void _uk_sched_schedule(enum uk_sched_enq how);

/* Entry of every new thread (ukarch_ctx_init's entry), arg: the thread. */
void _uk_sched_thread_start(void *arg);

/* Body of the idle thread. */
void *_uk_sched_idle_fn(void *arg);

/* Set the CPU's thread pointer (boot thread set-up). */
void _uk_sched_set_tlsp(__uptr tlsp);

/* Prepare t's wake-up timer. */
void _uk_sched_thread_init_timer(struct uk_thread *t);

/* Register the timer interrupt handler with the platform. */
void _uk_sched_start_timer(void);

/* Free detached threads that have exited. Interrupts masked, thread
 * context (it calls the allocator). */
void _uk_sched_reap(void);

#endif
