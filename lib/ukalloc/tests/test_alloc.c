/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The allocator suite: runs against the default allocator, whichever
 * backend it is, so every backend passes the same checks. Where an
 * allocator never reuses freed memory (UK_ALLOC_F_NOREUSE: the region
 * allocator) the checks that need reuse are adapted, as each case says.
 */
#include <uk/test.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>

/* glibc declares these in <malloc.h>; ukalloc provides them. */
void *memalign(size_t align, size_t size);
size_t malloc_usable_size(void *ptr);

/* Sizes the compiler must not see through (it warns about huge ones). */
static volatile __sz huge = SIZE_MAX;
static void *(*volatile libc_realloc)(void *, size_t) = realloc;

static __u32 rng_state;

static void rng_seed(__u32 seed)
{
	rng_state = seed ? seed : 1;
}

/* xorshift32: deterministic, so a failure can be replayed */
static __u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static int noreuse(struct uk_alloc *a)
{
	return a->flags & UK_ALLOC_F_NOREUSE;
}

static __u8 pattern_byte(__u32 seed, __sz i)
{
	return (__u8)(seed + i * 7 + (i >> 8));
}

/*
 * Fill a block with a pattern from seed; beyond 8 KiB only the first and
 * the last 4 KiB, to keep big blocks cheap.
 */
static void fill(void *p, __sz n, __u32 seed)
{
	__u8 *b = p;

	for (__sz i = 0; i < n; i++) {
		if (i == 4096 && n > 8192)
			i = n - 4096;
		b[i] = pattern_byte(seed, i);
	}
}

/*
 * 1 if the bytes below upto that fill(p, n, seed) wrote are still there
 * (a block resized to upto keeps that prefix).
 */
static int intact_upto(const void *p, __sz n, __sz upto, __u32 seed)
{
	const __u8 *b = p;

	for (__sz i = 0; i < MIN(n, upto); i++) {
		if (i == 4096 && n > 8192)
			i = n - 4096;
		if (i < upto && b[i] != pattern_byte(seed, i))
			return 0;
	}
	return 1;
}

static int intact(const void *p, __sz n, __u32 seed)
{
	return intact_upto(p, n, n, seed);
}

static int all_zero(const void *p, __sz n)
{
	const __u8 *b = p;

	for (__sz i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static int overlaps(const void *a, __sz alen, const void *b, __sz blen)
{
	__uptr x = (__uptr)a, y = (__uptr)b;

	return x < y + blen && y < x + alen;
}

UK_TESTCASE(ukalloc, default_allocator_has_the_platform_memory)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct ukplat_memregion_desc d;
	__sz regions = 0;
	__ssz total, avail;

	UK_TEST_ASSERT(a != NULL);
	UK_TEST_EXPECT_NOT_NULL(a->name);
	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE)
		regions += d.len;
	total = uk_alloc_totalmem(a);
	avail = uk_alloc_availmem(a);
	/* All the free memory, minus the backend's metadata (< 3%). */
	UK_TEST_EXPECT_UNUM_LE(total, regions);
	UK_TEST_EXPECT_UNUM_GE(total, regions - regions / 32);
	UK_TEST_EXPECT_SNUM_GT(avail, 0);
	UK_TEST_EXPECT_SNUM_LE(avail, total);
}

UK_TESTCASE(ukalloc, null_allocator_fails_cleanly)
{
	void *p = (void *)&p;

	UK_TEST_EXPECT_NULL(uk_malloc(NULL, 16));
	UK_TEST_EXPECT_NULL(uk_calloc(NULL, 1, 16));
	UK_TEST_EXPECT_NULL(uk_realloc(NULL, NULL, 16));
	UK_TEST_EXPECT_NULL(uk_memalign(NULL, 64, 16));
	UK_TEST_EXPECT_NULL(uk_palloc(NULL, 1));
	UK_TEST_EXPECT_SNUM_EQ(uk_posix_memalign(NULL, &p, 64, 16), ENOMEM);
	UK_TEST_EXPECT_PTR_EQ(p, &p);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(NULL), -ENOTSUP);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_totalmem(NULL), -ENOTSUP);
	uk_free(NULL, NULL);
}

UK_TESTCASE(ukalloc, malloc_sizes_alignment_no_overlap)
{
	static const __sz sizes[] = { 0, 1, 7, 15, 16, 17, 31, 48, 100, 255,
				      256, 511, 512, 513, 1000, 2047, 2048,
				      2049, 4095, 4096, 4097, 10000, 65536,
				      100000, 1 << 20 };
	struct uk_alloc *a = uk_alloc_get_default();
	void *p[ARRAY_SIZE(sizes)];
	unsigned int i, j;

	UK_TEST_ASSERT(a != NULL);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = uk_malloc(a, sizes[i]);
		UK_TEST_ASSERT(p[i] != NULL);
		UK_TEST_EXPECT(IS_ALIGNED((__uptr)p[i], UK_ALLOC_ALIGN));
		UK_TEST_EXPECT_UNUM_GE(uk_alloc_usable_size(a, p[i]),
				       sizes[i]);
		fill(p[i], sizes[i], i);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		UK_TEST_EXPECT(intact(p[i], sizes[i], i));
		for (j = 0; j < i; j++)
			UK_TEST_EXPECT(!overlaps(p[i], MAX(sizes[i], 1),
						 p[j], MAX(sizes[j], 1)));
	}
	/* Free in an order unlike the allocation order. */
	for (i = 0; i < ARRAY_SIZE(sizes); i += 2)
		uk_free(a, p[i]);
	for (i = 1; i < ARRAY_SIZE(sizes); i += 2) {
		UK_TEST_EXPECT(intact(p[i], sizes[i], i));
		uk_free(a, p[i]);
	}
	uk_free(a, NULL);
}

UK_TESTCASE(ukalloc, calloc_zeroes_and_checks_overflow)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	UK_TEST_ASSERT(a != NULL);
	/* Dirty memory first, so a reused block has something to clear. */
	p = uk_malloc(a, 1000);
	UK_TEST_ASSERT(p != NULL);
	memset(p, 0xff, 1000);
	uk_free(a, p);
	p = uk_calloc(a, 10, 100);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(all_zero(p, 1000));
	uk_free(a, p);
	p = uk_calloc(a, 3, 5000);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(all_zero(p, 15000));
	uk_free(a, p);

	UK_TEST_EXPECT_NULL(uk_calloc(a, SIZE_MAX / 2 + 1, 2));
	UK_TEST_EXPECT_NULL(uk_calloc(a, (__sz)1 << 33, (__sz)1 << 33));
	UK_TEST_EXPECT_NULL(uk_calloc(a, SIZE_MAX, SIZE_MAX));
	UK_TEST_EXPECT_NULL(uk_calloc(a, 65537, 65537 * 65537UL));
	p = uk_calloc(a, 0, 10);
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);

	errno = 0;
	UK_TEST_EXPECT_NULL(calloc(huge / 16, 32));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
}

UK_TESTCASE(ukalloc, realloc_grows_and_shrinks_keeping_content)
{
	static const __sz steps[] = { 10, 100, 1000, 5000, 70000, 300000 };
	struct uk_alloc *a = uk_alloc_get_default();
	__u8 *p, *q, *x, *z;
	__sz have = 0;

	UK_TEST_ASSERT(a != NULL);
	p = uk_realloc(a, NULL, steps[0]); /* = uk_malloc */
	UK_TEST_ASSERT(p != NULL);
	fill(p, steps[0], 42);
	have = steps[0];
	for (unsigned int i = 1; i < ARRAY_SIZE(steps); i++) {
		q = uk_realloc(a, p, steps[i]);
		UK_TEST_ASSERT(q != NULL);
		p = q;
		/* The old content, checked; refilled at the new size. */
		for (__sz j = 0; j < have; j++)
			if (p[j] != pattern_byte(42, j)) {
				UK_TEST_EXPECT(p[j] == pattern_byte(42, j));
				break;
			}
		for (__sz j = 0; j < steps[i]; j++)
			p[j] = pattern_byte(42, j);
		have = steps[i];
	}
	q = uk_realloc(a, p, 50);
	UK_TEST_ASSERT(q != NULL);
	p = q;
	for (__sz j = 0; j < 50; j++)
		UK_TEST_ASSERT(p[j] == pattern_byte(42, j));
	/* Too big: NULL, and the old block is untouched. */
	UK_TEST_EXPECT_NULL(uk_realloc(a, p, SIZE_MAX / 2));
	for (__sz j = 0; j < 50; j++)
		UK_TEST_ASSERT(p[j] == pattern_byte(42, j));
	UK_TEST_EXPECT_NULL(uk_realloc(a, p, 0)); /* frees p */

	/* Resizing a block between two others leaves them alone. */
	x = uk_malloc(a, 64);
	p = uk_malloc(a, 64);
	z = uk_malloc(a, 64);
	UK_TEST_ASSERT(x && p && z);
	fill(x, 64, 1);
	fill(p, 64, 2);
	fill(z, 64, 3);
	q = uk_realloc(a, p, 3000);
	UK_TEST_ASSERT(q != NULL);
	p = q;
	UK_TEST_EXPECT(intact(x, 64, 1));
	UK_TEST_EXPECT(intact(p, 64, 2));
	UK_TEST_EXPECT(intact(z, 64, 3));
	q = uk_realloc(a, p, 32);
	UK_TEST_ASSERT(q != NULL);
	p = q;
	UK_TEST_EXPECT(intact(p, 32, 2));
	UK_TEST_EXPECT(intact(x, 64, 1));
	UK_TEST_EXPECT(intact(z, 64, 3));
	uk_free(a, x);
	uk_free(a, p);
	uk_free(a, z);
}

UK_TESTCASE(ukalloc, posix_memalign_alignments_and_errors)
{
	static const __sz sizes[] = { 1, 24, 100, 1000, 5000 };
	struct uk_alloc *a = uk_alloc_get_default();
	static const __sz bad[] = { 0, 1, 2, 4, 3, 24, 48, 4097, 3 << 12 };
	void *blocks[11 * ARRAY_SIZE(sizes) + 1], *p;
	__sz bsize[ARRAY_SIZE(blocks)];
	unsigned int n = 0;

	UK_TEST_ASSERT(a != NULL);
	for (__sz align = 8; align <= 8192; align <<= 1) {
		for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
			p = NULL;
			UK_TEST_ASSERT_SNUM_EQ(
				uk_posix_memalign(a, &p, align, sizes[i]), 0);
			UK_TEST_ASSERT(p != NULL);
			UK_TEST_EXPECT(IS_ALIGNED((__uptr)p, align));
			UK_TEST_EXPECT_UNUM_GE(uk_alloc_usable_size(a, p),
					       sizes[i]);
			fill(p, sizes[i], n);
			bsize[n] = sizes[i];
			blocks[n++] = p;
		}
	}
	p = uk_memalign(a, 65536, 100);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)p, 65536));
	fill(p, 100, n);
	bsize[n] = 100;
	blocks[n++] = p;
	for (unsigned int i = 0; i < n; i++) {
		UK_TEST_EXPECT(intact(blocks[i], bsize[i], i));
		for (unsigned int j = 0; j < i; j++)
			UK_TEST_EXPECT(!overlaps(blocks[i], bsize[i],
						 blocks[j], bsize[j]));
	}
	for (unsigned int i = 0; i < n; i++)
		uk_free(a, blocks[(i * 13) % n]);

	/* Not powers of two, or below sizeof(void *): EINVAL, untouched. */
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		p = (void *)&p;
		UK_TEST_EXPECT_SNUM_EQ(uk_posix_memalign(a, &p, bad[i], 16),
				       EINVAL);
		UK_TEST_EXPECT_PTR_EQ(p, &p);
	}
	p = (void *)&p;
	UK_TEST_EXPECT_SNUM_EQ(uk_posix_memalign(a, &p, 64, SIZE_MAX / 2),
			       ENOMEM);
	UK_TEST_EXPECT_PTR_EQ(p, &p);
	UK_TEST_EXPECT_NULL(uk_memalign(a, 3, 16));
	p = uk_memalign(a, 1, 16); /* any power of two for memalign */
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);
}

UK_TESTCASE(ukalloc, palloc_and_pfree)
{
	static const unsigned long counts[] = { 1, 3, 16, 100, 1 };
	struct uk_alloc *a = uk_alloc_get_default();
	void *p[ARRAY_SIZE(counts)];
	unsigned int i, j;

	UK_TEST_ASSERT(a != NULL);
	for (int round = 0; round < 2; round++) {
		for (i = 0; i < ARRAY_SIZE(counts); i++) {
			p[i] = uk_palloc(a, counts[i]);
			UK_TEST_ASSERT(p[i] != NULL);
			UK_TEST_EXPECT(IS_ALIGNED((__uptr)p[i],
						  UK_ALLOC_PAGE_SIZE));
			fill(p[i], counts[i] * UK_ALLOC_PAGE_SIZE, i);
		}
		for (i = 0; i < ARRAY_SIZE(counts); i++) {
			UK_TEST_EXPECT(intact(p[i],
					      counts[i] * UK_ALLOC_PAGE_SIZE,
					      i));
			for (j = 0; j < i; j++)
				UK_TEST_EXPECT(!overlaps(
					p[i], counts[i] * UK_ALLOC_PAGE_SIZE,
					p[j], counts[j] * UK_ALLOC_PAGE_SIZE));
		}
		for (i = 0; i < ARRAY_SIZE(counts); i++)
			uk_pfree(a, p[(i + 2) % ARRAY_SIZE(counts)],
				 counts[(i + 2) % ARRAY_SIZE(counts)]);
	}
	UK_TEST_EXPECT_NULL(uk_palloc(a, 0));
	UK_TEST_EXPECT_NULL(uk_palloc(a, ~0UL));
	UK_TEST_EXPECT_NULL(uk_palloc(a, ~0UL >> 13));
	uk_pfree(a, NULL, 1);
}

#define STRESS_SLOTS 512
#define STRESS_STEPS 30000

struct slot {
	void *p;
	__sz size;
	__u32 seed;
	int pages; /* from uk_palloc: size is a page count */
};

/* Mostly 16 B..4 KiB, 1 in 32 up to 128 KiB. */
static __sz stress_size(void)
{
	__u32 r = rng();

	if ((r & 31) == 0)
		return 4096 + (rng() % (128 << 10));
	return 16 + (rng() % (16U << (r >> 5) % 9)) % 4081;
}

UK_TESTCASE(ukalloc, stress_random_sizes_alignments_and_free_orders)
{
	static struct slot s[STRESS_SLOTS];
	struct uk_alloc *a = uk_alloc_get_default();
	__ssz floor_avail = 0;
	unsigned int bad = 0, live = 0, ops = 0;

	UK_TEST_ASSERT(a != NULL);
	/*
	 * The region allocator never gets memory back: it stops after a
	 * quarter of what is left, for the tests that run after this one.
	 */
	if (noreuse(a))
		floor_avail = uk_alloc_availmem(a) / 4 * 3;
	memset(s, 0, sizeof(s));
	rng_seed(12345);
	for (unsigned int step = 0; step < STRESS_STEPS; step++) {
		struct slot *e = &s[rng() % STRESS_SLOTS];
		__u32 op = rng() % 100;
		__sz bytes;

		if (e->p) {
			bytes = e->pages ? e->size * UK_ALLOC_PAGE_SIZE
					 : e->size;
			if (!intact(e->p, bytes, e->seed))
				bad++;
			if (op < 25 && !e->pages) {
				/* resize: the common prefix must survive */
				__sz n = stress_size();
				void *q = uk_realloc(a, e->p, n);

				if (!q)
					break;
				if (!intact_upto(q, e->size, n, e->seed))
					bad++;
				e->p = q;
				e->size = n;
				fill(q, n, e->seed);
			} else {
				if (e->pages)
					uk_pfree(a, e->p, e->size);
				else
					uk_free(a, e->p);
				e->p = NULL;
				live--;
			}
			ops++;
			continue;
		}
		if (noreuse(a) && uk_alloc_availmem(a) < floor_avail)
			break;
		e->seed = rng();
		e->pages = 0;
		e->size = stress_size();
		if (op < 60) {
			e->p = uk_malloc(a, e->size);
		} else if (op < 70) {
			e->p = uk_calloc(a, 1, e->size);
			if (e->p && !all_zero(e->p, e->size))
				bad++;
		} else if (op < 95) {
			__sz align = 16UL << (rng() % 9); /* 16 .. 4096 */

			e->p = uk_memalign(a, align, e->size);
			if (e->p && !IS_ALIGNED((__uptr)e->p, align))
				bad++;
		} else {
			e->pages = 1;
			e->size = 1 + rng() % 8;
			e->p = uk_palloc(a, e->size);
		}
		UK_TEST_ASSERT(e->p != NULL);
		fill(e->p, e->pages ? e->size * UK_ALLOC_PAGE_SIZE : e->size,
		     e->seed);
		live++;
		ops++;
	}
	for (unsigned int i = 0; i < STRESS_SLOTS; i++) {
		struct slot *e = &s[(i * 7) % STRESS_SLOTS]; /* scrambled */

		if (!e->p)
			continue;
		if (!intact(e->p, e->pages ? e->size * UK_ALLOC_PAGE_SIZE
					   : e->size, e->seed))
			bad++;
		if (e->pages)
			uk_pfree(a, e->p, e->size);
		else
			uk_free(a, e->p);
		e->p = NULL;
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	UK_TEST_EXPECT_UNUM_GE(ops, noreuse(a) ? 500 : STRESS_STEPS);
}

/*
 * Allocate blocks of size bytes with a until it returns NULL, chained
 * through their first word (*head). Returns how many.
 */
static unsigned long exhaust(struct uk_alloc *a, void **head, __sz size,
			     int via_libc)
{
	unsigned long n = 0;
	void **p;

	for (;;) {
		p = via_libc ? malloc(size) : uk_malloc(a, size);
		if (!p)
			return n;
		fill(p + 1, size - sizeof(void *), (__u32)(__uptr)p);
		*p = *head;
		*head = p;
		n++;
	}
}

/* Check and free a chain from exhaust(); returns the broken blocks. */
static unsigned long release(struct uk_alloc *a, void *head, __sz size,
			     int via_libc)
{
	unsigned long bad = 0;
	void **p = head, **next;

	while (p) {
		next = *p;
		if (!intact(p + 1, size - sizeof(void *), (__u32)(__uptr)p))
			bad++;
		if (via_libc)
			free(p);
		else
			uk_free(a, p);
		p = next;
	}
	return bad;
}

UK_TESTCASE(ukalloc, malloc_exhaustion_returns_null_and_recovers)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long big[2], small[2];
	void *bh, *sh;

	UK_TEST_ASSERT(a != NULL);
	if (noreuse(a)) {
		/* Exhausting it would leave nothing for what runs later. */
		UK_TEST_SKIP("the default allocator's free gives nothing back "
			     "(the fresh-allocator case covers it)");
	}
	for (int round = 0; round < 2; round++) {
		bh = sh = NULL;
		errno = 0;
		big[round] = exhaust(a, &bh, 64 << 10, 1);
		UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
		small[round] = exhaust(a, &sh, 256, 1);
		UK_TEST_EXPECT_NULL(malloc(16 << 10));
		UK_TEST_EXPECT_SNUM_EQ(release(a, bh, 64 << 10, 1), 0);
		UK_TEST_EXPECT_SNUM_EQ(release(a, sh, 256, 1), 0);
	}
	UK_TEST_EXPECT_UNUM_GE(big[0], 8);
	UK_TEST_EXPECT_UNUM_GE(big[1] + 1, big[0]);
	UK_TEST_EXPECT_UNUM_GE(big[1] * 64 + small[1] / 4,
			       (big[0] * 64 + small[0] / 4) * 15 / 16);
	/* And it still works. */
	void *p = malloc(100000);

	UK_TEST_EXPECT_NOT_NULL(p);
	free(p);
}

UK_TESTCASE(ukalloc, exhaustion_of_a_fresh_allocator_of_the_same_backend)
{
	struct uk_alloc *a = uk_alloc_get_default(), *b;
	const unsigned long pages = 64;
	unsigned long n[2];
	void *mem, *head, *tail;

	UK_TEST_ASSERT(a != NULL);
	mem = uk_palloc(a, pages);
	UK_TEST_ASSERT(mem != NULL);
	b = uk_alloc_default_backend_init(mem, pages * UK_ALLOC_PAGE_SIZE);
	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT_PTR_EQ(uk_alloc_get_default(), a);
	UK_TEST_EXPECT_STR_EQ(b->name, a->name);
	for (int round = 0; round < 2; round++) {
		head = NULL;
		head = tail = NULL;
		n[round] = exhaust(b, &head, 200, 0);
		exhaust(b, &tail, 16, 0); /* the last crumbs */
		UK_TEST_EXPECT_NULL(uk_malloc(b, 16));
		UK_TEST_EXPECT_NULL(uk_palloc(b, 1));
		UK_TEST_EXPECT_SNUM_EQ(release(b, head, 200, 0), 0);
		UK_TEST_EXPECT_SNUM_EQ(release(b, tail, 16, 0), 0);
	}
	/* About 200 KiB of 256 KiB in 200-byte blocks, at least. */
	UK_TEST_EXPECT_UNUM_GE(n[0], 900);
	if (noreuse(b))
		UK_TEST_EXPECT_SNUM_EQ(n[1], 0);
	else
		UK_TEST_EXPECT_SNUM_EQ(n[1], n[0]);
	uk_pfree(a, mem, pages);
}

UK_TESTCASE(ukalloc, libc_malloc_family_over_the_default)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *p, *q;
	void *m = NULL;

	UK_TEST_ASSERT(a != NULL);
	p = malloc(100);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_UNUM_GE(malloc_usable_size(p), 100);
	UK_TEST_EXPECT_UNUM_EQ(malloc_usable_size(p),
			       uk_alloc_usable_size(a, p));
	strcpy(p, "kept across realloc");
	q = realloc(p, 10000);
	UK_TEST_ASSERT(q != NULL);
	UK_TEST_EXPECT_STR_EQ(q, "kept across realloc");
	errno = 0;
	UK_TEST_EXPECT_NULL(libc_realloc(q, huge - 4096));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	UK_TEST_EXPECT_STR_EQ(q, "kept across realloc");
	free(q);
	free(NULL);

	p = calloc(4, 25);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(all_zero(p, 100));
	free(p);

	UK_TEST_EXPECT_SNUM_EQ(posix_memalign(&m, 256, 10), 0);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)m, 256));
	free(m);
	UK_TEST_EXPECT_SNUM_EQ(posix_memalign(&m, 12, 10), EINVAL);
	m = aligned_alloc(4096, 4096);
	UK_TEST_ASSERT(m != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)m, 4096));
	free(m);
	m = memalign(128, 1);
	UK_TEST_ASSERT(m != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)m, 128));
	free(m);
	errno = 0;
	UK_TEST_EXPECT_NULL(memalign(48, 10));
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_NULL(malloc(huge));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	m = malloc(0);
	UK_TEST_EXPECT_NOT_NULL(m);
	free(m);
}

UK_TESTCASE(ukalloc, statistics)
{
	struct uk_alloc *a = uk_alloc_get_default(), *b;
	struct uk_alloc_stats st;
	void *mem, *p, *q, *pg;
	__sz up, uq;

	UK_TEST_ASSERT(a != NULL);
#ifndef CONFIG_LIBUKALLOC_STATS
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_get(a, &st), -ENOTSUP);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_reset(a), -ENOTSUP);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_reset(NULL), -ENOTSUP);
	return;
#endif
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_get(NULL, &st), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_get(a, NULL), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_reset(NULL), -EINVAL);
	mem = uk_palloc(a, 64);
	UK_TEST_ASSERT(mem != NULL);
	b = uk_alloc_default_backend_init(mem, 64 * UK_ALLOC_PAGE_SIZE);
	UK_TEST_ASSERT(b != NULL);
	UK_TEST_ASSERT_SNUM_EQ(uk_alloc_stats_get(b, &st), 0);
	UK_TEST_EXPECT_UNUM_EQ(st.allocs + st.frees + st.failures, 0);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, 0);

	p = uk_malloc(b, 100);
	q = uk_calloc(b, 3, 100);
	UK_TEST_ASSERT(p && q);
	up = uk_alloc_usable_size(b, p);
	uq = uk_alloc_usable_size(b, q);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_get(b, &st), 0);
	UK_TEST_EXPECT_UNUM_EQ(st.allocs, 2);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, up + uq);
	UK_TEST_EXPECT_UNUM_EQ(st.peak_bytes, up + uq);
	uk_free(b, p);
	UK_TEST_EXPECT_NULL(uk_malloc(b, 1 << 20));
	UK_TEST_EXPECT_NULL(uk_calloc(b, SIZE_MAX, 2));
	pg = uk_palloc(b, 2);
	UK_TEST_ASSERT(pg != NULL);
	uk_alloc_stats_get(b, &st);
	UK_TEST_EXPECT_UNUM_EQ(st.allocs, 3);
	UK_TEST_EXPECT_UNUM_EQ(st.frees, 1);
	UK_TEST_EXPECT_UNUM_EQ(st.failures, 2);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, uq + 2 * UK_ALLOC_PAGE_SIZE);
	UK_TEST_EXPECT_UNUM_GE(st.peak_bytes, st.cur_bytes);
	uk_pfree(b, pg, 2);
	q = uk_realloc(b, q, 2000);
	UK_TEST_ASSERT(q != NULL);
	uq = uk_alloc_usable_size(b, q);
	uk_alloc_stats_get(b, &st);
	UK_TEST_EXPECT_UNUM_EQ(st.allocs, 3);
	UK_TEST_EXPECT_UNUM_EQ(st.frees, 2);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, uq);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_reset(b), 0);
	uk_alloc_stats_get(b, &st);
	UK_TEST_EXPECT_UNUM_EQ(st.allocs + st.frees + st.failures, 0);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, uq);
	UK_TEST_EXPECT_UNUM_EQ(st.peak_bytes, uq);
	uk_free(b, q);
	uk_alloc_stats_get(b, &st);
	UK_TEST_EXPECT_UNUM_EQ(st.cur_bytes, 0);
	UK_TEST_EXPECT_UNUM_EQ(st.frees, 1);
	uk_pfree(a, mem, 64);
}

#ifdef CONFIG_LIBUKALLOC_DEBUG
/* Only in images with the debug checks: without them nothing poisons. */
UK_TESTCASE(ukalloc, debug_poisons_freed_memory)
{
	struct uk_alloc *a = uk_alloc_get_default();
	volatile __u8 *p;
	int poisoned = 1;

	UK_TEST_ASSERT(a != NULL);
	p = uk_malloc(a, 64);
	UK_TEST_ASSERT(p != NULL);
	memset((void *)p, 0x11, 64);
	uk_free(a, (void *)p);
	/* The first 16 bytes may hold the backend's free-list links. */
	for (int i = 16; i < 48; i++)
		if (p[i] != UK_ALLOC_POISON)
			poisoned = 0;
	UK_TEST_EXPECT(poisoned);
}
#endif
