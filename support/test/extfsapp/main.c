/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * extfsapp: runs file commands given as arguments, one result line each
 * ("extfsapp: CMD ARGS: ok ..." or "... error ENAME (-N)"), so that the
 * host can check what a disk file system did. Also builds natively (cc
 * main.c) for the host's side of the storage benchmark.
 *
 *   mount SRC DIR TYPE [ro]   mount(2); umount DIR
 *   write PATH BYTES SEED     create or truncate, write a pattern
 *   check PATH BYTES SEED     the file is exactly that pattern
 *   cat PATH                  print the file (text)
 *   append PATH TEXT          append TEXT and a newline
 *   trunc PATH BYTES          truncate(2)
 *   mkdir PATH  rmdir PATH  rm PATH  mv OLD NEW  ls DIR  stat PATH
 *   symlink TARGET PATH       readlink PATH (prints the target)
 *   fsync PATH                open, fsync, close
 *   orphan PATH               create, write, unlink while open, write
 *                             and read back through the descriptor
 *   fill PATH                 write 64 KiB blocks until an error
 *   threads DIR N             N threads at once: each writes DIR/tI (its
 *                             own pattern), reads it back, and appends
 *                             lines "tI K" to DIR/shared
 *   bench PATH MIB            the storage benchmark's figures
 *   mmapshared PATH           two MAP_SHARED mappings of a new 3-page
 *                             file and its read()/write() see each
 *                             other's changes before msync; the file
 *                             is left holding them (see the suite)
 *   die                       _exit(3) at once: no unmount, no atexit
 *                             handler (a power cut, as far as the file
 *                             system can tell)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *ename(int e)
{
	static const struct {
		int e;
		const char *n;
	} names[] = {
		{ ENOENT, "ENOENT" }, { EROFS, "EROFS" }, { ENOSPC, "ENOSPC" },
		{ EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { ENOTEMPTY, "ENOTEMPTY" },
		{ EINVAL, "EINVAL" }, { EIO, "EIO" }, { ENODEV, "ENODEV" },
		{ ENXIO, "ENXIO" }, { EBUSY, "EBUSY" }, { EFBIG, "EFBIG" },
		{ ENOMEM, "ENOMEM" }, { EBADF, "EBADF" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].n;
	return "E?";
}

static void result(const char *what, int rc)
{
	if (rc < 0)
		printf("extfsapp: %s: error %s (-%d)\n", what, ename(errno),
		       errno);
	else
		printf("extfsapp: %s: ok\n", what);
}

static unsigned char pat(unsigned long seed, unsigned long i)
{
	return (unsigned char)(seed * 31 + i * 7 + i / 4096);
}

/* Buffers of do_write and do_check: their own per call (threads). */
#define IOBUF 65536

static int do_write(const char *path, long bytes, unsigned long seed)
{
	unsigned char *buf = malloc(IOBUF);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long done = 0;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (done < bytes) {
		long n = bytes - done < IOBUF ? bytes - done : IOBUF;
		ssize_t w;

		for (long i = 0; i < n; i++)
			buf[i] = pat(seed, (unsigned long)(done + i));
		w = write(fd, buf, (size_t)n);
		if (w != n) {
			int e = w < 0 ? errno : EIO;

			close(fd);
			free(buf);
			errno = e;
			return -1;
		}
		done += n;
	}
	free(buf);
	return close(fd);
}

static int do_check(const char *path, long bytes, unsigned long seed)
{
	unsigned char *buf = malloc(IOBUF);
	int fd = open(path, O_RDONLY);
	long done = 0;
	ssize_t r;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((r = read(fd, buf, IOBUF)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pat(seed, (unsigned long)(done + i))) {
				printf("extfsapp: %s: byte %ld differs\n", path,
				       done + i);
				close(fd);
				free(buf);
				errno = EIO;
				return -1;
			}
		done += r;
	}
	free(buf);
	close(fd);
	if (r < 0)
		return -1;
	if (done != bytes) {
		printf("extfsapp: %s: %ld bytes, expected %ld\n", path, done,
		       bytes);
		errno = EIO;
		return -1;
	}
	return 0;
}

/* A failed check of mmapshared: says which, EIO. */
static int mm_fail(const char *what)
{
	printf("extfsapp: mmapshared: %s\n", what);
	errno = EIO;
	return -1;
}

static int do_mmapshared(const char *path)
{
	char page[4096], c;
	char *a, *b;
	int fd, fd2, i;

	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		memset(page, 'a' + i, sizeof(page));
		if (write(fd, page, sizeof(page)) != sizeof(page))
			return -1;
	}
	fd2 = open(path, O_RDWR);
	if (fd2 < 0)
		return -1;
	a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 4096);
	if (a == MAP_FAILED || b == MAP_FAILED)
		return -1;
	a[4096 + 7] = 'M';
	if (b[7] != 'M')
		return mm_fail("a store is not in the other mapping");
	if (pread(fd2, &c, 1, 4096 + 7) != 1 || c != 'M')
		return mm_fail("a store is not seen by read()");
	if (pwrite(fd2, "W", 1, 4096 + 8) != 1)
		return -1;
	if (a[4096 + 8] != 'W' || b[8] != 'W')
		return mm_fail("a write() is not in the mappings");
	b[9] = 'B';
	a[2 * 4096] = 'E';
	if (munmap(b, 4096) < 0 || munmap(a, 3 * 4096) < 0)
		return -1;
	close(fd2);
	return close(fd);
}

static int do_cat(const char *path)
{
	char buf[512];
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	printf("extfsapp: cat %s <<", path);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)r, stdout);
	printf(">>\n");
	close(fd);
	return r < 0 ? -1 : 0;
}

static int do_append(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	size_t len = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

static int do_ls(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -1;
	printf("extfsapp: ls %s:", path);
	while ((e = readdir(d)))
		printf(" %s%s", e->d_name, e->d_type == DT_DIR ? "/" : "");
	printf("\n");
	return closedir(d);
}

static int do_stat(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	printf("extfsapp: stat %s: mode %o size %lld links %d\n", path,
	       (unsigned)st.st_mode, (long long)st.st_size, (int)st.st_nlink);
	return 0;
}

static int do_readlink(const char *path)
{
	char buf[512];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return -1;
	buf[n] = 0;
	printf("extfsapp: readlink %s -> %s\n", path, buf);
	return 0;
}

static int do_orphan(const char *path)
{
	char buf[20000], back[20000];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int ok;

	if (fd < 0)
		return -1;
	memset(buf, 'o', sizeof(buf));
	ok = write(fd, buf, 10000) == 10000 && unlink(path) == 0 &&
	     write(fd, buf + 10000, 10000) == 10000 &&
	     pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back) &&
	     !memcmp(buf, back, sizeof(buf)) && access(path, F_OK) < 0;
	close(fd);
	if (!ok)
		errno = EIO;
	return ok ? 0 : -1;
}

static int do_fsync(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int do_fill(const char *path)
{
	static char buf[65536];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long total = 0;
	ssize_t w;

	if (fd < 0)
		return -1;
	memset(buf, 'x', sizeof(buf));
	while ((w = write(fd, buf, sizeof(buf))) > 0)
		total += w;
	printf("extfsapp: fill %s: %ld bytes written, then %s\n", path, total,
	       w < 0 ? ename(errno) : "a short write");
	if (w < 0 && errno == ENOSPC)
		printf("extfsapp: fill: ENOSPC\n");
	close(fd);
	return 0;
}

#define THREAD_BYTES 150000
#define THREAD_LINES 50

struct worker {
	pthread_t t;
	const char *dir;
	int id, rc, err;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char path[256], line[32];

	snprintf(path, sizeof(path), "%s/t%d", w->dir, w->id);
	if (do_write(path, THREAD_BYTES, (unsigned long)w->id) < 0 ||
	    do_check(path, THREAD_BYTES, (unsigned long)w->id) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/shared", w->dir);
	for (int k = 0; k < THREAD_LINES; k++) {
		snprintf(line, sizeof(line), "t%d %d", w->id, k);
		if (do_append(path, line) < 0)
			goto fail;
	}
	return NULL;
fail:
	w->rc = -1;
	w->err = errno;
	return NULL;
}

static int do_threads(const char *dir, int n)
{
	struct worker w[16];
	int bad = 0;

	if (n < 1 || n > 16) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .dir = dir, .id = i };
		if (pthread_create(&w[i].t, NULL, work, &w[i]))
			return -1;
	}
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].t, NULL);
		if (w[i].rc < 0) {
			printf("extfsapp: thread %d: %s\n", i, ename(w[i].err));
			bad = 1;
		}
	}
	if (bad)
		errno = EIO;
	return bad ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The storage benchmark: MiB/s of each pattern on one file. */

static double secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int seq(const char *path, long bytes, size_t req, int wr, double *mibs)
{
	static unsigned char buf[1 << 20];
	int fd = open(path, wr ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY,
		      0644);
	double t0;
	long done = 0;

	if (fd < 0)
		return -1;
	memset(buf, 0x5a, sizeof(buf));
	t0 = secs();
	while (done < bytes) {
		ssize_t n = wr ? write(fd, buf, req) : read(fd, buf, req);

		if (n != (ssize_t)req) {
			close(fd);
			if (n >= 0)
				errno = EIO;
			return -1;
		}
		done += n;
	}
	if (wr && fsync(fd) < 0) {
		close(fd);
		return -1;
	}
	*mibs = (double)bytes / 1048576.0 / (secs() - t0);
	return close(fd);
}

static int rnd(const char *path, long bytes, long count, double *mibs)
{
	static unsigned char buf[4096];
	int fd = open(path, O_RDONLY);
	unsigned long x = 12345;
	long blocks = bytes / 4096;
	double t0;

	if (fd < 0)
		return -1;
	t0 = secs();
	for (long i = 0; i < count; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		off_t off = (off_t)((x >> 33) % (unsigned long)blocks) * 4096;

		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf)) {
			close(fd);
			errno = EIO;
			return -1;
		}
	}
	*mibs = (double)count * 4096 / 1048576.0 / (secs() - t0);
	return close(fd);
}

static int do_bench(const char *path, long mib)
{
	long bytes = mib << 20;
	double w4, r4, w1, r1, rr;

	if (seq(path, bytes, 4096, 1, &w4) < 0 ||
	    seq(path, bytes, 4096, 0, &r4) < 0 ||
	    seq(path, bytes, 1 << 20, 1, &w1) < 0 ||
	    seq(path, bytes, 1 << 20, 0, &r1) < 0 ||
	    rnd(path, bytes, bytes / 4096 / 4, &rr) < 0)
		return -1;
	printf("extfsapp: bench %s %ld MiB: write4k %.2f read4k %.2f write1m %.2f read1m %.2f randread4k %.2f MiB/s\n",
	       path, mib, w4, r4, w1, r1, rr);
	unlink(path);
	return 0;
}

int main(int argc, char *argv[])
{
	char what[256];
	int i = 1, rc;

#define NEED(n)                                                                \
	do {                                                                   \
		if (i + (n) >= argc) {                                         \
			printf("extfsapp: %s needs %d arguments\n", argv[i],   \
			       (n));                                           \
			return 64;                                             \
		}                                                              \
	} while (0)
	while (i < argc) {
		const char *c = argv[i];

		snprintf(what, sizeof(what), "%s", c);
		if (!strcmp(c, "mount")) {
			NEED(3);
			int ro = i + 4 < argc && !strcmp(argv[i + 4], "ro");

			snprintf(what, sizeof(what), "mount %s %s %s%s",
				 argv[i + 1], argv[i + 2], argv[i + 3],
				 ro ? " ro" : "");
			mkdir(argv[i + 2], 0755);
			rc = mount(argv[i + 1], argv[i + 2], argv[i + 3],
				   ro ? MS_RDONLY : 0, NULL);
			i += 4 + ro;
		} else if (!strcmp(c, "umount")) {
			NEED(1);
			snprintf(what, sizeof(what), "umount %s", argv[i + 1]);
			rc = umount(argv[i + 1]);
			i += 2;
		} else if (!strcmp(c, "write") || !strcmp(c, "check")) {
			NEED(3);
			snprintf(what, sizeof(what), "%s %s", c, argv[i + 1]);
			rc = (c[0] == 'w' ? do_write : do_check)(
				argv[i + 1], atol(argv[i + 2]),
				strtoul(argv[i + 3], NULL, 0));
			i += 4;
		} else if (!strcmp(c, "append") || !strcmp(c, "mv") ||
			   !strcmp(c, "symlink")) {
			NEED(2);
			snprintf(what, sizeof(what), "%s %s %s", c, argv[i + 1],
				 argv[i + 2]);
			if (c[0] == 'a')
				rc = do_append(argv[i + 1], argv[i + 2]);
			else if (c[0] == 'm')
				rc = rename(argv[i + 1], argv[i + 2]);
			else
				rc = symlink(argv[i + 1], argv[i + 2]);
			i += 3;
		} else if (!strcmp(c, "trunc")) {
			NEED(2);
			snprintf(what, sizeof(what), "trunc %s %s", argv[i + 1],
				 argv[i + 2]);
			rc = truncate(argv[i + 1], atol(argv[i + 2]));
			i += 3;
		} else if (!strcmp(c, "die")) {
			printf("extfsapp: die\n");
			fflush(stdout);
			_exit(3);
		} else if (!strcmp(c, "threads")) {
			NEED(2);
			snprintf(what, sizeof(what), "threads %s %s", argv[i + 1],
				 argv[i + 2]);
			rc = do_threads(argv[i + 1], atoi(argv[i + 2]));
			i += 3;
		} else if (!strcmp(c, "bench")) {
			NEED(2);
			snprintf(what, sizeof(what), "bench %s", argv[i + 1]);
			rc = do_bench(argv[i + 1], atol(argv[i + 2]));
			i += 3;
		} else {
			const char *p;

			NEED(1);
			p = argv[i + 1];
			snprintf(what, sizeof(what), "%s %s", c, p);
			if (!strcmp(c, "cat"))
				rc = do_cat(p);
			else if (!strcmp(c, "mkdir"))
				rc = mkdir(p, 0755);
			else if (!strcmp(c, "rmdir"))
				rc = rmdir(p);
			else if (!strcmp(c, "rm"))
				rc = unlink(p);
			else if (!strcmp(c, "ls"))
				rc = do_ls(p);
			else if (!strcmp(c, "stat"))
				rc = do_stat(p);
			else if (!strcmp(c, "fsync"))
				rc = do_fsync(p);
			else if (!strcmp(c, "fill"))
				rc = do_fill(p);
			else if (!strcmp(c, "readlink"))
				rc = do_readlink(p);
			else if (!strcmp(c, "orphan"))
				rc = do_orphan(p);
			else if (!strcmp(c, "mmapshared"))
				rc = do_mmapshared(p);
			else {
				printf("extfsapp: unknown command %s\n", c);
				return 64;
			}
			i += 2;
		}
		result(what, rc);
	}
	return 0;
}
