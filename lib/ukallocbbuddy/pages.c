/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The binary buddy system over pages. A block of order k is 2^k pages
 * whose page frame number (address / 4 KiB) is a multiple of 2^k; its
 * buddy is the block whose frame number differs in bit k alone. Freeing a
 * block merges it with its buddy while the buddy is a free block of the
 * same order, so free memory stays in the largest blocks it can. A list of
 * free blocks per order and a bitmap of non-empty lists make allocation a
 * find-first-set plus at most one split per order.
 *
 * Two sets of free lists share the pages (see struct bb_freeset): slab
 * pages merge up to a whole arena, which then goes back to the run set.
 * Blocks of the run set never lie inside an arena, so the sets never
 * merge with each other's blocks below the arena order.
 */
#include "bbuddy.h"
#include <errno.h>
#include <string.h>

static void list_add(struct bb_freeset *fs, void *block, unsigned int order)
{
	struct bb_free *f = block, *head = fs->lists[order];

	f->next = head;
	f->prev = NULL;
	if (head)
		head->prev = f;
	fs->lists[order] = f;
	fs->map |= 1U << order;
}

static void list_del(struct bb_freeset *fs, void *block, unsigned int order)
{
	struct bb_free *f = block;

	if (f->next)
		f->next->prev = f->prev;
	if (f->prev) {
		f->prev->next = f->next;
	} else {
		UK_ASSERT(fs->lists[order] == f);
		fs->lists[order] = f->next;
		if (!f->next)
			fs->map &= ~(1U << order);
	}
}

static void mark_free(struct bb_zone *z, unsigned long pfn, unsigned int order)
{
	struct bb_page *m = bb_meta(z, pfn);

	m->state = PG_FREE;
	m->order = (__u8)order;
}

void bb_block_free(struct bbuddy *bb, struct bb_freeset *fs,
		   struct bb_zone *z, unsigned long pfn, unsigned int order)
{
	unsigned long end = z->pfn0 + z->npages, buddy;
	struct bb_page *m;

	bb->free_pages += 1UL << order;
	bb_meta(z, pfn)->state = PG_TAIL;
	for (;;) {
		while (order < fs->max_order) {
			buddy = pfn ^ (1UL << order);
			if (buddy < z->pfn0 || buddy + (1UL << order) > end)
				goto done;
			m = bb_meta(z, buddy);
			if (m->state != PG_FREE || m->order != order)
				goto done;
			list_del(fs, page_addr(buddy), order);
			m->state = PG_TAIL;
			pfn &= ~(1UL << order);
			order++;
		}
		if (fs == &bb->runs)
			break;
		fs = &bb->runs; /* a whole arena is free: it goes back */
	}
done:
	mark_free(z, pfn, order);
	list_add(fs, page_addr(pfn), order);
}

int bb_arena_take(struct bbuddy *bb)
{
	void *arena = bb_block_alloc(bb, &bb->runs, ARENA_ORDER);
	unsigned long pfn;

	if (!arena)
		return -ENOMEM;
	/* Still marked free at ARENA_ORDER: it only changes lists. */
	pfn = pfn_of(arena);
	mark_free(bb_zone_of(bb, pfn), pfn, ARENA_ORDER);
	list_add(&bb->slabs, arena, ARENA_ORDER);
	bb->free_pages += 1UL << ARENA_ORDER;
	return 0;
}

void *bb_block_alloc(struct bbuddy *bb, struct bb_freeset *fs,
		     unsigned int order)
{
	__u32 map = fs->map & (~0U << order);
	unsigned int k;
	unsigned long pfn;
	struct bb_zone *z;
	void *block;

	if (!map)
		return NULL;
	k = (unsigned int)__builtin_ctz(map);
	block = fs->lists[k];
	list_del(fs, block, k);
	pfn = pfn_of(block);
	z = bb_zone_of(bb, pfn);
	UK_ASSERT(z && bb_meta(z, pfn)->state == PG_FREE &&
		  bb_meta(z, pfn)->order == k);
	/* Split: the upper halves go back, the lower one is split on. */
	while (k > order) {
		k--;
		mark_free(z, pfn + (1UL << k), k);
		list_add(fs, page_addr(pfn + (1UL << k)), k);
	}
	bb_meta(z, pfn)->order = (__u8)order;
	bb->free_pages -= 1UL << order;
	return block;
}

static unsigned int log2_floor(unsigned long x)
{
	return (unsigned int)(sizeof(x) * 8 - 1) -
	       (unsigned int)__builtin_clzl(x);
}

void bb_range_free(struct bbuddy *bb, struct bb_zone *z, unsigned long pfn,
		   unsigned long n)
{
	unsigned int k;

	while (n) {
		/* the largest block that starts at pfn and fits in n */
		k = log2_floor(n);
		if (pfn && (unsigned int)__builtin_ctzl(pfn) < k)
			k = (unsigned int)__builtin_ctzl(pfn);
		if (k > BB_ORDERS - 1)
			k = BB_ORDERS - 1;
		bb_block_free(bb, &bb->runs, z, pfn, k);
		pfn += 1UL << k;
		n -= 1UL << k;
	}
}

void *bb_run_alloc(struct bbuddy *bb, unsigned long npages,
		   unsigned int align_order, enum bb_page_state state)
{
	unsigned int order = npages > 1 ? log2_floor(npages - 1) + 1 : 0;
	unsigned long pfn;
	struct bb_page *m;
	void *p;

	if (npages > 0xffffffffUL)
		return NULL;
	order = MAX(order, align_order);
	if (order >= BB_ORDERS)
		return NULL;
	p = bb_block_alloc(bb, &bb->runs, order);
	if (!p)
		return NULL;
	pfn = pfn_of(p);
	m = bb_meta(bb_zone_of(bb, pfn), pfn);
	m->state = (__u8)state;
	m->npages = (__u32)npages;
	/* Pages beyond npages go back at once: a run costs what it uses. */
	if (npages < 1UL << order)
		bb_range_free(bb, bb_zone_of(bb, pfn), pfn + npages,
			      (1UL << order) - npages);
	return p;
}

int bb_zone_add(struct bbuddy *bb, void *base, __sz len)
{
	__uptr start = ALIGN_UP((__uptr)base, 16);
	__uptr end = (__uptr)base + len, first;
	struct bb_zone *z = (struct bb_zone *)start;
	unsigned long n;

	if (end < start || end - start < sizeof(*z) + PAGE_SIZE)
		return -EINVAL;
	/* Room for n pages plus their metadata; the metadata comes first. */
	n = (end - start - sizeof(*z)) / (PAGE_SIZE + sizeof(struct bb_page));
	z->meta = (struct bb_page *)(start + sizeof(*z));
	first = ALIGN_UP((__uptr)(z->meta + n), PAGE_SIZE);
	if (first >= end)
		return -EINVAL;
	n = MIN(n, (ALIGN_DOWN(end, PAGE_SIZE) - first) >> PAGE_SHIFT);
	if (!n)
		return -EINVAL;
	memset(z->meta, 0, n * sizeof(struct bb_page));
	z->pfn0 = first >> PAGE_SHIFT;
	z->npages = n;
	z->next = bb->zones;
	bb->zones = z;
	bb->total_pages += n;
	bb_range_free(bb, z, z->pfn0, n);
	return 0;
}
