/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <sys/mman.h>
#include <errno.h>
#include <stdint.h>

UK_TESTCASE(mmap, anonymous_zeroed_and_aligned)
{
	unsigned char *p = mmap(NULL, 10000, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1;

	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_EXPECT_ZERO((uintptr_t)p & 4095);
	for (int i = 0; i < 12288; i++)
		zero &= p[i] == 0;
	UK_TEST_EXPECT(zero);
	p[9999] = 1;
	UK_TEST_EXPECT_ZERO(munmap(p, 4096)); /* the first page */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msync(p, 4096, MS_SYNC), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	UK_TEST_EXPECT_SNUM_EQ(p[9999], 1);
	UK_TEST_EXPECT_ZERO(munmap(p, 10000)); /* the rest, and nothing */
}

UK_TESTCASE(mmap, what_is_not_supported_says_so)
{
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 0, 0),
			      MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENODEV);
	errno = 0;
	UK_TEST_EXPECT_PTR_EQ(mmap(NULL, 0, PROT_READ,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
			      MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}
