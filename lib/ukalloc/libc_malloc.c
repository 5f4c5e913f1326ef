/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * malloc & co. of the C library, over the default allocator. Any libc that
 * routes its allocation here leaves its own malloc out (nolibc does when
 * ukalloc is selected); failures set errno as POSIX says.
 */
#include "internal.h"
#include <uk/assert.h>
#include <stdlib.h>
#include <errno.h>

/* Declared by glibc's <malloc.h>; not every libc has them. */
void *memalign(size_t align, size_t size);
size_t malloc_usable_size(void *ptr);

static void *nomem_if_null(void *p)
{
	if (unlikely(!p))
		errno = ENOMEM;
	return p;
}

/* malloc and free call the backend themselves: one call level less. */
void *malloc(size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long flags;
	void *p;

	if (unlikely(!a))
		return nomem_if_null(NULL);
	flags = alloc_lock();
	p = counted(a, a->malloc(a, size));
	alloc_unlock(flags);
	return nomem_if_null(p);
}

void *calloc(size_t nmemb, size_t size)
{
	return nomem_if_null(uk_calloc(uk_alloc_get_default(), nmemb, size));
}

void *realloc(void *ptr, size_t size)
{
	void *p = uk_realloc(uk_alloc_get_default(), ptr, size);

	if (!p && size)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long flags;

	if (!ptr)
		return;
	UK_ASSERT(a);
	flags = alloc_lock();
	count_free(a, ptr);
	a->free(a, ptr);
	alloc_unlock(flags);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	return uk_posix_memalign(uk_alloc_get_default(), memptr, align, size);
}

/* C11: align must be a power of two; so must memalign's (else EINVAL). */
void *memalign(size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	p = uk_memalign(uk_alloc_get_default(), align, size);
	return nomem_if_null(p);
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

size_t malloc_usable_size(void *ptr)
{
	return uk_alloc_usable_size(uk_alloc_get_default(), ptr);
}
