/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Region allocator: each range of memory (a chunk) is filled from its
 * start; a block is a 16-byte header (its size) followed by the caller's
 * bytes. Nothing is ever given back, except that the newest block can be
 * resized in place. Debug builds still check and poison what is freed,
 * so double frees and overruns are caught as with the other backends.
 */
#include <uk/allocregion.h>
#include <uk/assert.h>
#include <errno.h>
#include <string.h>

#define ALIGN 16UL
#define HDR_NEXT 0x1UL /* a block header follows this block directly */
#define MAGIC_USED 0x6e610c0ffee0a110UL
#define MAGIC_FREED 0x6e610c0ffee0f4eeUL

struct hdr {
	__sz size;  /* usable bytes | HDR_NEXT */
	__uptr tag; /* header address ^ MAGIC_USED or MAGIC_FREED */
};

struct chunk {
	struct chunk *next;
	__uptr start, cur, end;
};

struct region {
	struct uk_alloc a;
	struct chunk *chunks;
	char *last; /* newest block from malloc or memalign, or NULL */
	__sz total;
};

#define to_region(a) __containerof(a, struct region, a)

static inline struct hdr *hdr_of(const void *p)
{
	return (struct hdr *)((char *)p - sizeof(struct hdr));
}

static inline __sz bsize(const struct hdr *h)
{
	return h->size & ~(ALIGN - 1);
}

static struct chunk *chunk_of(struct region *r, const void *p)
{
	for (struct chunk *c = r->chunks; c; c = c->next)
		if ((__uptr)p > c->start && (__uptr)p <= c->cur)
			return c;
	return NULL;
}

#ifdef CONFIG_LIBUKALLOC_DEBUG
static void check_used(struct region *r, const void *p)
{
	struct hdr *h = hdr_of(p);

	if (!IS_ALIGNED((__uptr)p, ALIGN) || !chunk_of(r, p) ||
	    (__uptr)h < chunk_of(r, p)->start)
		UK_CRASH("ukalloc(region): free of %p, which this allocator did not hand out",
			 p);
	if (h->tag == ((__uptr)h ^ MAGIC_FREED))
		UK_CRASH("ukalloc(region): double free of %p", p);
	if (h->tag != ((__uptr)h ^ MAGIC_USED))
		UK_CRASH("ukalloc(region): buffer overrun: the header of block %p is overwritten",
			 p);
	if (h->size & HDR_NEXT) {
		struct hdr *n = (struct hdr *)((char *)p + bsize(h));

		if (n->tag != ((__uptr)n ^ MAGIC_USED) &&
		    n->tag != ((__uptr)n ^ MAGIC_FREED))
			UK_CRASH("ukalloc(region): buffer overrun: block %p (%zu bytes) wrote past its end, over the next block's header",
				 p, bsize(h));
	}
}
#else
static inline void check_used(struct region *r __unused,
			      const void *p __unused) {}
#endif

/* size bytes aligned to align after a header, in the first chunk with room. */
static void *region_alloc(struct region *r, __sz size, __sz align)
{
	__uptr p;
	struct hdr *h;

	if (size > ~0UL / 2)
		return NULL;
	size = size ? ALIGN_UP(size, ALIGN) : ALIGN;
	for (struct chunk *c = r->chunks; c; c = c->next) {
		p = ALIGN_UP(c->cur + sizeof(struct hdr), align);
		if (p > c->end || size > c->end - p)
			continue;
		h = hdr_of((void *)p);
		h->size = size;
		h->tag = (__uptr)h ^ MAGIC_USED;
		if (r->last && r->last + bsize(hdr_of(r->last)) == (char *)h)
			hdr_of(r->last)->size |= HDR_NEXT;
		c->cur = p + size;
		r->last = (char *)p;
		return (void *)p;
	}
	return NULL;
}

static void *region_malloc(struct uk_alloc *a, __sz size)
{
	return region_alloc(to_region(a), size, ALIGN);
}

static void *region_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	return region_alloc(to_region(a), size, align);
}

/* Nothing comes back; debug builds check the block and poison it. */
static void region_free(struct uk_alloc *a, void *ptr)
{
	struct hdr *h = hdr_of(ptr);

	check_used(to_region(a), ptr);
#ifdef CONFIG_LIBUKALLOC_DEBUG
	h->tag = (__uptr)h ^ MAGIC_FREED;
	memset(ptr, UK_ALLOC_POISON, bsize(h));
#else
	(void)h;
#endif
}

/* The newest block grows and shrinks in place; others move or stay. */
static void *region_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	struct region *r = to_region(a);
	struct hdr *h = hdr_of(ptr);
	struct chunk *c;
	void *q;

	check_used(r, ptr);
	if (size > ~0UL / 2)
		return NULL;
	size = ALIGN_UP(size, ALIGN);
	if (ptr == r->last) {
		c = chunk_of(r, ptr);
		if (size <= c->end - (__uptr)ptr) {
			h->size = size;
			c->cur = (__uptr)ptr + size;
			return ptr;
		}
	} else if (size <= bsize(h)) {
		return ptr;
	}
	q = region_alloc(r, size, ALIGN);
	if (!q)
		return NULL;
	memcpy(q, ptr, MIN(size, bsize(h)));
	region_free(a, ptr);
	return q;
}

static __sz region_usable_size(struct uk_alloc *a __unused, const void *ptr)
{
	return bsize(hdr_of(ptr));
}

/* Pages carry no header: they only move the chunk's fill mark. */
static void *region_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	struct region *r = to_region(a);
	__sz bytes = num_pages << UK_ALLOC_PAGE_SHIFT;
	__uptr p;

	for (struct chunk *c = r->chunks; c; c = c->next) {
		p = ALIGN_UP(c->cur, UK_ALLOC_PAGE_SIZE);
		if (p > c->end || bytes > c->end - p)
			continue;
		c->cur = p + bytes;
		r->last = NULL;
		return (void *)p;
	}
	return NULL;
}

static void region_pfree(struct uk_alloc *a __unused, void *ptr __unused,
			 unsigned long num_pages __unused)
{
}

static int region_addmem(struct uk_alloc *a, void *base, __sz len)
{
	struct region *r = to_region(a);
	__uptr start = ALIGN_UP((__uptr)base, ALIGN);
	__uptr end = ALIGN_DOWN((__uptr)base + len, ALIGN);
	struct chunk *c = (struct chunk *)start, **tail;

	if (end < start || end - start < sizeof(*c) + 2 * ALIGN)
		return -EINVAL;
	c->next = NULL;
	c->start = c->cur = start + sizeof(*c);
	c->end = end;
	for (tail = &r->chunks; *tail; tail = &(*tail)->next)
		;
	*tail = c;
	r->total += c->end - c->start;
	return 0;
}

static __ssz region_availmem(struct uk_alloc *a)
{
	__sz n = 0;

	for (struct chunk *c = to_region(a)->chunks; c; c = c->next)
		n += c->end - c->cur;
	return (__ssz)n;
}

static __ssz region_totalmem(struct uk_alloc *a)
{
	return (__ssz)to_region(a)->total;
}

struct uk_alloc *uk_allocregion_init(void *base, __sz len)
{
	__uptr start = ALIGN_UP((__uptr)base, ALIGN);
	struct region *r = (struct region *)start;
	__sz used = start - (__uptr)base + sizeof(*r);

	if (!base || len < used)
		return NULL;
	memset(r, 0, sizeof(*r));
	r->a.malloc = region_malloc;
	r->a.free = region_free;
	r->a.memalign = region_memalign;
	r->a.realloc = region_realloc;
	r->a.usable_size = region_usable_size;
	r->a.palloc = region_palloc;
	r->a.pfree = region_pfree;
	r->a.addmem = region_addmem;
	r->a.availmem = region_availmem;
	r->a.totalmem = region_totalmem;
	r->a.name = "region";
	r->a.flags = UK_ALLOC_F_NOREUSE;
	if (region_addmem(&r->a, (char *)base + used, len - used) < 0)
		return NULL;
	return &r->a;
}
