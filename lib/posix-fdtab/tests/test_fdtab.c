/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/file.h>
#include <uk/plat/console.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define EXPECT_ERR(call, e)                                                    \
	do {                                                                   \
		errno = 0;                                                     \
		UK_TEST_EXPECT_SNUM_EQ((long)(call), -1);                      \
		UK_TEST_EXPECT_SNUM_EQ(errno, e);                              \
	} while (0)

UK_TESTCASE(fdtab, console_on_0_1_2)
{
	struct stat st;

	/* a terminal is a character device, anything else a stream */
	for (int fd = 0; fd < 3; fd++) {
		UK_TEST_EXPECT_ZERO(fstat(fd, &st));
		UK_TEST_EXPECT_SNUM_EQ(!!S_ISCHR(st.st_mode), isatty(fd));
		UK_TEST_EXPECT(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
	}
	UK_TEST_EXPECT_SNUM_EQ(write(1, "", 0), 0);
	EXPECT_ERR(lseek(1, 0, SEEK_SET), ESPIPE);
}

UK_TESTCASE(fdtab, bad_descriptors)
{
	char c;
	struct stat st;

	EXPECT_ERR(read(-1, &c, 1), EBADF);
	EXPECT_ERR(write(4000, &c, 1), EBADF);
	EXPECT_ERR(close(CONFIG_LIBPOSIX_FDTAB_MAX - 1), EBADF);
	EXPECT_ERR(fstat(-5, &st), EBADF);
	EXPECT_ERR(dup(12345), EBADF);
	EXPECT_ERR(dup2(12345, 5), EBADF);
	EXPECT_ERR(fcntl(12345, F_GETFL), EBADF);
	EXPECT_ERR(lseek(12345, 0, SEEK_SET), EBADF);
	EXPECT_ERR(isatty(12345) ? 0 : -1, EBADF);
}

UK_TESTCASE(fdtab, lowest_free_dup_and_close)
{
	int before = uk_fdtab_count();
	int a, b, c;

	a = dup(1);
	b = dup(1);
	UK_TEST_EXPECT(a >= 3 && b == a + 1);
	UK_TEST_EXPECT_ZERO(close(a));
	c = dup(1);
	UK_TEST_EXPECT_SNUM_EQ(c, a); /* lowest free one */
	UK_TEST_EXPECT_SNUM_EQ(dup2(1, b), b); /* onto an open fd */
	UK_TEST_EXPECT_SNUM_EQ(dup2(b, b), b);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(1, F_DUPFD, 40), 40);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(40, F_GETFD), 0);
	UK_TEST_EXPECT_ZERO(fcntl(40, F_SETFD, FD_CLOEXEC));
	UK_TEST_EXPECT_SNUM_EQ(fcntl(40, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(40, F_GETFL) & O_ACCMODE, O_RDWR);
	close(40);
	close(b);
	close(c);
	UK_TEST_EXPECT_SNUM_EQ(uk_fdtab_count(), before);
}

UK_TESTCASE(fdtab, table_full_is_emfile)
{
	int n = 0, fd, last = -1;

	while ((fd = dup(1)) >= 0) {
		last = fd;
		n++;
	}
	UK_TEST_EXPECT_SNUM_EQ(errno, EMFILE);
	UK_TEST_EXPECT_SNUM_EQ(last, CONFIG_LIBPOSIX_FDTAB_MAX - 1);
	for (fd = 3; fd <= last; fd++)
		close(fd);
	UK_TEST_EXPECT(n > 0);
}

UK_TESTCASE(fdtab, writev_to_a_file)
{
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	char buf[8] = { 0 };
	int fd = open("/ft_v", O_RDWR | O_CREAT | O_TRUNC, 0644);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(writev(fd, iov, 2), 5);
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, sizeof(buf), 0), 5);
	UK_TEST_EXPECT_STR_EQ(buf, "abcde");
	close(fd);
	unlink("/ft_v");
}

UK_TESTCASE(fdtab, isatty_only_for_the_console)
{
	int fd;

	/*
	 * fd 0 is the console's input side, 1 and 2 its output side; each
	 * is a terminal when the platform says so (on linuxu the host's
	 * stdin and stdout; suite_conformance runs them on a pipe and a
	 * pseudo terminal), always on kvm (a serial line).
	 */
	UK_TEST_EXPECT_SNUM_EQ(isatty(0),
			       ukplat_console_is_terminal(UKPLAT_CONSOLE_IN));
	UK_TEST_EXPECT_SNUM_EQ(isatty(1),
			       ukplat_console_is_terminal(UKPLAT_CONSOLE_OUT));
	UK_TEST_EXPECT_SNUM_EQ(isatty(2), isatty(1));
#ifdef CONFIG_PLAT_KVM
	UK_TEST_EXPECT_SNUM_EQ(isatty(0), 1);
	UK_TEST_EXPECT_SNUM_EQ(isatty(1), 1);
#endif
	fd = dup(0);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(isatty(fd), isatty(0));
	close(fd);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) { /* with devfs on /dev */
		UK_TEST_EXPECT_SNUM_EQ(isatty(fd), 1);
		close(fd);
	}
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		errno = 0;
		UK_TEST_EXPECT_SNUM_EQ(isatty(fd), 0);
		UK_TEST_EXPECT_SNUM_EQ(errno, ENOTTY);
		close(fd);
	}
	fd = open("/fdtab_tty", O_CREAT | O_RDWR, 0644);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(isatty(fd), 0);
	close(fd);
	unlink("/fdtab_tty");
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(isatty(99), 0);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
}

#ifdef CONFIG_HAVE_SCHED
#include <uk/thread.h>
#include <uk/sched.h>
#include <stdio.h>
#include <string.h>

#define APPENDERS 4
#define RECORDS 1000
#define RECLEN 256

static int shared_fd;
static volatile int churn_errors;

/*
 * Appends RECORDS records "A<thread>-<number>" of RECLEN bytes through the
 * one shared O_APPEND descriptor, while opening, dup'ing and closing
 * descriptors of its own between them (the table changes under the
 * others' feet).
 */
static void *appender(void *arg)
{
	long id = (long)arg;
	char rec[RECLEN + 1];

	for (int i = 0; i < RECORDS; i++) {
		int fd = dup(shared_fd), fd2;

		memset(rec, '.', RECLEN);
		snprintf(rec, 12, "A%c-%08u", (char)('0' + id),
			 (unsigned int)i % 100000000u);
		rec[11] = '.';
		rec[RECLEN - 1] = '\n';
		if (write(fd < 0 ? shared_fd : fd, rec, RECLEN) != RECLEN)
			churn_errors++;
		fd2 = dup(fd);
		if (fd < 0 || fd2 < 0 || close(fd) || close(fd2))
			churn_errors++;
	}
	return NULL;
}

UK_TESTCASE(fdtab, threads_appending_and_churning_lose_nothing)
{
	struct uk_thread *t[APPENDERS];
	static int seen[APPENDERS][RECORDS];
	int before = uk_fdtab_count(), fd, bad = 0;
	char rec[RECLEN];
	struct stat st;

	churn_errors = 0;
	memset(seen, 0, sizeof(seen));
	shared_fd = open("/fdtab_append", O_CREAT | O_TRUNC | O_WRONLY | O_APPEND,
			 0644);
	UK_TEST_ASSERT(shared_fd >= 0);
	for (long i = 0; i < APPENDERS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "appender", NULL,
							appender, (void *)i), 0);
	for (int i = 0; i < APPENDERS; i++)
		uk_thread_join(t[i], NULL);
	UK_TEST_EXPECT_ZERO(churn_errors);
	UK_TEST_EXPECT_ZERO(close(shared_fd));
	UK_TEST_EXPECT_SNUM_EQ(uk_fdtab_count(), before); /* nothing leaked */
	UK_TEST_ASSERT_SNUM_EQ(stat("/fdtab_append", &st), 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, APPENDERS * RECORDS * RECLEN);
	fd = open("/fdtab_append", O_RDONLY);
	UK_TEST_ASSERT(fd >= 0);
	while (read(fd, rec, RECLEN) == RECLEN) {
		int id = rec[1] - '0', n = 0;

		for (int k = 3; k < 11; k++)
			n = n * 10 + (rec[k] - '0');
		if (rec[0] != 'A' || rec[2] != '-' || id < 0 ||
		    id >= APPENDERS || n < 0 || n >= RECORDS ||
		    rec[11] != '.' || rec[RECLEN - 1] != '\n' || seen[id][n]++)
			bad++;
	}
	close(fd);
	unlink("/fdtab_append");
	UK_TEST_EXPECT_ZERO(bad); /* no garbled, overwritten or doubled record */
	for (int i = 0; i < APPENDERS; i++)
		for (int n = 0; n < RECORDS; n++)
			bad += !seen[i][n];
	UK_TEST_EXPECT_ZERO(bad); /* none missing */
}
#endif
