/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's per-thread state (struct _reent: errno, stdio streams, strtok
 * and rand state). Newlib is built with __DYNAMIC_REENT__ and asks
 * __getreent() for it; a thread library installs a getter that returns the
 * current thread's own (uk_newlib_set_reent_getter), otherwise everyone
 * shares newlib's global one.
 */
#include <reent.h>
#include <uk/newlib.h>

static struct _reent *(*reent_getter)(void);

void uk_newlib_set_reent_getter(struct _reent *(*getter)(void))
{
	reent_getter = getter;
}

struct _reent *__getreent(void)
{
	struct _reent *r;

	if (reent_getter) {
		r = reent_getter();
		if (r)
			return r;
	}
	return _impure_ptr;
}

void uk_newlib_reent_init(struct _reent *r)
{
	_REENT_INIT_PTR(r);
}

void uk_newlib_reent_fini(struct _reent *r)
{
	/* Flushes and frees what the thread's own streams hold. */
	if (r != _impure_ptr)
		_reclaim_reent(r);
}
