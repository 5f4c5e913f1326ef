/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's state per thread: each thread of the scheduler gets its own
 * struct _reent (errno, strtok and rand state, ...) at its first
 * __getreent() call, kept in a thread-local pointer; stdio streams are
 * shared by all (newlib is configured with global stdio streams). Before
 * the scheduler runs, the global one is used.
 *
 * exit() flushes the streams only if the global struct _reent was set up
 * for stdio (its __cleanup): newlib does that for whichever struct
 * _reent first uses stdio, which is main's own here, while ukboot calls
 * exit() from the boot thread. So the global one is set up by the last
 * init call, before main uses stdio: output left in a buffer when main
 * returns is written out.
 */
#include <reent.h>
#include <uk/newlib.h>
#include <uk/thread.h>
#include <uk/alloc.h>
#include <uk/init.h>

void __sinit(struct _reent *r); /* newlib's (stdio/local.h) */

static __thread struct _reent *thread_reent;

struct _reent *__getreent(void)
{
	struct _reent *r;

	/* No thread yet: the thread pointer (TLS) may not be set up. */
	if (unlikely(!uk_thread_current()))
		return _impure_ptr;
	r = thread_reent;
	if (likely(r))
		return r;
	/* ukalloc directly: malloc() would set errno, i.e. call us again */
	r = uk_malloc(uk_alloc_get_default(), sizeof(*r));
	if (!r)
		return _impure_ptr;
	_REENT_INIT_PTR(r);
	thread_reent = r;
	return r;
}

void uk_newlib_thread_exit(void)
{
	struct _reent *r;

	if (!uk_thread_current() || !(r = thread_reent))
		return;
	_reclaim_reent(r);
	thread_reent = NULL;
	uk_free(uk_alloc_get_default(), r);
}

static int newlib_stdio_init(void)
{
	__sinit(_GLOBAL_REENT);
	return 0;
}
uk_late_initcall_prio(newlib_stdio_init, 9);
