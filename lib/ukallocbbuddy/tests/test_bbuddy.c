/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Buddy-specific properties, on buddy heaps of their own carved from the
 * default allocator (whichever backend that is).
 */
#include <uk/test.h>
#include <uk/allocbbuddy.h>
#include <string.h>
#include <errno.h>

#define PAGE UK_ALLOC_PAGE_SIZE

static struct uk_alloc *heap(void **mem, unsigned long pages)
{
	*mem = uk_palloc(uk_alloc_get_default(), pages);
	if (!*mem)
		return NULL;
	return uk_allocbbuddy_init(*mem, pages * PAGE);
}

static void drop(void *mem, unsigned long pages)
{
	uk_pfree(uk_alloc_get_default(), mem, pages);
}

/* Largest 2^k pages palloc gives (and takes back at once). */
static unsigned long largest_block(struct uk_alloc *b)
{
	unsigned long n = 1;
	void *p;

	while ((p = uk_palloc(b, n * 2))) {
		uk_pfree(b, p, n * 2);
		n *= 2;
	}
	return n;
}

UK_TESTCASE(ukallocbbuddy, too_small_memory_is_refused)
{
	static char small[4096] __align(16);

	UK_TEST_EXPECT_NULL(uk_allocbbuddy_init(small, sizeof(small)));
	UK_TEST_EXPECT_NULL(uk_allocbbuddy_init(NULL, 1 << 20));
}

UK_TESTCASE(ukallocbbuddy, small_objects_do_not_cost_a_page_each)
{
	void *mem, *p[1000];
	struct uk_alloc *b = heap(&mem, 128);
	__ssz avail;

	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT_STR_EQ(b->name, "bbuddy");
	avail = uk_alloc_availmem(b);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = uk_malloc(b, 32);
		UK_TEST_ASSERT(p[i] != NULL);
		memset(p[i], 0x77, 32);
	}
	/* 1000 x 32 B (48 B with the debug canary): at most 13 pages */
	UK_TEST_EXPECT_SNUM_LE(avail - uk_alloc_availmem(b), 13 * PAGE);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		uk_free(b, p[(i * 7) % ARRAY_SIZE(p)]);
	/* empty slabs went back, but the class keeps one */
	UK_TEST_EXPECT_SNUM_LE(avail - uk_alloc_availmem(b), PAGE);
	drop(mem, 128);
}

UK_TESTCASE(ukallocbbuddy, large_malloc_costs_its_pages_only)
{
	void *mem, *p;
	struct uk_alloc *b = heap(&mem, 128);
	__ssz avail;

	UK_TEST_ASSERT(b != NULL);
	avail = uk_alloc_availmem(b);
	p = uk_malloc(b, 5 * PAGE - 64); /* 8 pages trimmed to 5 */
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)p, PAGE));
	UK_TEST_EXPECT_SNUM_EQ(avail - uk_alloc_availmem(b), 5 * PAGE);
	memset(p, 1, 5 * PAGE - 64);
	uk_free(b, p);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(b), avail);
	drop(mem, 128);
}

UK_TESTCASE(ukallocbbuddy, palloc_is_naturally_aligned)
{
	static const unsigned long counts[] = { 1, 2, 3, 8, 5, 16 };
	void *mem, *p[ARRAY_SIZE(counts)];
	struct uk_alloc *b = heap(&mem, 128);
	__ssz avail;

	UK_TEST_ASSERT(b != NULL);
	avail = uk_alloc_availmem(b);
	for (unsigned int i = 0; i < ARRAY_SIZE(counts); i++) {
		unsigned long pow2 = 1;

		while (pow2 < counts[i])
			pow2 <<= 1;
		p[i] = uk_palloc(b, counts[i]);
		UK_TEST_ASSERT(p[i] != NULL);
		UK_TEST_EXPECT(IS_ALIGNED((__uptr)p[i], pow2 * PAGE));
		memset(p[i], (int)i, counts[i] * PAGE);
	}
	UK_TEST_EXPECT_SNUM_EQ(avail - uk_alloc_availmem(b), 35 * PAGE);
	for (unsigned int i = 0; i < ARRAY_SIZE(counts); i++)
		uk_pfree(b, p[i], counts[i]);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(b), avail);
	p[0] = uk_memalign(b, 8 * PAGE, 100);
	UK_TEST_ASSERT(p[0] != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)p[0], 8 * PAGE));
	uk_free(b, p[0]);
	drop(mem, 128);
}

UK_TESTCASE(ukallocbbuddy, small_aligned_blocks_come_from_slabs)
{
	void *mem, *p[20];
	struct uk_alloc *b = heap(&mem, 64);
	__ssz avail;

	UK_TEST_ASSERT(b != NULL);
	avail = uk_alloc_availmem(b);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = uk_memalign(b, 256, 100);
		UK_TEST_ASSERT(p[i] != NULL);
		UK_TEST_EXPECT(IS_ALIGNED((__uptr)p[i], 256));
	}
	/* 20 x 256 B: two slab pages, not 20 pages */
	UK_TEST_EXPECT_SNUM_LE(avail - uk_alloc_availmem(b), 2 * PAGE);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		uk_free(b, p[i]);
	drop(mem, 64);
}

UK_TESTCASE(ukallocbbuddy, blocks_merge_back_with_their_buddies)
{
	void *mem, *p[200];
	unsigned long n[200];
	struct uk_alloc *b = heap(&mem, 256);
	unsigned long before;
	__ssz avail;
	__u32 r = 7;

	UK_TEST_ASSERT(b != NULL);
	avail = uk_alloc_availmem(b);
	before = largest_block(b);
	UK_TEST_EXPECT_UNUM_GE(before, 64);
	for (int round = 0; round < 10; round++) {
		unsigned int got = 0;

		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
			r = r * 1103515245 + 12345;
			n[i] = 1 + (r >> 16) % 2;
			p[i] = uk_palloc(b, n[i]);
			if (p[i])
				got++;
		}
		UK_TEST_EXPECT_UNUM_GE(got, 100);
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i += 3)
			uk_pfree(b, p[i], n[i]);
		for (unsigned int i = 1; i < ARRAY_SIZE(p); i += 3)
			uk_pfree(b, p[i], n[i]);
		for (unsigned int i = 2; i < ARRAY_SIZE(p); i += 3)
			uk_pfree(b, p[i], n[i]);
		UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(b), avail);
	}
	UK_TEST_EXPECT_UNUM_EQ(largest_block(b), before);
	drop(mem, 256);
}

UK_TESTCASE(ukallocbbuddy, addmem_adds_a_zone)
{
	void *mem, *more, *p;
	struct uk_alloc *b = heap(&mem, 8);
	__ssz total;

	UK_TEST_ASSERT(b != NULL);
	total = uk_alloc_totalmem(b);
	UK_TEST_EXPECT_SNUM_LE(total, 7 * PAGE);
	UK_TEST_EXPECT_NULL(uk_palloc(b, 8));
	more = uk_palloc(uk_alloc_get_default(), 32);
	UK_TEST_ASSERT(more != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(b, more, 32 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_GE(uk_alloc_totalmem(b), total + 30 * PAGE);
	p = uk_palloc(b, 8);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT((__uptr)p >= (__uptr)more &&
		       (__uptr)p < (__uptr)more + 32 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(b, more, 100), -EINVAL);
	uk_pfree(b, p, 8);
	uk_pfree(uk_alloc_get_default(), more, 32);
	drop(mem, 8);
}

/*
 * Long-lived small objects between short-lived big runs: slabs must not
 * end up scattered over the heap, pinning every big block (they live in
 * arenas of their own), so big requests keep succeeding at low occupancy.
 */
UK_TESTCASE(ukallocbbuddy, slabs_do_not_fragment_the_heap)
{
	static void *slot[128];
	void *mem;
	struct uk_alloc *b = heap(&mem, 512);
	unsigned int failed = 0;
	__u32 r = 1;

	UK_TEST_ASSERT(b != NULL);
	memset(slot, 0, sizeof(slot));
	for (unsigned int i = 0; i < 40000; i++) {
		unsigned int s;
		__sz n;

		r ^= r << 13;
		r ^= r >> 17;
		r ^= r << 5;
		s = r % ARRAY_SIZE(slot);
		n = (r >> 8) % 32 == 0 ? (16 << 10) + (r >> 13) % (112 << 10)
				       : 16 + (r >> 13) % 2032;
		uk_free(b, slot[s]);
		slot[s] = uk_malloc(b, n);
		if (!slot[s])
			failed++;
	}
	UK_TEST_EXPECT_UNUM_EQ(failed, 0);
	for (unsigned int s = 0; s < ARRAY_SIZE(slot); s++)
		uk_free(b, slot[s]);
	drop(mem, 512);
}
