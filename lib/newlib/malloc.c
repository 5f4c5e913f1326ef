/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib is built with MALLOC_PROVIDED: its internal calls go to the
 * reentrant names below, which use ukalloc's malloc & co.
 */
#include <stdlib.h>
#include <reent.h>
#include <errno.h>

void *_malloc_r(struct _reent *r, size_t n)
{
	void *p = malloc(n);

	if (!p)
		r->_errno = ENOMEM;
	return p;
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		r->_errno = ENOMEM;
	return p;
}

void *_realloc_r(struct _reent *r, void *old, size_t n)
{
	void *p = realloc(old, n);

	if (!p && n)
		r->_errno = ENOMEM;
	return p;
}

void _free_r(struct _reent *r, void *p)
{
	(void)r;
	free(p);
}
