/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

UK_TESTCASE(devfs, null_zero_full)
{
	char buf[16];
	int fd;

	fd = open("/dev/null", O_RDWR);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "abc", 3), 3);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 0);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 0x55, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 16);
	for (int i = 0; i < 16; i++)
		UK_TEST_EXPECT_ZERO(buf[i]);
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "x", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSPC);
	close(fd);
	/* shell-style "> /dev/null" truncates */
	fd = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	UK_TEST_EXPECT(fd >= 0);
	close(fd);
}

UK_TESTCASE(devfs, urandom_varies)
{
	unsigned char a[32], b[32];
	int fd = open("/dev/urandom", O_RDONLY);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, a, sizeof(a)), 32);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, b, sizeof(b)), 32);
	UK_TEST_EXPECT(memcmp(a, b, sizeof(a)) != 0);
	close(fd);
}

UK_TESTCASE(devfs, is_read_only_and_typed)
{
	struct stat st;

	UK_TEST_EXPECT_ZERO(stat("/dev/console", &st));
	UK_TEST_EXPECT(S_ISCHR(st.st_mode));
	UK_TEST_EXPECT_ZERO(stat("/dev", &st));
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(unlink("/dev/null"), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EROFS);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(open("/dev/newfile", O_CREAT | O_WRONLY, 0644), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EROFS);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(open("/dev/nosuch", O_RDONLY), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
}
