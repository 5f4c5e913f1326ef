/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small objects (up to 2048 bytes) come from slabs: blocks of 1-8 pages
 * holding objects of one size class, so a small malloc() costs its class
 * size, not a page. 24 classes, four per power of two, keep the waste
 * per object below 25%. Each class keeps a list of slabs with a free
 * object; a slab whose objects are all free goes back to the buddy system
 * unless it is the only one its class has (no thrashing at the boundary).
 */
#include "bbuddy.h"
#include <string.h>

static const __u16 class_sizes[NCLASSES] = {
	16,  32,  48,  64,  80,  96,   112,  128,  160,  192,  224,  256,
	320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048,
};

#define SLAB_MAGIC 0x51ab0bec7ed0c0deUL

void bb_slab_init_classes(struct bbuddy *bb)
{
	unsigned int c, o, i;
	__sz bytes, n;

	for (c = 0; c < NCLASSES; c++) {
		struct bb_class *k = &bb->cls[c];

		k->size = class_sizes[c];
		k->partial = NULL;
		/* The smallest slab that wastes at most an eighth of itself. */
		for (o = 0; o < 3; o++) {
			bytes = PAGE_SIZE << o;
			n = (bytes - SLAB_HDR) / k->size;
			if ((bytes - SLAB_HDR - n * k->size) * 8 <= bytes)
				break;
		}
		k->order = (__u8)o;
		k->nobjs = (__u16)(((PAGE_SIZE << o) - SLAB_HDR) / k->size);
	}
	for (i = 0, c = 0; i <= SLAB_MAX / 16; i++) {
		while (class_sizes[c] < i * 16)
			c++;
		bb->cls_of[i] = (__u8)c;
	}
}

/* Object i of slab s: packed from the slab's end downwards. */
static inline void *obj_at(struct bb_slab *s, __sz size, unsigned int i)
{
	return (char *)s + (PAGE_SIZE << s->order) - (i + 1) * size;
}

#ifdef CONFIG_LIBUKALLOC_DEBUG
static void check_slab(struct bb_slab *s, const void *p)
{
	if (s->magic != ((__uptr)s ^ SLAB_MAGIC))
		UK_CRASH("ukalloc(bbuddy): buffer overrun: the header of the slab holding %p is overwritten",
			 p);
}

/* p is about to be freed into s: is it an allocated object of s? */
static void check_object(struct bb_slab *s, __sz size, void *p)
{
	__uptr back = (__uptr)s + (PAGE_SIZE << s->order) - (__uptr)p;

	if (back % size || back / size > s->nobjs)
		UK_CRASH("ukalloc(bbuddy): free of %p, which is not the start of a block",
			 p);
	if (back / size > s->fresh)
		UK_CRASH("ukalloc(bbuddy): double free of %p", p);
	for (void *f = s->free; f; f = *(void **)f)
		if (f == p)
			UK_CRASH("ukalloc(bbuddy): double free of %p", p);
	check_tail_canary(p, size - TAIL_CANARY);
}

static void check_link(struct bb_slab *s, void *next)
{
	if (next && ((__uptr)next < (__uptr)s + SLAB_HDR ||
		     (__uptr)next >= (__uptr)s + (PAGE_SIZE << s->order)))
		UK_CRASH("ukalloc(bbuddy): free object list of the slab at %p is corrupted (written after free?)",
			 (void *)s);
}

static void poison(void *p, __sz size)
{
	memset((char *)p + sizeof(void *), UK_ALLOC_POISON,
	       size - sizeof(void *));
}
#else
static inline void check_slab(struct bb_slab *s __unused,
			      const void *p __unused) {}
static inline void check_object(struct bb_slab *s __unused,
				__sz size __unused, void *p __unused) {}
static inline void check_link(struct bb_slab *s __unused,
			      void *next __unused) {}
static inline void poison(void *p __unused, __sz size __unused) {}
#endif

static void partial_push(struct bb_class *k, struct bb_slab *s)
{
	s->prev = NULL;
	s->next = k->partial;
	if (k->partial)
		k->partial->prev = s;
	k->partial = s;
}

static void partial_del(struct bb_class *k, struct bb_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		k->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

/*
 * Pages for a slab: from an arena, else from a new arena, else (memory is
 * short) from the run set directly.
 */
static struct bb_slab *slab_new(struct bbuddy *bb, unsigned int c)
{
	struct bb_class *k = &bb->cls[c];
	struct bb_slab *s = bb_block_alloc(bb, &bb->slabs, k->order);
	int from_runs = 0;
	unsigned long pfn;
	struct bb_zone *z;

	if (!s && bb_arena_take(bb) == 0)
		s = bb_block_alloc(bb, &bb->slabs, k->order);
	if (!s) {
		s = bb_block_alloc(bb, &bb->runs, k->order);
		if (!s)
			return NULL;
		from_runs = 1;
	}
	pfn = pfn_of(s);
	z = bb_zone_of(bb, pfn);
	for (unsigned long i = 0; i < 1UL << k->order; i++) {
		struct bb_page *m = bb_meta(z, pfn + i);

		m->state = PG_SLAB;
		m->order = k->order;
	}
	s->magic = (__uptr)s ^ SLAB_MAGIC;
	s->free = NULL;
	s->nfree = k->nobjs;
	s->fresh = 0;
	s->nobjs = k->nobjs;
	s->cls = (__u8)c;
	s->order = k->order & 0x7f;
	s->from_runs = from_runs & 1;
	partial_push(k, s);
	return s;
}

void *bb_slab_alloc(struct bbuddy *bb, unsigned int c)
{
	struct bb_class *k = &bb->cls[c];
	struct bb_slab *s = k->partial;
	void *p;

	if (unlikely(!s)) {
		s = slab_new(bb, c);
		if (!s)
			return NULL;
	}
	check_slab(s, s);
	if (s->free) {
		p = s->free;
		s->free = *(void **)p;
		check_link(s, s->free);
	} else {
		p = obj_at(s, k->size, s->fresh++);
	}
	if (--s->nfree == 0)
		partial_del(k, s);
	set_tail_canary(p, k->size - TAIL_CANARY);
	return p;
}

void bb_slab_free(struct bbuddy *bb, struct bb_zone *z, struct bb_page *m,
		  void *p)
{
	struct bb_slab *s = bb_slab_of(m, p);
	struct bb_class *k = &bb->cls[s->cls];
	unsigned long pfn;

	check_slab(s, p);
	check_object(s, k->size, p);
	poison(p, k->size);
	*(void **)p = s->free;
	s->free = p;
	if (++s->nfree == 1)
		partial_push(k, s);
	if (s->nfree < s->nobjs)
		return;
	if (k->partial == s && !s->next) {
		/* The class's only slab with room: keep it, as new. */
		s->free = NULL;
		s->fresh = 0;
		return;
	}
	partial_del(k, s);
	s->magic = 0;
	pfn = pfn_of(s);
	for (unsigned long i = 0; i < 1UL << s->order; i++)
		bb_meta(z, pfn + i)->state = PG_TAIL;
	bb_block_free(bb, s->from_runs ? &bb->runs : &bb->slabs, z, pfn,
		      s->order);
}
