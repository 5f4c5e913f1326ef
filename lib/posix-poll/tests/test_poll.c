/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <poll.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/select.h>
#include <sys/time.h>

UK_TESTCASE(poll, files_are_ready_bad_fds_are_nval)
{
	int fd = open("/dev/null", O_RDWR);
	struct pollfd p[3] = {
		{ .fd = fd, .events = POLLIN | POLLOUT },
		{ .fd = 4000, .events = POLLIN },
		{ .fd = -1, .events = POLLIN },
	};

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 3, 1000), 2);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLIN | POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(p[1].revents, POLLNVAL);
	UK_TEST_EXPECT_ZERO(p[2].revents);
	close(fd);
}

UK_TESTCASE(poll, select_reports_and_times_out)
{
	int fd = open("/dev/zero", O_RDONLY);
	struct timeval tv = { 0, 1000 };
	fd_set rd;

	UK_TEST_ASSERT(fd >= 0);
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 1, &rd, NULL, NULL, &tv), 1);
	UK_TEST_EXPECT(FD_ISSET(fd, &rd));
	/* nothing asked for: the timeout passes */
	UK_TEST_EXPECT_SNUM_EQ(select(0, NULL, NULL, NULL, &tv), 0);
	close(fd);
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 1, &rd, NULL, NULL, &tv), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
}
