/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Region-specific properties, on arenas of their own carved from the
 * default allocator (whichever backend that is).
 */
#include <uk/test.h>
#include <uk/allocregion.h>
#include <string.h>
#include <errno.h>

#define PAGE UK_ALLOC_PAGE_SIZE

static struct uk_alloc *arena(void **mem, unsigned long pages)
{
	*mem = uk_palloc(uk_alloc_get_default(), pages);
	if (!*mem)
		return NULL;
	return uk_allocregion_init(*mem, pages * PAGE);
}

static void drop(void *mem, unsigned long pages)
{
	uk_pfree(uk_alloc_get_default(), mem, pages);
}

UK_TESTCASE(ukallocregion, too_small_memory_is_refused)
{
	static char small[64] __align(16);

	UK_TEST_EXPECT_NULL(uk_allocregion_init(small, sizeof(small)));
	UK_TEST_EXPECT_NULL(uk_allocregion_init(NULL, 1 << 20));
}

UK_TESTCASE(ukallocregion, blocks_follow_each_other_and_free_gives_nothing_back)
{
	void *mem, *p, *q;
	struct uk_alloc *r = arena(&mem, 4);
	__ssz avail;

	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_STR_EQ(r->name, "region");
	UK_TEST_EXPECT(r->flags & UK_ALLOC_F_NOREUSE);
	p = uk_malloc(r, 100);
	q = uk_malloc(r, 100);
	UK_TEST_ASSERT(p && q);
	/* 100 bytes round up to 112, then the next 16-byte header */
	UK_TEST_EXPECT_SNUM_EQ((char *)q - (char *)p, 128);
	avail = uk_alloc_availmem(r);
	uk_free(r, p);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(r), avail);
	p = uk_malloc(r, 100);
	UK_TEST_EXPECT((__uptr)p > (__uptr)q);
	drop(mem, 4);
}

UK_TESTCASE(ukallocregion, the_newest_block_resizes_in_place)
{
	void *mem, *p, *q;
	struct uk_alloc *r = arena(&mem, 4);
	__ssz avail;

	UK_TEST_ASSERT(r != NULL);
	p = uk_malloc(r, 64);
	q = uk_malloc(r, 64);
	UK_TEST_ASSERT(p && q);
	memset(q, 0x3a, 64);
	avail = uk_alloc_availmem(r);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(r, q, 4000), q);
	UK_TEST_EXPECT_SNUM_EQ(avail - uk_alloc_availmem(r), 4000 - 64);
	UK_TEST_EXPECT(((__u8 *)q)[63] == 0x3a);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(r, q, 32), q);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_availmem(r), avail + 32);
	/* an older block moves when it grows, stays when it shrinks */
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(r, p, 16), p);
	q = uk_realloc(r, p, 200);
	UK_TEST_EXPECT(q != NULL && q != p);
	drop(mem, 4);
}

UK_TESTCASE(ukallocregion, exhaustion_then_addmem)
{
	void *mem, *more, *p;
	struct uk_alloc *r = arena(&mem, 2);
	unsigned int n = 0;

	UK_TEST_ASSERT(r != NULL);
	while (uk_malloc(r, 240))
		n++;
	UK_TEST_EXPECT_UNUM_GE(n, 30);
	UK_TEST_EXPECT_SNUM_LE(uk_alloc_availmem(r), 256);
	UK_TEST_EXPECT_NULL(uk_palloc(r, 1));
	more = uk_palloc(uk_alloc_get_default(), 4);
	UK_TEST_ASSERT(more != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(r, more, 4 * PAGE), 0);
	p = uk_palloc(r, 2);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT(IS_ALIGNED((__uptr)p, PAGE));
	UK_TEST_EXPECT((__uptr)p >= (__uptr)more &&
		       (__uptr)p + 2 * PAGE <= (__uptr)more + 4 * PAGE);
	UK_TEST_EXPECT_NOT_NULL(uk_malloc(r, 100));
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(r, more, 16), -EINVAL);
	drop(more, 4);
	drop(mem, 2);
}
