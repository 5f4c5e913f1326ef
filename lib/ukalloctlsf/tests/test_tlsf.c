/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSF-specific properties, on TLSF heaps of their own carved from the
 * default allocator (whichever backend that is).
 */
#include <uk/test.h>
#include <uk/alloctlsf.h>
#include <string.h>
#include <errno.h>

#define HEAP_PAGES 256 /* 1 MiB */

static __u32 seed = 99;

static __u32 rng(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed;
}

static struct uk_alloc *heap(void **mem, unsigned long pages)
{
	*mem = uk_palloc(uk_alloc_get_default(), pages);
	if (!*mem)
		return NULL;
	return uk_alloctlsf_init(*mem, pages * UK_ALLOC_PAGE_SIZE);
}

UK_TESTCASE(ukalloctlsf, too_small_memory_is_refused)
{
	static char small[4096] __align(16);

	UK_TEST_EXPECT_NULL(uk_alloctlsf_init(small, sizeof(small)));
	UK_TEST_EXPECT_NULL(uk_alloctlsf_init(NULL, 1 << 20));
}

UK_TESTCASE(ukalloctlsf, everything_merges_back)
{
	void *mem, *p[300];
	struct uk_alloc *t = heap(&mem, HEAP_PAGES);
	__ssz avail;

	UK_TEST_ASSERT(t != NULL);
	UK_TEST_EXPECT_STR_EQ(t->name, "tlsf");
	avail = uk_alloc_availmem(t);
	UK_TEST_EXPECT_SNUM_GT(avail, (HEAP_PAGES - 3) * UK_ALLOC_PAGE_SIZE);
	for (int round = 0; round < 20; round++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
			__sz n = 1 + rng() % (rng() & 1 ? 64 : 4000);

			p[i] = (rng() & 7) ? uk_malloc(t, n)
					   : uk_memalign(t, 16 << rng() % 9, n);
			UK_TEST_ASSERT(p[i] != NULL);
			memset(p[i], (int)i, n);
		}
		/* free in a random order, reallocating some on the way */
		for (unsigned int left = ARRAY_SIZE(p); left; left--) {
			unsigned int i = rng() % left;

			if (rng() % 4 == 0) {
				p[i] = uk_realloc(t, p[i], 1 + rng() % 6000);
				UK_TEST_ASSERT(p[i] != NULL);
			}
			uk_free(t, p[i]);
			p[i] = p[left - 1];
		}
		/* all free again: one block per pool, nothing lost */
		UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(t), avail);
	}
	/*
	 * So most of the heap fits in one block again (a request is rounded
	 * up to the next list, 1/32 of its power of two, so not all of it).
	 */
	p[0] = uk_malloc(t, (__sz)avail / 16 * 15);
	UK_TEST_EXPECT_NOT_NULL(p[0]);
	uk_free(t, p[0]);
	uk_pfree(uk_alloc_get_default(), mem, HEAP_PAGES);
}

UK_TESTCASE(ukalloctlsf, realloc_grows_in_place_into_a_free_neighbour)
{
	void *mem, *p, *q, *guard;
	struct uk_alloc *t = heap(&mem, 16);

	UK_TEST_ASSERT(t != NULL);
	p = uk_malloc(t, 100);
	q = uk_malloc(t, 1000);
	guard = uk_malloc(t, 16);
	UK_TEST_ASSERT(p && q && guard);
	memset(p, 0x5c, 100);
	uk_free(t, q);
	q = uk_realloc(t, p, 1000);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT_UNUM_GE(uk_alloc_usable_size(t, q), 1000);
	UK_TEST_EXPECT(((__u8 *)q)[99] == 0x5c);
	/* shrinking gives the tail back in place too */
	q = uk_realloc(t, p, 50);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT_UNUM_LE(uk_alloc_usable_size(t, q), 64);
	uk_free(t, q);
	uk_free(t, guard);
	uk_pfree(uk_alloc_get_default(), mem, 16);
}

UK_TESTCASE(ukalloctlsf, good_fit_reuses_holes)
{
	void *mem, *p[64], *q;
	struct uk_alloc *t = heap(&mem, 64);
	int in_hole = 0;

	UK_TEST_ASSERT(t != NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = uk_malloc(t, 1000);
		UK_TEST_ASSERT(p[i] != NULL);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i += 2)
		uk_free(t, p[i]);
	/* a 1000-byte hole fits 1000 bytes exactly: one of them is used */
	q = uk_malloc(t, 1000);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i += 2)
		if (q == p[i])
			in_hole = 1;
	UK_TEST_EXPECT(in_hole);
	uk_free(t, q);
	/* 3000 bytes fit no hole: the block comes from beyond them */
	q = uk_malloc(t, 3000);
	UK_TEST_ASSERT(q != NULL);
	UK_TEST_EXPECT((__uptr)q > (__uptr)p[ARRAY_SIZE(p) - 1]);
	uk_free(t, q);
	for (unsigned int i = 1; i < ARRAY_SIZE(p); i += 2)
		uk_free(t, p[i]);
	uk_pfree(uk_alloc_get_default(), mem, 64);
}

UK_TESTCASE(ukalloctlsf, addmem_adds_a_pool)
{
	void *mem, *more, *p, *q;
	struct uk_alloc *t = heap(&mem, 8);
	__ssz total;

	UK_TEST_ASSERT(t != NULL);
	total = uk_alloc_totalmem(t);
	UK_TEST_EXPECT_NULL(uk_malloc(t, 40000));
	more = uk_palloc(uk_alloc_get_default(), 16);
	UK_TEST_ASSERT(more != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(t, more, 16 * 4096), 0);
	UK_TEST_EXPECT_SNUM_GT(uk_alloc_totalmem(t), total + 15 * 4096);
	p = uk_malloc(t, 40000);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT((__uptr)p >= (__uptr)more &&
		       (__uptr)p < (__uptr)more + 16 * 4096);
	q = uk_malloc(t, 100); /* still room in the first pool */
	UK_TEST_EXPECT_NOT_NULL(q);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(t, more, 8), -EINVAL);
	uk_free(t, p);
	uk_free(t, q);
	uk_pfree(uk_alloc_get_default(), more, 16);
	uk_pfree(uk_alloc_get_default(), mem, 8);
}

UK_TESTCASE(ukalloctlsf, huge_requests_fail)
{
	void *mem, *p = NULL;
	struct uk_alloc *t = heap(&mem, 8);

	UK_TEST_ASSERT(t != NULL);
	UK_TEST_EXPECT_NULL(uk_malloc(t, (__sz)1 << 41));
	UK_TEST_EXPECT_NULL(uk_malloc(t, ~(__sz)0 - 8));
	UK_TEST_EXPECT_NULL(uk_memalign(t, (__sz)1 << 42, 16));
	UK_TEST_EXPECT_SNUM_EQ(uk_posix_memalign(t, &p, 64, ~(__sz)0), ENOMEM);
	UK_TEST_EXPECT_NULL(uk_palloc(t, 1UL << 40));
	uk_pfree(uk_alloc_get_default(), mem, 8);
}
