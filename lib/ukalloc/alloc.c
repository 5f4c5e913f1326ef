/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The allocation API over a backend's operations: argument checks,
 * statistics, and generic fallbacks for optional operations.
 */
#include "internal.h"
#include <uk/assert.h>
#include <errno.h>
#include <string.h>

struct uk_alloc *_uk_alloc_default;

void uk_alloc_set_default(struct uk_alloc *a)
{
	_uk_alloc_default = a;
}

#ifdef CONFIG_LIBUKALLOC_STATS
int uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	unsigned long flags;

	if (!a || !st)
		return -EINVAL;
	flags = alloc_lock();
	*st = a->stats;
	alloc_unlock(flags);
	return 0;
}

int uk_alloc_stats_reset(struct uk_alloc *a)
{
	unsigned long flags;
	__sz cur;

	if (!a)
		return -EINVAL;
	flags = alloc_lock();
	cur = a->stats.cur_bytes;
	memset(&a->stats, 0, sizeof(a->stats));
	a->stats.cur_bytes = cur;
	a->stats.peak_bytes = cur;
	alloc_unlock(flags);
	return 0;
}
#else
int uk_alloc_stats_get(struct uk_alloc *a __unused,
		       struct uk_alloc_stats *st __unused)
{
	return -ENOTSUP;
}

int uk_alloc_stats_reset(struct uk_alloc *a __unused)
{
	return -ENOTSUP;
}
#endif

void *uk_malloc(struct uk_alloc *a, __sz size)
{
	unsigned long flags;
	void *p;

	if (unlikely(!a))
		return NULL;
	flags = alloc_lock();
	p = counted(a, a->malloc(a, size));
	alloc_unlock(flags);
	return p;
}

void *uk_calloc(struct uk_alloc *a, __sz nmemb, __sz size)
{
	__sz bytes;
	void *p;

	if (unlikely(!a))
		return NULL;
	if (__builtin_mul_overflow(nmemb, size, &bytes)) {
		unsigned long flags = alloc_lock();

		stats_fail(a);
		alloc_unlock(flags);
		return NULL;
	}
	p = uk_malloc(a, bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

void uk_free(struct uk_alloc *a, void *ptr)
{
	unsigned long flags;

	if (!ptr)
		return;
	UK_ASSERT(a);
	flags = alloc_lock();
	count_free(a, ptr);
	a->free(a, ptr);
	alloc_unlock(flags);
}

/* Move the block at ptr into a new one of size bytes. */
static void *realloc_by_copy(struct uk_alloc *a, void *ptr, __sz size)
{
	__sz old = a->usable_size(a, ptr);
	void *p;

	if (size <= old && size >= old / 2)
		return ptr; /* close enough: keep the block */
	p = a->malloc(a, size);
	if (!p)
		return NULL;
	memcpy(p, ptr, MIN(old, size));
	a->free(a, ptr);
	return p;
}

void *uk_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	unsigned long flags;
	__sz old;
	void *p;

	if (!ptr)
		return uk_malloc(a, size);
	UK_ASSERT(a);
	if (size == 0) {
		uk_free(a, ptr);
		return NULL;
	}
	flags = alloc_lock();
	old = a->usable_size(a, ptr);
	p = a->realloc ? a->realloc(a, ptr, size) :
			 realloc_by_copy(a, ptr, size);
	if (p)
		stats_resize(a, old, a->usable_size(a, p));
	else
		stats_fail(a);
	alloc_unlock(flags);
	return p;
}

int uk_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
		      __sz size)
{
	unsigned long flags;
	void *p;

	UK_ASSERT(memptr);
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	if (unlikely(!a))
		return ENOMEM;
	flags = alloc_lock();
	if (align <= UK_ALLOC_ALIGN)
		p = a->malloc(a, size);
	else
		p = a->memalign(a, align, size);
	p = counted(a, p);
	alloc_unlock(flags);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

void *uk_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	void *p = NULL;

	if (align && !(align & (align - 1)))
		uk_posix_memalign(a, &p, MAX(align, sizeof(void *)), size);
	return p;
}

void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	unsigned long flags;
	void *p = NULL;

	if (unlikely(!a) || num_pages == 0)
		return NULL;
	flags = alloc_lock();
	if (num_pages > (~0UL >> UK_ALLOC_PAGE_SHIFT))
		stats_fail(a);
	else if (!a->palloc)
		p = counted(a, a->memalign(a, UK_ALLOC_PAGE_SIZE,
					   num_pages << UK_ALLOC_PAGE_SHIFT));
	else if ((p = a->palloc(a, num_pages)))
		stats_alloc(a, num_pages << UK_ALLOC_PAGE_SHIFT);
	else
		stats_fail(a);
	alloc_unlock(flags);
	return p;
}

void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	unsigned long flags;

	if (!ptr)
		return;
	UK_ASSERT(a && num_pages);
	UK_ASSERT(IS_ALIGNED((__uptr)ptr, UK_ALLOC_PAGE_SIZE));
	flags = alloc_lock();
	if (!a->pfree) {
		count_free(a, ptr);
		a->free(a, ptr);
	} else {
		stats_free(a, num_pages << UK_ALLOC_PAGE_SHIFT);
		a->pfree(a, ptr, num_pages);
	}
	alloc_unlock(flags);
}

__sz uk_alloc_usable_size(struct uk_alloc *a, const void *ptr)
{
	if (!ptr)
		return 0;
	UK_ASSERT(a);
	return a->usable_size(a, ptr);
}

__ssz uk_alloc_availmem(struct uk_alloc *a)
{
	unsigned long flags;
	__ssz n;

	if (!a || !a->availmem)
		return -ENOTSUP;
	flags = alloc_lock();
	n = a->availmem(a);
	alloc_unlock(flags);
	return n;
}

__ssz uk_alloc_totalmem(struct uk_alloc *a)
{
	return a && a->totalmem ? a->totalmem(a) : -ENOTSUP;
}

int uk_alloc_addmem(struct uk_alloc *a, void *base, __sz len)
{
	unsigned long flags;
	int rc;

	UK_ASSERT(a);
	if (!a->addmem)
		return -ENOTSUP;
	if (!base || !len || (__uptr)base + len < (__uptr)base)
		return -EINVAL;
	flags = alloc_lock();
	rc = a->addmem(a, base, len);
	alloc_unlock(flags);
	return rc;
}
