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
	const void *keys[PTHREAD_KEYS_MAX];
};

/* The calling thread's struct pthread (made on first use). */
struct pthread *pthread_current(void);

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

/* Run the key destructors of the calling thread. */
void pthread_keys_run_destructors(struct pthread *p);

#endif
