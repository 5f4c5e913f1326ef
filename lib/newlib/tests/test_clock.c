/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * clock() in microseconds (CLOCKS_PER_SEC 1000000, as on Linux), times()
 * in sysconf(_SC_CLK_TCK) ticks, and Linux's errno values and strerror
 * texts compiled into newlib (lib/newlib/patches); the predefined macros
 * an image is compiled with.
 */
#include <uk/test.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/times.h>
#include <wchar.h>

UK_TESTCASE(newlib, clock_counts_microseconds_times_counts_ticks)
{
	struct timespec nap = { 0, 30 * 1000 * 1000 }, res;
	clock_t c0, c1, t0, t1;

	UK_TEST_EXPECT_SNUM_EQ((long)CLOCKS_PER_SEC, 1000000);
	t0 = times(NULL);
	c0 = clock();
	nanosleep(&nap, NULL);
	c1 = clock();
	t1 = times(NULL);
	UK_TEST_EXPECT(c1 - c0 >= 29000);
	UK_TEST_EXPECT(t1 - t0 >= 2);
	UK_TEST_EXPECT(t1 - t0 < 1000); /* ticks, not microseconds */
	UK_TEST_ASSERT(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0);
	UK_TEST_EXPECT(res.tv_sec == 0 && res.tv_nsec <= 1000);
}

UK_TESTCASE(newlib, errno_values_and_texts_are_linux_and_glibc)
{
	char buf[8];
	mbstate_t st = { 0 };

	UK_TEST_EXPECT_SNUM_EQ(ENOSYS, 38);
	UK_TEST_EXPECT_SNUM_EQ(ENOTSUP, 95);
	UK_TEST_EXPECT_SNUM_EQ(EWOULDBLOCK, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(EHWPOISON, 133);
	UK_TEST_EXPECT_ZERO(strcmp(strerror(ENOSYS), "Function not implemented"));
	UK_TEST_EXPECT_ZERO(strcmp(strerror(EAGAIN),
				   "Resource temporarily unavailable"));
	UK_TEST_EXPECT_ZERO(strcmp(strerror(EPERM), "Operation not permitted"));
	UK_TEST_EXPECT_ZERO(strcmp(strerror(-5), "Unknown error -5"));
	UK_TEST_EXPECT_ZERO(strcmp(strerror(4096), "Unknown error 4096"));
	/* newlib's library code was compiled with the same values */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ((long)wcrtomb(buf, 0x1234, &st), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, 84); /* EILSEQ: newlib's was 138 */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(write(-1, "", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, 9); /* EBADF */
}

/* The image is a Unix but not Linux: #ifdef __linux__ code is left out. */
UK_TESTCASE(newlib, compiled_as_unix_not_linux)
{
	int linux_defined = 0, unix_defined = 0;

#if defined(__linux__) || defined(__linux) || defined(linux) ||               \
	defined(__gnu_linux__)
	linux_defined = 1;
#endif
#if defined(__unix__)
	unix_defined = 1;
#endif
	UK_TEST_EXPECT_ZERO(linux_defined);
	UK_TEST_EXPECT_SNUM_EQ(unix_defined, 1);
}
