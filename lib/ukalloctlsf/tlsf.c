/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two-Level Segregated Fit, written from the algorithm's description in
 * M. Masmano, I. Ripoll, A. Crespo, J. Real: "TLSF: a New Dynamic Memory
 * Allocator for Real-Time Systems" (ECRTS 2004).
 *
 * Free blocks sit in lists by size. The first level splits sizes at powers
 * of two, the second splits each power of two into 32 equal ranges; sizes
 * below 512 bytes all fall in first-level list 0, whose 32 second-level
 * lists are 16 bytes apart. One bitmap for the first level and one per
 * first-level entry say which lists hold blocks, so finding a list whose
 * blocks are all big enough costs two find-first-set instructions: malloc
 * and free are O(1). Every block reaches its physical neighbours (the next
 * one through its size, the previous one through prev_phys while that one
 * is free), so a freed block merges with free neighbours at once and two
 * free blocks are never adjacent.
 *
 *   pool:  [struct pool][block][block] ... [block][sentinel: size 0, used]
 *   block: [header][payload]   payload = what malloc returns
 */
#include <uk/alloctlsf.h>
#include <uk/assert.h>
#include <errno.h>
#include <string.h>

#define ALIGN_LOG2 4
#define ALIGN (1UL << ALIGN_LOG2)
#define SL_LOG2 5
#define SL_COUNT (1U << SL_LOG2)
#define FL_SHIFT (SL_LOG2 + ALIGN_LOG2)
#define SMALL_SIZE (1UL << FL_SHIFT) /* 512: sizes below are first level 0 */
#define FL_COUNT 32
/* First level FL_COUNT - 1 holds the largest sizes: below 2^40. */
#define BLOCK_MAX ((1UL << (FL_COUNT + FL_SHIFT - 1)) - ALIGN)

#define BLOCK_FREE 0x1UL
#define BLOCK_PREV_FREE 0x2UL
#define BLOCK_FLAGS (BLOCK_FREE | BLOCK_PREV_FREE)

struct block {
#ifdef CONFIG_LIBUKALLOC_DEBUG
	__uptr canary; /* first, so that an overrun from below hits it */
	__uptr unused;
#endif
	struct block *prev_phys; /* valid while the previous block is free */
	__sz size;               /* payload bytes | BLOCK_* flags */
	/* Free blocks only, over the start of the payload: */
	struct block *next_free;
	struct block *prev_free;
};

#define HDR_SIZE __builtin_offsetof(struct block, next_free)
#define MIN_PAYLOAD (2 * sizeof(void *))
UK_CTASSERT(HDR_SIZE % ALIGN == 0);

struct pool {
	struct pool *next;
	__uptr start; /* first block */
	__uptr end;   /* end of the sentinel */
	__uptr unused;
};

struct tlsf {
	struct uk_alloc a;
	__u32 fl_map;
	__u32 sl_map[FL_COUNT];
	struct block *lists[FL_COUNT][SL_COUNT];
	__sz free_bytes;  /* payload bytes of free blocks */
	__sz total_bytes; /* bytes of all pools' blocks, headers included */
	struct pool *pools;
};

#define to_tlsf(a) __containerof(a, struct tlsf, a)

static inline __sz bsize(const struct block *b)
{
	return b->size & ~BLOCK_FLAGS;
}

static inline void *payload(struct block *b)
{
	return (char *)b + HDR_SIZE;
}

static inline struct block *block_of(const void *p)
{
	return (struct block *)((char *)p - HDR_SIZE);
}

static inline struct block *next_phys(struct block *b)
{
	return (struct block *)((char *)payload(b) + bsize(b));
}

static inline unsigned int log2_floor(__sz x)
{
	return (unsigned int)(sizeof(x) * 8 - 1) -
	       (unsigned int)__builtin_clzl(x);
}

/* The list a block of this size belongs to. */
static __always_inline void mapping(__sz size, unsigned int *fl,
				    unsigned int *sl)
{
	unsigned int l;

	if (size < SMALL_SIZE) {
		*fl = 0;
		*sl = (unsigned int)(size >> ALIGN_LOG2);
		return;
	}
	l = log2_floor(size);
	*fl = l - FL_SHIFT + 1;
	*sl = (unsigned int)(size >> (l - SL_LOG2)) - SL_COUNT;
}

/* Payload size for a request; 0 when it is too big. */
static inline __sz adjust(__sz size)
{
	if (size > BLOCK_MAX)
		return 0;
	if (size < MIN_PAYLOAD)
		return MIN_PAYLOAD;
	return ALIGN_UP(size, ALIGN);
}

#ifdef CONFIG_LIBUKALLOC_DEBUG
#define CANARY 0x7f5a1c0de5eed00dUL

static void set_canary(struct block *b)
{
	b->canary = (__uptr)b ^ CANARY;
}

static int canary_ok(const struct block *b)
{
	return b->canary == ((__uptr)b ^ CANARY);
}

static void poison(struct block *b)
{
	memset(payload(b), UK_ALLOC_POISON, bsize(b));
}

static struct pool *pool_of(struct tlsf *t, const void *p)
{
	for (struct pool *pl = t->pools; pl; pl = pl->next)
		if ((__uptr)p >= pl->start && (__uptr)p < pl->end)
			return pl;
	return NULL;
}

/* ptr is about to be freed or resized: is it a sane, used block? */
static void check_used(struct tlsf *t, const void *ptr)
{
	struct pool *pl = pool_of(t, ptr);
	struct block *b = block_of(ptr), *n;

	if (!pl || !IS_ALIGNED((__uptr)ptr, ALIGN) || (__uptr)b < pl->start)
		UK_CRASH("ukalloc(tlsf): free of %p, which this allocator did not hand out",
			 ptr);
	if (!canary_ok(b))
		UK_CRASH("ukalloc(tlsf): buffer overrun: the header of block %p is overwritten",
			 ptr);
	if (b->size & BLOCK_FREE)
		UK_CRASH("ukalloc(tlsf): double free of %p", ptr);
	n = next_phys(b);
	if ((__uptr)n + HDR_SIZE > pl->end || !canary_ok(n))
		UK_CRASH("ukalloc(tlsf): buffer overrun: block %p (%zu bytes) wrote past its end, over the next block's header",
			 ptr, bsize(b));
}

static void check_free(struct block *b)
{
	if (!canary_ok(b) || !(b->size & BLOCK_FREE))
		UK_CRASH("ukalloc(tlsf): free block %p is corrupted (written after free?)",
			 payload(b));
}
#else
static inline void set_canary(struct block *b __unused) {}
static inline void poison(struct block *b __unused) {}
static inline void check_used(struct tlsf *t __unused,
			      const void *ptr __unused) {}
static inline void check_free(struct block *b __unused) {}
#endif

static __always_inline void list_insert(struct tlsf *t, struct block *b)
{
	unsigned int fl, sl;
	struct block *head;

	mapping(bsize(b), &fl, &sl);
	head = t->lists[fl][sl];
	b->next_free = head;
	b->prev_free = NULL;
	if (head)
		head->prev_free = b;
	t->lists[fl][sl] = b;
	t->fl_map |= 1U << fl;
	t->sl_map[fl] |= 1U << sl;
	t->free_bytes += bsize(b);
}

static __always_inline void list_remove(struct tlsf *t, struct block *b)
{
	unsigned int fl, sl;

	mapping(bsize(b), &fl, &sl);
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (b->prev_free) {
		b->prev_free->next_free = b->next_free;
	} else {
		UK_ASSERT(t->lists[fl][sl] == b);
		t->lists[fl][sl] = b->next_free;
		if (!b->next_free) {
			t->sl_map[fl] &= ~(1U << sl);
			if (!t->sl_map[fl])
				t->fl_map &= ~(1U << fl);
		}
	}
	t->free_bytes -= bsize(b);
}

/* Unlink the first block of list (fl, sl), which holds blocks. */
static __always_inline struct block *pop_head(struct tlsf *t, unsigned int fl,
					      unsigned int sl)
{
	struct block *b = t->lists[fl][sl];

	t->lists[fl][sl] = b->next_free;
	if (b->next_free) {
		b->next_free->prev_free = NULL;
	} else {
		t->sl_map[fl] &= ~(1U << sl);
		if (!t->sl_map[fl])
			t->fl_map &= ~(1U << fl);
	}
	t->free_bytes -= bsize(b);
	return b;
}

/*
 * Take a free block of at least size bytes out of the lists, or NULL.
 * Sizes are rounded up to the start of the next list first, so that any
 * block of the list found is big enough (the paper's "good fit").
 */
static __always_inline struct block *find_free(struct tlsf *t, __sz size)
{
	unsigned int fl, sl;
	__u32 map;

	if (size >= SMALL_SIZE)
		size += (1UL << (log2_floor(size) - SL_LOG2)) - 1;
	mapping(size, &fl, &sl);
	if (fl >= FL_COUNT)
		return NULL;
	map = t->sl_map[fl] & (~0U << sl);
	if (!map) {
		map = fl + 1 < FL_COUNT ? t->fl_map & (~0U << (fl + 1)) : 0;
		if (!map)
			return NULL;
		fl = (unsigned int)__builtin_ctz(map);
		map = t->sl_map[fl];
	}
	sl = (unsigned int)__builtin_ctz(map);
	check_free(t->lists[fl][sl]);
	return pop_head(t, fl, sl);
}

/*
 * Hand out free block b (out of the lists, at least size bytes): its
 * tail beyond size becomes a free block when big enough to be one.
 */
static __always_inline void *take(struct tlsf *t, struct block *b, __sz size)
{
	struct block *r;

	if (bsize(b) >= size + HDR_SIZE + MIN_PAYLOAD) {
		r = (struct block *)((char *)payload(b) + size);
		set_canary(r);
		r->size = (bsize(b) - size - HDR_SIZE) | BLOCK_FREE;
		r->prev_phys = b;
		next_phys(r)->prev_phys = r;
		b->size = size | (b->size & BLOCK_PREV_FREE);
		list_insert(t, r);
	} else {
		next_phys(b)->size &= ~BLOCK_PREV_FREE;
		b->size &= ~BLOCK_FREE;
	}
	return payload(b);
}

/* Cut used block b down to size bytes; the tail joins the free blocks. */
static void trim(struct tlsf *t, struct block *b, __sz size)
{
	struct block *r, *n;

	if (bsize(b) < size + HDR_SIZE + MIN_PAYLOAD)
		return;
	r = (struct block *)((char *)payload(b) + size);
	set_canary(r);
	r->size = (bsize(b) - size - HDR_SIZE) | BLOCK_FREE;
	r->prev_phys = b;
	b->size = size | (b->size & BLOCK_PREV_FREE);
	poison(r);
	n = next_phys(r);
	if (n->size & BLOCK_FREE) {
		list_remove(t, n);
		r->size += HDR_SIZE + bsize(n);
		n = next_phys(r);
	}
	n->size |= BLOCK_PREV_FREE;
	n->prev_phys = r;
	list_insert(t, r);
}

static void *tlsf_malloc(struct uk_alloc *a, __sz size)
{
	struct tlsf *t = to_tlsf(a);
	struct block *b;

	size = adjust(size);
	if (unlikely(!size))
		return NULL;
	b = find_free(t, size);
	if (unlikely(!b))
		return NULL;
	return take(t, b, size);
}

static void tlsf_free(struct uk_alloc *a, void *ptr)
{
	struct tlsf *t = to_tlsf(a);
	struct block *b = block_of(ptr), *n;

	check_used(t, ptr);
	b->size |= BLOCK_FREE;
	poison(b);
	if (b->size & BLOCK_PREV_FREE) {
		struct block *p = b->prev_phys;

		list_remove(t, p);
		p->size += HDR_SIZE + bsize(b);
		b = p;
	}
	n = next_phys(b);
	if (n->size & BLOCK_FREE) {
		list_remove(t, n);
		b->size += HDR_SIZE + bsize(n);
		n = next_phys(b);
	}
	n->size |= BLOCK_PREV_FREE;
	n->prev_phys = b;
	list_insert(t, b);
}

/*
 * Find a block with room for size bytes at an aligned address plus a
 * leading gap big enough to become a free block of its own.
 */
static void *tlsf_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	struct tlsf *t = to_tlsf(a);
	__uptr p, aligned, gap;
	struct block *b, *nb;

	size = adjust(size);
	if (!size || align > BLOCK_MAX ||
	    size > BLOCK_MAX - align - HDR_SIZE - MIN_PAYLOAD)
		return NULL;
	b = find_free(t, size + align + HDR_SIZE + MIN_PAYLOAD);
	if (!b)
		return NULL;
	p = (__uptr)payload(b);
	aligned = ALIGN_UP(p, align);
	gap = aligned - p;
	if (gap && gap < HDR_SIZE + MIN_PAYLOAD) {
		aligned = ALIGN_UP(p + HDR_SIZE + MIN_PAYLOAD, align);
		gap = aligned - p;
	}
	if (gap) {
		nb = block_of((void *)aligned);
		set_canary(nb);
		nb->size = (bsize(b) - gap) | BLOCK_FREE | BLOCK_PREV_FREE;
		nb->prev_phys = b;
		next_phys(nb)->prev_phys = nb;
		b->size = (gap - HDR_SIZE) | (b->size & BLOCK_FLAGS);
		list_insert(t, b);
		b = nb;
	}
	return take(t, b, size);
}

/* Grow into a free next block when it is big enough, else move. */
static void *tlsf_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	struct tlsf *t = to_tlsf(a);
	struct block *b = block_of(ptr), *n;
	void *q;

	check_used(t, ptr);
	size = adjust(size);
	if (!size)
		return NULL;
	if (size > bsize(b)) {
		n = next_phys(b);
		if (!(n->size & BLOCK_FREE) ||
		    bsize(b) + HDR_SIZE + bsize(n) < size) {
			q = tlsf_malloc(a, size);
			if (!q)
				return NULL;
			memcpy(q, ptr, bsize(b));
			tlsf_free(a, ptr);
			return q;
		}
		list_remove(t, n);
		b->size += HDR_SIZE + bsize(n);
		next_phys(b)->size &= ~BLOCK_PREV_FREE;
	}
	trim(t, b, size);
	return ptr;
}

static __sz tlsf_usable_size(struct uk_alloc *a __unused, const void *ptr)
{
	return bsize(block_of(ptr));
}

static __ssz tlsf_availmem(struct uk_alloc *a)
{
	return (__ssz)to_tlsf(a)->free_bytes;
}

static __ssz tlsf_totalmem(struct uk_alloc *a)
{
	return (__ssz)to_tlsf(a)->total_bytes;
}

/* [base, base + len) becomes a pool: one free block and a sentinel. */
static int tlsf_addmem(struct uk_alloc *a, void *base, __sz len)
{
	struct tlsf *t = to_tlsf(a);
	__uptr start = ALIGN_UP((__uptr)base, ALIGN);
	__uptr end = ALIGN_DOWN((__uptr)base + len, ALIGN);
	struct pool *pl = (struct pool *)start;
	struct block *b, *s;
	__sz size;

	if (end < start ||
	    end - start < sizeof(*pl) + 2 * HDR_SIZE + MIN_PAYLOAD)
		return -EINVAL;
	b = (struct block *)(start + sizeof(*pl));
	size = MIN(end - HDR_SIZE - (__uptr)payload(b), BLOCK_MAX);
	set_canary(b);
	b->prev_phys = NULL;
	b->size = size | BLOCK_FREE;
	s = next_phys(b);
	set_canary(s);
	s->prev_phys = b;
	s->size = BLOCK_PREV_FREE;
	pl->start = (__uptr)b;
	pl->end = (__uptr)s + HDR_SIZE;
	pl->next = t->pools;
	t->pools = pl;
	t->total_bytes += pl->end - pl->start;
	list_insert(t, b);
	return 0;
}

struct uk_alloc *uk_alloctlsf_init(void *base, __sz len)
{
	__uptr start = ALIGN_UP((__uptr)base, ALIGN);
	struct tlsf *t = (struct tlsf *)start;
	__sz used = start - (__uptr)base + sizeof(*t);

	if (!base || len < used)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->a.malloc = tlsf_malloc;
	t->a.free = tlsf_free;
	t->a.memalign = tlsf_memalign;
	t->a.realloc = tlsf_realloc;
	t->a.usable_size = tlsf_usable_size;
	t->a.addmem = tlsf_addmem;
	t->a.availmem = tlsf_availmem;
	t->a.totalmem = tlsf_totalmem;
	t->a.name = "tlsf";
	if (tlsf_addmem(&t->a, (char *)base + used, len - used) < 0)
		return NULL;
	return &t->a;
}
