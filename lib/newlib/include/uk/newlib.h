/* SPDX-License-Identifier: BSD-3-Clause */
/* What the newlib glue offers other libraries (the thread library). */
#ifndef UK_NEWLIB_H
#define UK_NEWLIB_H

/*
 * Release the calling thread's newlib state (its struct _reent); call it
 * as a thread ends (posix-pthread does). Threads that never call it keep
 * about 1 KiB until the image stops.
 */
void uk_newlib_thread_exit(void);

/*
 * Locks newlib takes (stdio, malloc, atexit, environment) use these
 * operations once a thread library installs them; until then they are
 * no-ops (one thread). Each op gets the lock's storage: lock_init
 * creates a lock there, returning 0 or a negative errno.
 */
struct uk_newlib_lock_ops {
	__SIZE_TYPE__ size;  /* bytes of storage one lock needs */
	int (*init)(void *lock, int recursive);
	void (*fini)(void *lock);
	void (*acquire)(void *lock);
	int (*try_acquire)(void *lock); /* 0: taken, else busy */
	void (*release)(void *lock);
};

/* Install ops; boot code only, before a second thread exists. */
void uk_newlib_set_lock_ops(const struct uk_newlib_lock_ops *ops);

#endif
