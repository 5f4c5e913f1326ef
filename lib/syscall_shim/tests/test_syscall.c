/* SPDX-License-Identifier: BSD-3-Clause */
/* syscall(2) and <sys/syscall.h>: Linux numbers through the table. */
#include <uk/test.h>
#include <uk/syscall.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <fcntl.h>
#include <string.h>
#include <errno.h>

UK_TESTCASE(syscall, numbers_are_linux_ones)
{
#if defined(__x86_64__)
	UK_TEST_EXPECT_SNUM_EQ(SYS_read, 0);
	UK_TEST_EXPECT_SNUM_EQ(SYS_getpid, 39);
	UK_TEST_EXPECT_SNUM_EQ(__NR_openat, 257);
#elif defined(__aarch64__)
	UK_TEST_EXPECT_SNUM_EQ(SYS_read, 63);
	UK_TEST_EXPECT_SNUM_EQ(SYS_getpid, 172);
	UK_TEST_EXPECT_SNUM_EQ(__NR_openat, 56);
#endif
	UK_TEST_EXPECT_STR_EQ(uk_syscall_name(SYS_gettid), "gettid");
	UK_TEST_EXPECT_STR_EQ(uk_syscall_name(SYS_clock_gettime),
			      "clock_gettime");
}

UK_TESTCASE(syscall, calls_the_implementing_library)
{
	char buf[8] = { 0 };
	long fd;

	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_getpid), getpid());
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_write, 1, "", 0), 0);
#ifdef CONFIG_LIBVFSCORE
	/* arguments in the C library's terms: its O_* flags */
	fd = syscall(SYS_openat, AT_FDCWD, "/sc_file",
		     O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_write, fd, "abc", 3), 3);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_pread64, fd, buf, sizeof(buf), 1),
			       2);
	UK_TEST_EXPECT_STR_EQ(buf, "bc");
	UK_TEST_EXPECT_ZERO(syscall(SYS_close, fd));
	UK_TEST_EXPECT_ZERO(unlink("/sc_file"));
#else
	(void)buf, (void)fd;
#endif
}

UK_TESTCASE(syscall, errors_set_errno)
{
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_close, 4000), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(99999), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
	/* the dispatcher's form: a negative errno, no errno */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r(SYS_close, 4000, 0, 0, 0, 0, 0),
			       -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(errno, 0);
}
