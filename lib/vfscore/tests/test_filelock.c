/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File locks: fcntl record locks (one process: they never conflict, but
 * split, merge and go with any close of the file) and flock locks (per
 * open file: they conflict between two open()s of one file).
 */
#include <uk/test.h>
#include <uk/vfs.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>
#include <sys/file.h>
#include <stdio.h>
#ifdef CONFIG_HAVE_SCHED
#include <uk/thread.h>
#endif

#define PATH "/filelock-test"

static int setlk(int fd, int cmd, int type, int whence, off_t start, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = whence;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, cmd, &fl);
}

/* The record locks of fd as "type:start-end " words (W, R; end -1: EOF). */
static const char *ranges(int fd)
{
	static char buf[256];
	struct vfs_reclock l[8];
	int n = vfs_reclock_list(fd, l, 8);
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < n && i < 8; i++) {
		long end = l[i].end == VFS_OFF_MAX ? -1 : (long)l[i].end;

		used += snprintf(buf + used, sizeof(buf) - used, "%c:%ld-%ld ",
				 l[i].type == F_WRLCK ? 'W' : 'R',
				 (long)l[i].start, end);
	}
	return buf;
}

UK_TESTCASE(vfscore_filelock, record_locks_split_and_merge)
{
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0-99 ");
	/* a read lock in the middle splits the write lock in three */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0-9 R:10-19 W:20-99 ");
	/* unlocking the tail leaves the rest */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 20, 80),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0-9 R:10-19 ");
	/* the same type next to a range merges with it */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0-19 ");
	/* len 0: to the end of the file, however far it grows */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_RDLCK, SEEK_SET, 50, 0),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0-19 R:50--1 ");
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 0),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "W:0--1 ");
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0), 0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "");
	/* a negative length covers the bytes before start */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, -5),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "R:5-9 ");
	/* SEEK_CUR and SEEK_END count from the position and the size */
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "0123456789abcdef", 16), 16);
	UK_TEST_EXPECT_SNUM_EQ(lseek(fd, 12, SEEK_SET), 12);
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 1, 2), 0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "R:5-9 W:13-14 ");
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_END, -4, 2), 0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "R:5-9 W:12-14 ");
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_END, -20, 2),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* an unlock inside a range leaves two */
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 6, 2), 0);
	UK_TEST_EXPECT_STR_EQ(ranges(fd), "R:5-5 R:8-9 W:12-14 ");
	close(fd);
	unlink(PATH);
}

UK_TESTCASE(vfscore_filelock, getlk_sees_no_conflict_and_checks_arguments)
{
	int a = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int b = open(PATH, O_RDWR);
	int ro = open(PATH, O_RDONLY);
	int wo = open(PATH, O_WRONLY);
	struct flock fl;

	UK_TEST_ASSERT(a >= 0 && b >= 0 && ro >= 0 && wo >= 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_WRLCK, SEEK_SET, 0, 10), 0);
	/* our own process holds it: no conflict, the rest left as it was */
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 5;
	fl.l_len = 3;
	UK_TEST_EXPECT_SNUM_EQ(fcntl(b, F_GETLK, &fl), 0);
	UK_TEST_EXPECT_SNUM_EQ(fl.l_type, F_UNLCK);
	UK_TEST_EXPECT_SNUM_EQ(fl.l_start, 5);
	UK_TEST_EXPECT_SNUM_EQ(fl.l_len, 3);
	/* and F_SETLK/F_SETLKW through another descriptor take it over */
	UK_TEST_EXPECT_SNUM_EQ(setlk(b, F_SETLK, F_WRLCK, SEEK_SET, 0, 10), 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(b, F_SETLKW, F_RDLCK, SEEK_SET, 0, 10),
			       0);
	UK_TEST_EXPECT_STR_EQ(ranges(a), "R:0-9 ");
	/* errors */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, 77, SEEK_SET, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_GETLK, F_UNLCK, SEEK_SET, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_RDLCK, 9, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_RDLCK, SEEK_SET, -1, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_RDLCK, SEEK_SET,
				     -VFS_OFF_MAX - 1, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_RDLCK, SEEK_SET, 4, -5), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_RDLCK, SEEK_SET, 2,
				     VFS_OFF_MAX), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EOVERFLOW);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setlk(-1, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_STR_EQ(ranges(a), "R:0-9 ");
	close(wo);
	close(ro);
	close(b);
	close(a);
	unlink(PATH);
}

UK_TESTCASE(vfscore_filelock, closing_any_descriptor_drops_record_locks)
{
	int a = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int b = open(PATH, O_RDONLY);
	int other = open("/filelock-other", O_RDWR | O_CREAT, 0644);
	int d;

	UK_TEST_ASSERT(a >= 0 && b >= 0 && other >= 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_WRLCK, SEEK_SET, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(other, F_SETLK, F_WRLCK, SEEK_SET, 0, 1),
			       0);
	/* a dup closed: still the process's file closed, as POSIX says */
	d = dup(a);
	UK_TEST_ASSERT(d >= 0);
	UK_TEST_EXPECT_SNUM_EQ(close(d), 0);
	UK_TEST_EXPECT_STR_EQ(ranges(a), "");
	UK_TEST_EXPECT_SNUM_EQ(setlk(a, F_SETLK, F_WRLCK, SEEK_SET, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(close(b), 0); /* another open file of it */
	UK_TEST_EXPECT_STR_EQ(ranges(a), "");
	/* another file's locks stay */
	UK_TEST_EXPECT_STR_EQ(ranges(other), "W:0-0 ");
	close(other);
	close(a);
	unlink("/filelock-other");
	unlink(PATH);
}

UK_TESTCASE(vfscore_filelock, flock_conflicts_between_open_files)
{
	int a = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int b = open(PATH, O_RDONLY);
	int c = open(PATH, O_RDONLY);
	int d;

	UK_TEST_ASSERT(a >= 0 && b >= 0 && c >= 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_EX), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(b, LOCK_EX | LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EWOULDBLOCK);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(b, LOCK_SH | LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EWOULDBLOCK);
	/* a dup is the same open file: no conflict, and it may unlock */
	d = dup(a);
	UK_TEST_EXPECT_SNUM_EQ(flock(d, LOCK_EX | LOCK_NB), 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(d, LOCK_UN), 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(b, LOCK_SH | LOCK_NB), 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(c, LOCK_SH | LOCK_NB), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_EX | LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EWOULDBLOCK);
	/* closing the last descriptor of an open file drops its lock */
	UK_TEST_EXPECT_SNUM_EQ(close(b), 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(c, LOCK_EX | LOCK_NB), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_SH | LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EWOULDBLOCK);
	/* but closing one of two descriptors does not */
	b = dup(c);
	UK_TEST_EXPECT_SNUM_EQ(close(c), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_SH | LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EWOULDBLOCK);
	UK_TEST_EXPECT_SNUM_EQ(close(b), 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_SH | LOCK_NB), 0);
	/* errors */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(a, LOCK_NB), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(flock(-1, LOCK_SH), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	close(d);
	close(a);
	unlink(PATH);
}

#ifdef CONFIG_HAVE_SCHED
static volatile int got_lock;

static void *take_flock(void *arg)
{
	int fd = open(PATH, O_RDONLY);

	(void)arg;
	if (fd < 0)
		return NULL;
	if (flock(fd, LOCK_EX) == 0)
		got_lock = 1;
	/* F_SETLKW of what the other thread holds: same process, no wait */
	if (setlk(fd, F_SETLKW, F_RDLCK, SEEK_SET, 0, 0) == 0)
		got_lock++;
	close(fd);
	return NULL;
}
#endif

UK_TESTCASE(vfscore_filelock, flock_waits_until_the_holder_unlocks)
{
#ifdef CONFIG_HAVE_SCHED
	struct uk_thread *t;
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(fd, LOCK_EX), 0);
	UK_TEST_EXPECT_SNUM_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0), 0);
	got_lock = 0;
	UK_TEST_ASSERT(uk_thread_create(&t, "flocker", NULL, take_flock,
					NULL) == 0);
	usleep(20000); /* the thread runs and must be waiting */
	UK_TEST_EXPECT_SNUM_EQ(got_lock, 0);
	UK_TEST_EXPECT_SNUM_EQ(flock(fd, LOCK_UN), 0);
	uk_thread_join(t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(got_lock, 2);
	close(fd);
	unlink(PATH);
#else
	UK_TEST_SKIP("no scheduler: a second thread cannot exist");
#endif
}
