/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mode, owner and times set through descriptors and paths are what stat
 * shows afterwards (ramfs keeps them).
 */
#include <uk/test.h>
#include <fcntl.h>
#include <unistd.h>
#include <utime.h>
#include <errno.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/time.h>

#define PATH "/attr-test"

UK_TESTCASE(vfscore_attr, fchmod_and_fchown_show_in_stat)
{
	struct stat st;
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(fchmod(fd, 04751), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode, S_IFREG | 04751);
	UK_TEST_EXPECT_SNUM_EQ(fchown(fd, 1000, 100), 0);
	UK_TEST_ASSERT(fstat(fd, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 1000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_gid, 100);
	/* -1 keeps one of them */
	UK_TEST_EXPECT_SNUM_EQ(fchown(fd, (uid_t)-1, 7), 0);
	UK_TEST_ASSERT(fstat(fd, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 1000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_gid, 7);
	UK_TEST_EXPECT_SNUM_EQ(chown(PATH, 0, 0), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_gid, 0);
	/* lchown changes the link, not its target */
	UK_TEST_ASSERT(symlink(PATH, "/attr-link") == 0);
	UK_TEST_EXPECT_SNUM_EQ(lchown("/attr-link", 5, 5), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 0);
	UK_TEST_ASSERT(lstat("/attr-link", &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 5);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(fchmod(-1, 0644), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(fchown(999, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	close(fd);
	unlink("/attr-link");
	unlink(PATH);
}

UK_TESTCASE(vfscore_attr, times_set_by_each_call_show_in_stat)
{
	struct timespec ts[2] = { { 1000000000, 123456789 },
				  { 1100000000, 5 } };
	struct timeval tv[2] = { { 1200000000, 250000 }, { 1300000000, 1 } };
	struct utimbuf ub = { 1400000000, 1500000000 };
	struct stat st;
	time_t before = time(NULL);
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(futimens(fd, ts), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1000000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_nsec, 123456789);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_sec, 1100000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_nsec, 5);
	UK_TEST_EXPECT(st.st_ctim.tv_sec >= before); /* the change: now */
	/* UTIME_OMIT keeps one, UTIME_NOW sets it to now */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	UK_TEST_EXPECT_SNUM_EQ(utimensat(AT_FDCWD, PATH, ts, 0), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1000000000);
	UK_TEST_EXPECT(st.st_mtim.tv_sec >= before);
	UK_TEST_EXPECT_SNUM_EQ(utimes(PATH, tv), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1200000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_nsec, 250000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_sec, 1300000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_nsec, 1000);
	UK_TEST_EXPECT_SNUM_EQ(utime(PATH, &ub), 0);
	UK_TEST_ASSERT(fstat(fd, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1400000000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_sec, 1500000000);
	UK_TEST_EXPECT_SNUM_EQ(futimes(fd, tv), 0);
	UK_TEST_ASSERT(fstat(fd, &st) == 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_sec, 1300000000);
	/* NULL: both now */
	UK_TEST_EXPECT_SNUM_EQ(utimes(PATH, NULL), 0);
	UK_TEST_ASSERT(stat(PATH, &st) == 0);
	UK_TEST_EXPECT(st.st_atim.tv_sec >= before);
	UK_TEST_EXPECT(st.st_mtim.tv_sec >= before);
	/* errors */
	ts[0].tv_nsec = 1000000000;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(futimens(fd, ts), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	tv[0].tv_usec = 1000000;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(utimes(PATH, tv), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(utimensat(AT_FDCWD, "/attr-none", NULL, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(utimensat(AT_FDCWD, PATH, NULL, 0x4000), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	close(fd);
	unlink(PATH);
}
