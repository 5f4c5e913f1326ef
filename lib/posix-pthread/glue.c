/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plugging the scheduler into newlib at boot: newlib's locks become
 * uk_mutexes. (Sleeping and sched_yield reach the scheduler without
 * pthreads: posix-time and posix-process call uksched themselves.)
 */
#include <uk/init.h>
#include <uk/newlib.h>
#include <uk/mutex.h>
#include <uk/sched.h>
#include "pthread_internal.h"

static int lock_init(void *l, int recursive)
{
	uk_mutex_init_flags(l, recursive ? UK_MUTEX_F_RECURSIVE : 0);
	return 0;
}

static void lock_fini(void *l)
{
	(void)l;
}

/* Before the first thread runs (boot code) there is nobody to wait for. */
static void lock_acquire(void *l)
{
	if (uk_thread_current())
		uk_mutex_lock(l);
}

static int lock_try(void *l)
{
	return uk_thread_current() ? uk_mutex_trylock(l) : 0;
}

static void lock_release(void *l)
{
	if (uk_thread_current())
		uk_mutex_unlock(l);
}

static const struct uk_newlib_lock_ops lock_ops = {
	.size = sizeof(struct uk_mutex),
	.init = lock_init,
	.fini = lock_fini,
	.acquire = lock_acquire,
	.try_acquire = lock_try,
	.release = lock_release,
};

static int pthread_glue_init(void)
{
	uk_newlib_set_lock_ops(&lock_ops);
	return 0;
}
uk_lib_initcall_prio(pthread_glue_init, 0);
