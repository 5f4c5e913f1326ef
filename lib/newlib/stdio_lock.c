/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flockfile, ftrylockfile, funlockfile: a stream's own lock, the one
 * newlib's stdio functions take around each call (a recursive lock of
 * locks.c: a uk_mutex once posix-pthread has started, nothing before,
 * when there is one thread). newlib declares them but its build here
 * leaves them out. String streams (sprintf's) have no lock.
 */
#include <stdio.h>
#include <sys/lock.h>
#include <sys/reent.h>

void __sinit(struct _reent *r);

/* The standard streams' locks exist once stdio is set up. */
static void stdio_ready(void)
{
	struct _reent *r = _REENT;

	if (r && !r->__sdidinit)
		__sinit(r);
}

void flockfile(FILE *fp)
{
	stdio_ready();
	if (!(fp->_flags & __SSTR))
		__lock_acquire_recursive(fp->_lock);
}

/* 0 when the caller has the lock now, nonzero when another thread has. */
int ftrylockfile(FILE *fp)
{
	stdio_ready();
	if (fp->_flags & __SSTR)
		return 0;
	return __lock_try_acquire_recursive(fp->_lock) ? 0 : 1;
}

void funlockfile(FILE *fp)
{
	if (!(fp->_flags & __SSTR))
		__lock_release_recursive(fp->_lock);
}
