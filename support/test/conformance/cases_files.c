/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Files and directories, fcntl, dup and pipes. Paths are relative: the
 * unikernel runs in /, the native build in a fresh directory.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include "conformance.h"

#define DIR_ "conf-files"

static void files_create_read_write_seek(void)
{
	char buf[32];
	struct stat st;
	int fd;

	mkdir(DIR_, 0755);
	unlink(DIR_ "/a");
	CHECK_ERRNO(open(DIR_ "/a", O_RDONLY), ENOENT);
	fd = open(DIR_ "/a", O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 0);
	CHECK_ERRNO(open(DIR_ "/a", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
	CHECK_EQ(write(fd, "hello, world", 12), 12);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);
	CHECK_EQ(lseek(fd, 7, SEEK_SET), 7);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "world", 5));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(pwrite(fd, "J", 1, 0), 1);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12); /* pread/pwrite keep it */
	CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_EQ(lseek(fd, 100, SEEK_SET), 100); /* past the end is allowed */
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 12);
	CHECK_OK(ftruncate(fd, 5));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 5);
	CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
	CHECK_OK(close(fd));
	CHECK_ERRNO(close(fd), EBADF);
	fd = open(DIR_ "/a", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERRNO(write(fd, "x", 1), EBADF);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "Jello", 5));
	CHECK_OK(close(fd));
	fd = open(DIR_ "/a", O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	CHECK_ERRNO(read(fd, buf, 1), EBADF);
	CHECK_OK(lseek(fd, 0, SEEK_SET));
	CHECK_EQ(write(fd, "!", 1), 1);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 6);
	CHECK_OK(close(fd));
	fd = open(DIR_ "/a", O_RDWR | O_TRUNC);
	CHECK(fd >= 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(DIR_ "/a"));
	CHECK_ERRNO(stat(DIR_ "/a", &st), ENOENT);
	CHECK_ERRNO(unlink(DIR_ "/a"), ENOENT);
	CHECK_ERRNO(read(-1, buf, 1), EBADF);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void directories(void)
{
	char *names[8], buf[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int n = 0, fd;

	mkdir(DIR_, 0755);
	CHECK_OK(mkdir(DIR_ "/d", 0755));
	CHECK_ERRNO(mkdir(DIR_ "/d", 0755), EEXIST);
	CHECK_ERRNO(mkdir(DIR_ "/no/such", 0755), ENOENT);
	fd = open(DIR_ "/d/f1", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	CHECK_OK(close(fd));
	CHECK_ERRNO(open(DIR_ "/d/f1/x", O_RDONLY), ENOTDIR);
	CHECK_ERRNO(open(DIR_ "/d", O_WRONLY), EISDIR);
	CHECK_ERRNO(rmdir(DIR_ "/d"), ENOTEMPTY);
	CHECK_OK(rename(DIR_ "/d/f1", DIR_ "/d/f2"));
	CHECK_OK(link(DIR_ "/d/f2", DIR_ "/d/f3"));
	CHECK_OK(symlink("f2", DIR_ "/d/s"));
	CHECK_EQ(readlink(DIR_ "/d/s", buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "f2", 2));
	CHECK_OK(lstat(DIR_ "/d/s", &st));
	CHECK(S_ISLNK(st.st_mode));
	CHECK_OK(stat(DIR_ "/d/s", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_nlink, 2);
	d = opendir(DIR_ "/d");
	CHECK(d != NULL);
	while ((e = readdir(d)) && n < 8) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	}
	CHECK_OK(closedir(d));
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	CHECK_EQ(n, 3);
	CHECK(!strcmp(names[0], "f2") && !strcmp(names[1], "f3") &&
	      !strcmp(names[2], "s"));
	for (int i = 0; i < n; i++)
		free(names[i]);
	CHECK_ERRNO(access(DIR_ "/d/none", F_OK), ENOENT);
	CHECK_OK(access(DIR_ "/d/f2", F_OK));
	CHECK_OK(chdir(DIR_ "/d"));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK(strlen(buf) >= 2 && !strcmp(buf + strlen(buf) - 2, "/d"));
	CHECK_OK(chdir("../.."));
	CHECK_OK(unlink(DIR_ "/d/f2"));
	CHECK_OK(unlink(DIR_ "/d/f3"));
	CHECK_OK(unlink(DIR_ "/d/s"));
	CHECK_OK(rmdir(DIR_ "/d"));
	CHECK_ERRNO(rmdir(DIR_ "/d"), ENOENT);
}

static void fcntl_flags_and_dupfd(void)
{
	struct flock fl = { 0 };
	int fd, fd2;

	mkdir(DIR_, 0755);
	fd = open(DIR_ "/c", O_CREAT | O_RDWR | O_APPEND, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND),
		 O_RDWR | O_APPEND);
	CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK),
		 O_RDWR | O_NONBLOCK);
	fd2 = fcntl(fd, F_DUPFD, 20);
	CHECK(fd2 >= 20);
	CHECK_EQ(fcntl(fd2, F_GETFD), 0); /* F_DUPFD clears FD_CLOEXEC */
	CHECK_OK(close(fd2));
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	CHECK(fd2 >= 0);
	CHECK_EQ(fcntl(fd2, F_GETFD), FD_CLOEXEC);
	CHECK_OK(close(fd2));
	CHECK_ERRNO(fcntl(-1, F_GETFL), EBADF);
	CHECK_ERRNO(fcntl(fd, 12345), EINVAL);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	fl.l_type = F_WRLCK;
	CHECK_OK(fcntl(fd, F_GETLK, &fl));
	CHECK_EQ(fl.l_type, F_UNLCK); /* one's own locks never conflict */
	fl.l_type = F_UNLCK;
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	fl.l_type = 12345;
	CHECK_ERRNO(fcntl(fd, F_SETLK, &fl), EINVAL);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(DIR_ "/c"));
}

static void dup_and_pipes(void)
{
	int p[2], fd, fd2;
	char buf[8];
	struct pollfd pf;

	CHECK_OK(pipe(p));
	fd = dup(p[1]);
	CHECK(fd > p[1] || fd > p[0]);
	CHECK_EQ(dup2(fd, fd), fd);
	CHECK_ERRNO(dup2(-1, 30), EBADF);
	CHECK_ERRNO(dup2(fd, -1), EBADF);
	CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
	fd2 = dup2(fd, 40);
	CHECK_EQ(fd2, 40);
	CHECK_EQ(write(fd2, "ab", 2), 2);
	CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
	pf.fd = p[0];
	pf.events = POLLIN;
	CHECK_EQ(poll(&pf, 1, 0), 1);
	CHECK(pf.revents & POLLIN);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "ab", 2));
	CHECK_EQ(poll(&pf, 1, 0), 0);
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERRNO(read(p[0], buf, 1), EAGAIN);
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
	CHECK_OK(close(p[1]));
	CHECK_EQ(read(p[0], buf, 1), 0); /* every writer gone: end of file */
	CHECK_OK(close(p[0]));
	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	CHECK_ERRNO(write(p[1], "x", 1), EPIPE); /* SIGPIPE ignored */
	CHECK_OK(close(p[1]));
}

static void open_flags_and_path_errors(void)
{
	char buf[300];
	struct stat st;
	int fd, fd2;

	mkdir(DIR_, 0755);
	fd = open(DIR_ "/o", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_OK(close(fd));
	CHECK_ERRNO(open(DIR_ "/o", O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = open(DIR_, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERRNO(read(fd, buf, 1), EISDIR);
	CHECK_OK(close(fd));
	CHECK_OK(symlink("o", DIR_ "/l"));
	CHECK_ERRNO(open(DIR_ "/l", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERRNO(symlink("o", DIR_ "/l"), EEXIST);
	CHECK_ERRNO(link(DIR_ "/none", DIR_ "/x"), ENOENT);
	CHECK_ERRNO(rename(DIR_ "/none", DIR_ "/x"), ENOENT);
	CHECK_ERRNO(readlink(DIR_ "/o", buf, sizeof(buf)), EINVAL);
	CHECK_ERRNO(rmdir(DIR_ "/o"), ENOTDIR);
	CHECK_ERRNO(mkdir(DIR_ "/o/d", 0755), ENOTDIR);
	CHECK_ERRNO(open("", O_RDONLY), ENOENT);
	memset(buf, 'n', 299);
	buf[299] = 0;
	CHECK_ERRNO(open(buf, O_RDONLY), ENAMETOOLONG);
	CHECK_OK(mkdir(DIR_ "/sub", 0755));
	CHECK_ERRNO(rename(DIR_ "/sub", DIR_ "/o"), ENOTDIR);
	CHECK_ERRNO(rename(DIR_ "/o", DIR_ "/sub"), EISDIR);
	CHECK_ERRNO(rename(DIR_, DIR_ "/sub/x"), EINVAL); /* into itself */
	fd = open(DIR_ "/o", O_RDWR);
	CHECK(fd >= 0);
	CHECK_OK(unlink(DIR_ "/o")); /* open and unlinked: still usable */
	CHECK_EQ(write(fd, "gone", 4), 4);
	CHECK_EQ(pread(fd, buf, 4, 0), 4);
	CHECK(!memcmp(buf, "gone", 4));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	fd2 = open(DIR_ "/o", O_RDONLY);
	CHECK_EQ(fd2, -1);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(DIR_ "/l"));
	CHECK_OK(rmdir(DIR_ "/sub"));
	CHECK_OK(rmdir(DIR_));
}

static void truncate_and_times(void)
{
	struct stat st;
	int fd;

	mkdir(DIR_, 0755);
	fd = open(DIR_ "/t", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_OK(truncate(DIR_ "/t", 4));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 4);
	CHECK_OK(ftruncate(fd, 8192)); /* grows with zeros */
	{
		char c = 1;

		CHECK_EQ(pread(fd, &c, 1, 5000), 1);
		CHECK_EQ(c, 0);
	}
	CHECK_ERRNO(truncate(DIR_ "/none", 0), ENOENT);
	CHECK_ERRNO(truncate(DIR_, 0), EISDIR);
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	CHECK_OK(close(fd));
	CHECK_ERRNO(fsync(fd), EBADF);
	CHECK_OK(unlink(DIR_ "/t"));
}

const struct conf_case conf_files[] = {
	{ "file.create_read_write_seek", files_create_read_write_seek, 0 },
	{ "file.directories", directories, 0 },
	{ "fcntl.flags_dupfd_and_locks", fcntl_flags_and_dupfd, 0 },
	{ "fd.dup_and_pipes", dup_and_pipes, 0 },
	{ "file.open_flags_and_path_errors", open_flags_and_path_errors, 0 },
	{ "file.truncate_and_times", truncate_and_times, 0 },
	CONF_END
};
