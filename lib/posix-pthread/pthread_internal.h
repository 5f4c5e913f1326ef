/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside posix-pthread. */
#ifndef POSIX_PTHREAD_INTERNAL_H
#define POSIX_PTHREAD_INTERNAL_H

#include <pthread.h>
#include <uk/thread.h>

struct pthread {
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

/* Run the key destructors of the calling thread. */
void pthread_keys_run_destructors(struct pthread *p);

#endif
