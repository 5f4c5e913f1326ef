/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The buddy allocator's uk_alloc operations: requests up to 2048 bytes go
 * to the slabs (slab.c), larger ones and palloc to runs of whole pages
 * (pages.c). Which of the two a pointer came from is in the metadata of
 * its page, so no block carries a header.
 */
#include "bbuddy.h"
#include <errno.h>
#include <string.h>

static unsigned int log2_ceil(__sz x)
{
	return x > 1 ? (unsigned int)(sizeof(x) * 8) -
			       (unsigned int)__builtin_clzl(x - 1)
		     : 0;
}

static void *large_alloc(struct bbuddy *bb, __sz need,
			 unsigned int align_order)
{
	unsigned long npages;
	void *p;

	if (need > ~0UL - PAGE_SIZE)
		return NULL;
	npages = DIV_ROUND_UP(need, PAGE_SIZE);
	p = bb_run_alloc(bb, npages, align_order, PG_LARGE);
	if (p)
		set_tail_canary(p, (npages << PAGE_SHIFT) - TAIL_CANARY);
	return p;
}

static void *bb_malloc(struct uk_alloc *a, __sz size)
{
	struct bbuddy *bb = to_bbuddy(a);
	__sz need = size + TAIL_CANARY;

	if (unlikely(need < size))
		return NULL;
	if (likely(need <= SLAB_MAX))
		return bb_slab_alloc(bb, bb->cls_of[(need + 15) >> 4]);
	return large_alloc(bb, need, 0);
}

/* Power-of-two slab classes hold objects aligned to their size. */
static void *bb_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	struct bbuddy *bb = to_bbuddy(a);
	__sz need = size + TAIL_CANARY;

	if (need < size)
		return NULL;
	if (need <= SLAB_MAX && align <= SLAB_MAX) {
		__sz cls_size = MAX(1UL << log2_ceil(need), align);

		return bb_slab_alloc(bb, bb->cls_of[cls_size >> 4]);
	}
	return large_alloc(bb, need,
			   align > PAGE_SIZE ? log2_ceil(align) - PAGE_SHIFT
					     : 0);
}

/* Where p belongs; crashes for a pointer this allocator never gave. */
static struct bb_page *meta_of(struct bbuddy *bb, const void *p,
			       struct bb_zone **zp)
{
	struct bb_zone *z = bb_zone_of(bb, pfn_of(p));

	if (unlikely(!z))
		UK_CRASH("ukalloc(bbuddy): free of %p, which this allocator did not hand out",
			 p);
	if (zp)
		*zp = z;
	return bb_meta(z, pfn_of(p));
}

static void bb_free(struct uk_alloc *a, void *ptr)
{
	struct bbuddy *bb = to_bbuddy(a);
	struct bb_zone *z;
	struct bb_page *m = meta_of(bb, ptr, &z);

	if (likely(m->state == PG_SLAB)) {
		bb_slab_free(bb, z, m, ptr);
		return;
	}
#ifdef CONFIG_LIBUKALLOC_DEBUG
	if (m->state == PG_PAGES && IS_ALIGNED((__uptr)ptr, PAGE_SIZE))
		UK_CRASH("ukalloc(bbuddy): free() of %p, which came from uk_palloc (give it back with uk_pfree)",
			 ptr);
#endif
	if (unlikely((m->state != PG_LARGE && m->state != PG_PAGES) ||
		     !IS_ALIGNED((__uptr)ptr, PAGE_SIZE)))
		UK_CRASH("ukalloc(bbuddy): double free of %p (or a pointer into a block)",
			 ptr);
	if (m->state == PG_LARGE)
		check_tail_canary(ptr, ((__sz)m->npages << PAGE_SHIFT) -
					       TAIL_CANARY);
#ifdef CONFIG_LIBUKALLOC_DEBUG
	memset(ptr, UK_ALLOC_POISON, (__sz)m->npages << PAGE_SHIFT);
#endif
	bb_range_free(bb, z, pfn_of(ptr), m->npages);
}

static __sz bb_usable_size(struct uk_alloc *a, const void *ptr)
{
	struct bbuddy *bb = to_bbuddy(a);
	struct bb_page *m = meta_of(bb, ptr, NULL);

	if (m->state == PG_SLAB)
		return bb->cls[bb_slab_of(m, ptr)->cls].size - TAIL_CANARY;
	if (m->state == PG_PAGES)
		return (__sz)m->npages << PAGE_SHIFT;
	return ((__sz)m->npages << PAGE_SHIFT) - TAIL_CANARY;
}

static void *bb_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	return bb_run_alloc(to_bbuddy(a), num_pages, 0, PG_PAGES);
}

static void bb_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	struct bbuddy *bb = to_bbuddy(a);
	struct bb_zone *z;
	struct bb_page *m = meta_of(bb, ptr, &z);

	if (unlikely(m->state != PG_PAGES))
		UK_CRASH("ukalloc(bbuddy): uk_pfree(%p): not pages from uk_palloc (double free?)",
			 ptr);
#ifdef CONFIG_LIBUKALLOC_DEBUG
	if (m->npages != num_pages)
		UK_CRASH("ukalloc(bbuddy): uk_pfree(%p, %lu) of %lu pages from uk_palloc",
			 ptr, num_pages, (unsigned long)m->npages);
	memset(ptr, UK_ALLOC_POISON, (__sz)m->npages << PAGE_SHIFT);
#else
	(void)num_pages;
#endif
	bb_range_free(bb, z, pfn_of(ptr), m->npages);
}

static int bb_addmem(struct uk_alloc *a, void *base, __sz len)
{
	return bb_zone_add(to_bbuddy(a), base, len);
}

static __ssz bb_availmem(struct uk_alloc *a)
{
	return (__ssz)(to_bbuddy(a)->free_pages << PAGE_SHIFT);
}

static __ssz bb_totalmem(struct uk_alloc *a)
{
	return (__ssz)(to_bbuddy(a)->total_pages << PAGE_SHIFT);
}

struct uk_alloc *uk_allocbbuddy_init(void *base, __sz len)
{
	__uptr start = ALIGN_UP((__uptr)base, 16);
	struct bbuddy *bb = (struct bbuddy *)start;
	__sz used = start - (__uptr)base + sizeof(*bb);

	if (!base || len < used)
		return NULL;
	memset(bb, 0, sizeof(*bb));
	bb->a.malloc = bb_malloc;
	bb->a.free = bb_free;
	bb->a.memalign = bb_memalign;
	bb->a.usable_size = bb_usable_size;
	bb->a.palloc = bb_palloc;
	bb->a.pfree = bb_pfree;
	bb->a.addmem = bb_addmem;
	bb->a.availmem = bb_availmem;
	bb->a.totalmem = bb_totalmem;
	bb->a.name = "bbuddy";
	bb->runs.max_order = BB_ORDERS - 1;
	bb->slabs.max_order = ARENA_ORDER;
	bb_slab_init_classes(bb);
	if (bb_zone_add(bb, (char *)base + used, len - used) < 0)
		return NULL;
	return &bb->a;
}
