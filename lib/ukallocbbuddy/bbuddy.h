/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the buddy allocator, shared by pages.c (blocks of pages),
 * slab.c (small objects) and bbuddy.c (the uk_alloc operations).
 */
#ifndef BBUDDY_H
#define BBUDDY_H

#include <uk/allocbbuddy.h>
#include <uk/assert.h>
#include <stddef.h>

#define PAGE_SHIFT UK_ALLOC_PAGE_SHIFT
#define PAGE_SIZE UK_ALLOC_PAGE_SIZE
#define BB_ORDERS 32 /* blocks of up to 2^31 pages */

/* What a page is; kept in its struct bb_page. */
enum bb_page_state {
	PG_TAIL = 0, /* inside a block: only the block's first page counts */
	PG_FREE,     /* first page of a free block of 2^order pages */
	PG_LARGE,    /* first page of npages given out by malloc */
	PG_PAGES,    /* first page of npages given out by palloc */
	PG_SLAB,     /* any page of a slab of 2^order pages */
};

struct bb_page {
	__u8 state;
	__u8 order;
	__u16 unused;
	__u32 npages;
};

/* A zone: pages [pfn0, pfn0 + npages) of one range given to the allocator. */
struct bb_zone {
	struct bb_zone *next;
	unsigned long pfn0, npages;
	struct bb_page *meta;
};

/* Free blocks are linked through their first page. */
struct bb_free {
	struct bb_free *next, *prev;
};

/*
 * A set of free lists, one per order. The allocator has two: pages for
 * runs (malloc > 2048 bytes, palloc), and pages for slabs, which come in
 * arenas of 2^ARENA_ORDER pages taken from the first set. Keeping the
 * long-lived slabs together leaves big blocks for runs: scattered slab
 * pages would pin every big block they sit in.
 */
struct bb_freeset {
	__u32 map;              /* bit k: lists[k] is not empty */
	unsigned int max_order; /* blocks merge up to this order */
	struct bb_free *lists[BB_ORDERS];
};

#define ARENA_ORDER 6 /* 256 KiB */

/*
 * A slab: its header at the start of its pages, objects packed from the
 * end downwards, so objects of a power-of-two size are aligned to it.
 */
struct bb_slab {
	__uptr magic; /* address ^ SLAB_MAGIC, checked in debug builds */
	struct bb_slab *next, *prev; /* slabs of the class with free objects */
	void *free;   /* freed objects, linked through their first word */
	__u16 nfree;  /* on the free list + never handed out */
	__u16 fresh;  /* objects [fresh, nobjs) were never handed out */
	__u16 nobjs;
	__u8 cls;
	__u8 order : 7;
	__u8 from_runs : 1; /* pages from the run set (no arena was free) */
};

#define SLAB_HDR ALIGN_UP(sizeof(struct bb_slab), 16)
#define SLAB_MAX 2048 /* larger requests get whole pages */
#define NCLASSES 24

struct bb_class {
	struct bb_slab *partial; /* slabs with a free object */
	__u32 size;
	__u16 nobjs;
	__u8 order;
};

struct bbuddy {
	struct uk_alloc a;
	struct bb_freeset runs;  /* pages for runs; whole arenas return here */
	struct bb_freeset slabs; /* pages for slabs, inside arenas */
	unsigned long free_pages, total_pages; /* free: in either set */
	struct bb_zone *zones;
	struct bb_class cls[NCLASSES];
	__u8 cls_of[SLAB_MAX / 16 + 1]; /* (size + 15) / 16 -> class */
};

#define to_bbuddy(a) __containerof(a, struct bbuddy, a)

/* Debug builds keep a canary in the last word of every malloc'd block. */
#ifdef CONFIG_LIBUKALLOC_DEBUG
#define TAIL_CANARY sizeof(__uptr)
#define CANARY 0x3c1d0b5eb0dd7ca5UL
static inline void set_tail_canary(void *p, __sz usable)
{
	*(__uptr *)((char *)p + usable) = (__uptr)p ^ CANARY;
}

static inline void check_tail_canary(void *p, __sz usable)
{
	if (*(__uptr *)((char *)p + usable) != ((__uptr)p ^ CANARY))
		UK_CRASH("ukalloc(bbuddy): buffer overrun: block %p (%zu bytes) wrote past its end",
			 p, usable);
}
#else
#define TAIL_CANARY 0
static inline void set_tail_canary(void *p __unused, __sz usable __unused) {}
static inline void check_tail_canary(void *p __unused,
				     __sz usable __unused) {}
#endif

static inline unsigned long pfn_of(const void *p)
{
	return (__uptr)p >> PAGE_SHIFT;
}

static inline void *page_addr(unsigned long pfn)
{
	return (void *)(pfn << PAGE_SHIFT);
}

/* The zone holding page pfn, or NULL. */
static inline struct bb_zone *bb_zone_of(struct bbuddy *bb, unsigned long pfn)
{
	for (struct bb_zone *z = bb->zones; z; z = z->next)
		if (pfn - z->pfn0 < z->npages)
			return z;
	return NULL;
}

static inline struct bb_page *bb_meta(struct bb_zone *z, unsigned long pfn)
{
	return &z->meta[pfn - z->pfn0];
}

/* pages.c */
/*
 * A block of 2^order pages from set fs (its first page still marked
 * free), or NULL.
 */
void *bb_block_alloc(struct bbuddy *bb, struct bb_freeset *fs,
		     unsigned int order);
/* Give back a block to set fs, merging it with free buddies. */
void bb_block_free(struct bbuddy *bb, struct bb_freeset *fs,
		   struct bb_zone *z, unsigned long pfn, unsigned int order);
/* Move a free arena from the run set to the slab set; 0 or -ENOMEM. */
int bb_arena_take(struct bbuddy *bb);
/* Give back pages [pfn, pfn + n) of zone z to the run set. */
void bb_range_free(struct bbuddy *bb, struct bb_zone *z, unsigned long pfn,
		   unsigned long n);
/* npages pages aligned to 2^align_order pages, first page marked state. */
void *bb_run_alloc(struct bbuddy *bb, unsigned long npages,
		   unsigned int align_order, enum bb_page_state state);
int bb_zone_add(struct bbuddy *bb, void *base, __sz len);

/* slab.c */
void bb_slab_init_classes(struct bbuddy *bb);
void *bb_slab_alloc(struct bbuddy *bb, unsigned int cls);
void bb_slab_free(struct bbuddy *bb, struct bb_zone *z, struct bb_page *m,
		  void *p);
/* The slab holding p, whose page is marked PG_SLAB in m. */
static inline struct bb_slab *bb_slab_of(struct bb_page *m, const void *p)
{
	return (struct bb_slab *)ALIGN_DOWN((__uptr)p,
					    PAGE_SIZE << m->order);
}

#endif
