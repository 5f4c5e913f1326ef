/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside posix-pthread. */
#ifndef POSIX_PTHREAD_INTERNAL_H
#define POSIX_PTHREAD_INTERNAL_H

#include <pthread.h>
#include <uk/thread.h>

struct pthread {
	pthread_t id;            /* never reused: a stale id finds nothing */
	struct pthread *next;    /* in the list of live ones (thread.c) */
	struct uk_thread *thread;
	void *(*fn)(void *);
	void *arg;
	void *retval;
	int detached;
	int exited;
	int joining;             /* a pthread_join waits for it */
	/* Cancellation (cancel.c): the request may come from any thread. */
	int cancel_requested;    /* atomic */
	int cancel_state;        /* PTHREAD_CANCEL_ENABLE / _DISABLE */
	int cancel_type;         /* PTHREAD_CANCEL_DEFERRED / _ASYNCHRONOUS */
	int cancelling;          /* acting on it: no second time */
	struct _pthread_cleanup *cleanup; /* innermost first */
	const void *keys[PTHREAD_KEYS_MAX];
};

/* The calling thread's struct pthread (made on first use). */
struct pthread *pthread_current(void);

/* The calling thread's struct pthread if it has one (never allocates). */
struct pthread *pthread_current_if_any(void);

/*
 * The deadline on the monotonic clock (uklock's timeouts) for the absolute
 * time abs of clock clk (CLOCK_REALTIME or CLOCK_MONOTONIC).
 */
__nsec pthread_deadline(const struct timespec *abs, clockid_t clk);

/*
 * Run init(obj) once for the object whose first-use flag is *state (0:
 * not set up yet; static initialisers are zeros), under one spinlock
 * shared by all such objects, then set *state. Cheap once set up.
 */
void pthread_setup_once(int *state, void (*init)(void *), void *obj);

/* Leave the calling thread p with retval (cleanup handlers first). */
void __noreturn pthread_finish(struct pthread *p, void *retval);

/* Run (and pop) the calling thread's cleanup handlers, innermost first. */
void pthread_cleanup_run_all(struct pthread *p);

/* The live struct pthread of id t, or NULL. */
struct pthread *pthread_lookup(pthread_t t);

/* Run the key destructors of the calling thread. */
void pthread_keys_run_destructors(struct pthread *p);

#endif
