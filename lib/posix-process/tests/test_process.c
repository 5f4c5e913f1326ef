/* SPDX-License-Identifier: BSD-3-Clause */
/* The one process: ids, sysconf, resource limits. */
#include <uk/test.h>
#include <unistd.h>
#include <errno.h>
#include <sys/resource.h>

UK_TESTCASE(process, ids)
{
	UK_TEST_EXPECT_SNUM_EQ(getpid(), 1);
	UK_TEST_EXPECT_SNUM_EQ(getppid(), 0);
}

UK_TESTCASE(process, sysconf_values)
{
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_PAGESIZE), 4096);
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_CLK_TCK), 100);
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
	UK_TEST_EXPECT(sysconf(_SC_HOST_NAME_MAX) >= 64);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sysconf(-1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(process, getrlimit_and_setrlimit)
{
	struct rlimit rl, lower;

	UK_TEST_ASSERT(getrlimit(RLIMIT_STACK, &rl) == 0);
	UK_TEST_EXPECT(rl.rlim_cur > 0);
	UK_TEST_ASSERT(getrlimit(RLIMIT_CORE, &rl) == 0);
	UK_TEST_EXPECT_UNUM_EQ(rl.rlim_max, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(-1, &rl), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* above the hard limit: EPERM; soft above hard: EINVAL */
	UK_TEST_ASSERT(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	lower = rl;
	lower.rlim_max = rl.rlim_max + 1;
	lower.rlim_cur = rl.rlim_max + 1;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &lower), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	lower = rl;
	lower.rlim_cur = rl.rlim_max + 1;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &lower), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(setrlimit(RLIMIT_NOFILE, &rl));
}

/* RLIMIT_NOFILE, sysconf(_SC_OPEN_MAX) and the fd table say the same. */
UK_TESTCASE(process, open_max_is_the_fd_table_size)
{
	struct rlimit rl;
	long max;

	UK_TEST_ASSERT(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	max = (long)rl.rlim_cur;
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_OPEN_MAX), max);
#ifdef CONFIG_LIBPOSIX_FDTAB_MAX
	UK_TEST_EXPECT_SNUM_EQ(max, CONFIG_LIBPOSIX_FDTAB_MAX);
	/* the highest descriptor below the limit works, the limit does not */
	UK_TEST_EXPECT_SNUM_EQ(dup2(1, (int)max - 1), max - 1);
	UK_TEST_EXPECT_ZERO(close((int)max - 1));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(dup2(1, (int)max), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
#endif
}
