/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File commands for support/test/suite_9p.py, run in order; each prints
 * one line "p9app: CMD ARG: ok ..." or "p9app: CMD ARG: error ENAME". The
 * exit status is 0 when every command ran (errors included: the suite
 * checks the lines).
 *
 *   write PATH SEED SIZE   create or truncate, write a pattern in pieces
 *   check PATH SEED SIZE   the file is exactly that pattern
 *   sum PATH               size and FNV-1a checksum of the content
 *   cat PATH               the content (small text files)
 *   append PATH TEXT       O_APPEND write
 *   ls PATH                the names, sorted, with / after directories
 *   stat PATH              type and size
 *   mkdir|rmdir|unlink PATH, rename FROM TO, symlink TARGET PATH,
 *   readlink PATH, truncate PATH SIZE
 *   threads N SIZE         N threads at once, each writing its own file
 *                          under /thr three times, reading it back, and
 *                          appending a line to /thr/log each time
 *   mount TAG PATH         mount(2) the 9P device TAG (9pfs) on PATH
 *   umount PATH
 *   fsync PATH SEED SIZE   write, fsync, say so, then wait to be killed
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

/* vfscore's (newlib has no <sys/mount.h>) */
int mount(const char *source, const char *target, const char *fstype,
	  unsigned long flags, const void *data);
int umount(const char *target);

static const struct {
	int e;
	const char *name;
} enames[] = {
	{ ENOENT, "ENOENT" },   { EEXIST, "EEXIST" },	{ ENOTDIR, "ENOTDIR" },
	{ EISDIR, "EISDIR" },   { ENOTEMPTY, "ENOTEMPTY" }, { EROFS, "EROFS" },
	{ EACCES, "EACCES" },   { EPERM, "EPERM" },	{ EINVAL, "EINVAL" },
	{ EIO, "EIO" },         { ENOSPC, "ENOSPC" },	{ EBADF, "EBADF" },
	{ EXDEV, "EXDEV" },     { ENAMETOOLONG, "ENAMETOOLONG" },
	{ EBUSY, "EBUSY" },     { ENODEV, "ENODEV" },
};

static const char *ename(int e)
{
	static char buf[16];

	for (unsigned int i = 0; i < sizeof(enames) / sizeof(enames[0]); i++)
		if (enames[i].e == e)
			return enames[i].name;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static int fail(const char *cmd, const char *arg, int e)
{
	printf("p9app: %s %s: error %s\n", cmd, arg, ename(e));
	return -1;
}

static unsigned char pat(unsigned long seed, unsigned long i)
{
	return (unsigned char)(seed * 31 + i * 7 + i / 4093);
}

static unsigned int fnv1a(unsigned int h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Write SIZE bytes of pattern SEED to path in pieces of up to 50000. */
static int write_pattern(const char *cmd, const char *path,
			 unsigned long seed, unsigned long size, int sync)
{
	static __thread unsigned char buf[50000]; /* threads write at once */
	unsigned long done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return fail(cmd, path, errno);
	while (done < size) {
		unsigned long n = size - done < sizeof(buf) ? size - done
							    : sizeof(buf);
		ssize_t w;

		for (unsigned long i = 0; i < n; i++)
			buf[i] = pat(seed, done + i);
		w = write(fd, buf, n);
		if (w < 0) {
			int e = errno;

			close(fd);
			return fail(cmd, path, e);
		}
		done += (unsigned long)w;
	}
	if (sync && fsync(fd) < 0) {
		int e = errno;

		close(fd);
		return fail(cmd, path, e);
	}
	if (close(fd) < 0)
		return fail(cmd, path, errno);
	return 0;
}

/* 0 if path holds exactly the pattern; else -1 (message in why). */
static int check_pattern(const char *path, unsigned long seed,
			 unsigned long size, char *why, size_t whylen)
{
	static __thread unsigned char buf[8192];
	unsigned long at = 0;
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0) {
		snprintf(why, whylen, "error %s", ename(errno));
		return -1;
	}
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			if (at + i >= size || buf[i] != pat(seed, at + i)) {
				snprintf(why, whylen, "mismatch at byte %lu",
					 at + i);
				close(fd);
				return -1;
			}
		}
		at += (unsigned long)r;
	}
	close(fd);
	if (r < 0) {
		snprintf(why, whylen, "error %s", ename(errno));
		return -1;
	}
	if (at != size) {
		snprintf(why, whylen, "%lu bytes, expected %lu", at, size);
		return -1;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
	char *names[256];
	int n = 0;
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d) {
		fail("ls", path, errno);
		return;
	}
	while ((e = readdir(d)) && n < 256) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n] = malloc(strlen(e->d_name) + 2);
		strcpy(names[n], e->d_name);
		if (e->d_type == DT_DIR)
			strcat(names[n], "/");
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	printf("p9app: ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

struct worker {
	pthread_t t;
	int id, n;
	unsigned long size;
	int errors;
	char why[96];
};

/* One line to the file all threads append to (O_APPEND, one write). */
static int append_line(int id, int round)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "thread %d round %d\n", id, round);
	int fd = open("/thr/log", O_WRONLY | O_APPEND | O_CREAT, 0644);

	if (fd < 0)
		return -1;
	if (write(fd, line, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	char path[64];

	snprintf(path, sizeof(path), "/thr/t%d", w->id);
	for (int round = 0; round < 3; round++) {
		if (write_pattern("thread", path, (unsigned long)(w->id + round),
				  w->size, 0) < 0) {
			w->errors++;
			continue;
		}
		if (check_pattern(path, (unsigned long)(w->id + round),
				  w->size, w->why, sizeof(w->why)) < 0)
			w->errors++;
		if (append_line(w->id, round) < 0)
			w->errors++;
		sched_yield();
	}
	return NULL;
}

static void threads(int n, unsigned long size)
{
	struct worker w[16];
	int errors = 0;

	if (n > 16)
		n = 16;
	if (mkdir("/thr", 0755) < 0 && errno != EEXIST) {
		fail("threads", "/thr", errno);
		return;
	}
	unlink("/thr/log");
	for (int i = 0; i < n; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].n = n;
		w[i].size = size;
		pthread_create(&w[i].t, NULL, work, &w[i]);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].t, NULL);
		if (w[i].errors)
			printf("p9app: thread %d: %d errors, last: %s\n", i,
			       w[i].errors, w[i].why);
		errors += w[i].errors;
	}
	printf("p9app: threads %d: %s\n", n, errors ? "errors" : "ok");
}

/* One command at argv[0]; returns how many words it used, 0 if unknown. */
static int run(int argc, char **argv)
{
	const char *c = argv[0], *a = argc > 1 ? argv[1] : "";
	char buf[4096], why[96];
	struct stat st;
	ssize_t n;
	int fd;

#define NEED(k)                                                                \
	do {                                                                   \
		if (argc < (k) + 1)                                            \
			return 0;                                              \
	} while (0)
	if (!strcmp(c, "write") || !strcmp(c, "fsync")) {
		NEED(3);
		if (write_pattern(c, a, strtoul(argv[2], NULL, 0),
				  strtoul(argv[3], NULL, 0), c[0] == 'f') == 0)
			printf("p9app: %s %s: ok\n", c, a);
		fflush(stdout);
		if (c[0] == 'f') {
			printf("p9app: fsync returned, waiting to be killed\n");
			fflush(stdout);
			for (;;)
				sleep(1);
		}
		return 4;
	}
	if (!strcmp(c, "check")) {
		NEED(3);
		if (check_pattern(a, strtoul(argv[2], NULL, 0),
				  strtoul(argv[3], NULL, 0), why,
				  sizeof(why)) == 0)
			printf("p9app: check %s: ok\n", a);
		else
			printf("p9app: check %s: %s\n", a, why);
		return 4;
	}
	if (!strcmp(c, "sum") || !strcmp(c, "cat")) {
		unsigned int h = 2166136261u;
		unsigned long size = 0;

		NEED(1);
		fd = open(a, O_RDONLY);
		if (fd < 0) {
			fail(c, a, errno);
			return 2;
		}
		if (c[0] == 'c')
			printf("p9app: cat %s: ", a);
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			h = fnv1a(h, (unsigned char *)buf, (size_t)n);
			size += (unsigned long)n;
			if (c[0] == 'c')
				fwrite(buf, 1, (size_t)n, stdout);
		}
		close(fd);
		if (n < 0)
			fail(c, a, errno);
		else if (c[0] == 's')
			printf("p9app: sum %s: %lu bytes, 0x%08x\n", a, size, h);
		else
			printf("\n");
		return 2;
	}
	if (!strcmp(c, "append")) {
		NEED(2);
		fd = open(a, O_WRONLY | O_APPEND | O_CREAT, 0644);
		if (fd < 0 || write(fd, argv[2], strlen(argv[2])) < 0)
			fail(c, a, errno);
		else
			printf("p9app: append %s: ok\n", a);
		if (fd >= 0)
			close(fd);
		return 3;
	}
	if (!strcmp(c, "ls")) {
		NEED(1);
		list(a);
		return 2;
	}
	if (!strcmp(c, "stat")) {
		NEED(1);
		if (lstat(a, &st) < 0)
			fail(c, a, errno);
		else
			printf("p9app: stat %s: %s, %ld bytes, mode %o\n", a,
			       S_ISDIR(st.st_mode)   ? "directory"
			       : S_ISLNK(st.st_mode) ? "symlink"
						     : "file",
			       (long)st.st_size, (unsigned int)(st.st_mode & 07777));
		return 2;
	}
	if (!strcmp(c, "mkdir") || !strcmp(c, "rmdir") || !strcmp(c, "unlink")) {
		int rc;

		NEED(1);
		rc = c[0] == 'm' ? mkdir(a, 0755) : c[0] == 'r' ? rmdir(a)
							       : unlink(a);
		if (rc < 0)
			fail(c, a, errno);
		else
			printf("p9app: %s %s: ok\n", c, a);
		return 2;
	}
	if (!strcmp(c, "rename") || !strcmp(c, "symlink")) {
		int rc;

		NEED(2);
		rc = c[0] == 'r' ? rename(a, argv[2]) : symlink(a, argv[2]);
		if (rc < 0)
			fail(c, a, errno);
		else
			printf("p9app: %s %s: ok\n", c, a);
		return 3;
	}
	if (!strcmp(c, "readlink")) {
		NEED(1);
		n = readlink(a, buf, sizeof(buf) - 1);
		if (n < 0) {
			fail(c, a, errno);
		} else {
			buf[n] = 0;
			printf("p9app: readlink %s: %s\n", a, buf);
		}
		return 2;
	}
	if (!strcmp(c, "truncate")) {
		NEED(2);
		if (truncate(a, (off_t)strtoul(argv[2], NULL, 0)) < 0)
			fail(c, a, errno);
		else
			printf("p9app: truncate %s: ok\n", a);
		return 3;
	}
	if (!strcmp(c, "mount")) { /* mount TAG PATH: 9pfs */
		NEED(2);
		if (mount(a, argv[2], "9pfs", 0, NULL) < 0)
			fail(c, a, errno);
		else
			printf("p9app: mount %s: ok\n", a);
		return 3;
	}
	if (!strcmp(c, "umount")) {
		NEED(1);
		if (umount(a) < 0)
			fail(c, a, errno);
		else
			printf("p9app: umount %s: ok\n", a);
		return 2;
	}
	if (!strcmp(c, "threads")) {
		NEED(2);
		threads(atoi(a), strtoul(argv[2], NULL, 0));
		return 3;
	}
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc;) {
		int used = run(argc - i, argv + i);

		if (!used) {
			printf("p9app: bad command at '%s'\n", argv[i]);
			return 2;
		}
		i += used;
	}
	printf("p9app: done\n");
	return 0;
}
