/* SPDX-License-Identifier: BSD-3-Clause */
/* mremap of anonymous mappings: grow, shrink, move; contents kept. */
#include <uk/test.h>
#include <sys/mman.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>

static unsigned char *map(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int all(const unsigned char *p, size_t from, size_t to, int v)
{
	for (size_t i = from; i < to; i++) {
		if (p[i] != v)
			return 0;
	}
	return 1;
}

UK_TESTCASE(mremap, grow_moves_only_when_allowed_and_keeps_contents)
{
	unsigned char *p = map(8192), *q;

	UK_TEST_ASSERT(p != MAP_FAILED);
	memset(p, 0xab, 8192);
	/* no room where it is, and not allowed to move */
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(p, 8192, 65536, 0), MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	UK_TEST_EXPECT(all(p, 0, 8192, 0xab));
	q = mremap(p, 8192, 65536, MREMAP_MAYMOVE);
	UK_TEST_ASSERT(q != MAP_FAILED);
	UK_TEST_EXPECT_ZERO((uintptr_t)q & 4095);
	UK_TEST_EXPECT(all(q, 0, 8192, 0xab));
	UK_TEST_EXPECT(all(q, 8192, 65536, 0)); /* new pages are zero */
	q[65535] = 1;
	/* the old address is no mapping any more */
	if (q != p) {
		errno = 0;
		UK_TEST_EXPECT_PTR_EQ(mremap(p, 8192, 4096, 0), MAP_FAILED);
		UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	}
	UK_TEST_EXPECT_SNUM_EQ(munmap(q, 65536), 0);
}

UK_TESTCASE(mremap, shrink_in_place_then_grow_back_zeroed)
{
	unsigned char *p = map(16384), *q;

	UK_TEST_ASSERT(p != MAP_FAILED);
	memset(p, 0x5a, 16384);
	q = mremap(p, 16384, 4000, 0); /* rounds to one page */
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT(all(p, 0, 4096, 0x5a));
	/* the mapping is one page now: nothing is mapped after it */
	UK_TEST_EXPECT_ZERO(munmap(p + 4096, 12288));
	UK_TEST_EXPECT_ZERO(msync(p, 4096, MS_SYNC));
	/* growing back within the block stays, and what returns is zero */
	q = mremap(p, 4096, 12288, 0);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT(all(p, 0, 4096, 0x5a));
	UK_TEST_EXPECT(all(p, 4096, 12288, 0));
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 12288), 0);
}

UK_TESTCASE(mremap, bad_arguments)
{
	unsigned char *p = map(4096);
	int x;

	UK_TEST_ASSERT(p != MAP_FAILED);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(p + 1, 4096, 8192, MREMAP_MAYMOVE),
			      MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(p, 4096, 0, MREMAP_MAYMOVE), MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(p, 4096, 8192,
				     MREMAP_MAYMOVE | MREMAP_FIXED, &x),
			      MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(p, 8192, 16384, MREMAP_MAYMOVE),
			      MAP_FAILED); /* not the mapping's length */
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mremap(&x, 4096, 8192, MREMAP_MAYMOVE),
			      MAP_FAILED);
	UK_TEST_EXPECT(errno == EINVAL || errno == EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 4096), 0);
}
