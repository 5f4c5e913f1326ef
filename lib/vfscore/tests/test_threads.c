/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfscore and ramfs under threads that preempt each other (they run under
 * any scheduler; the preemptive one with a short time slice is what makes
 * them find races). Every check is on the result: records, file contents
 * and directory listings, never on time.
 */
#include <uk/test.h>
#ifdef CONFIG_HAVE_SCHED
#include <uk/vfs.h>
#include <uk/file.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdio.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#define NTHREADS 4

static struct uk_thread *threads[NTHREADS];
static volatile int errors[NTHREADS];

/* Run fn(0..NTHREADS-1) in threads and wait for them all. */
static int run_threads(void *(*fn)(void *))
{
	for (long i = 0; i < NTHREADS; i++) {
		errors[i] = 0;
		if (uk_thread_create(&threads[i], "vfsstress", NULL, fn,
				     (void *)i) < 0)
			return -1;
	}
	for (int i = 0; i < NTHREADS; i++)
		uk_thread_join(threads[i], NULL);
	return 0;
}

static int total_errors(void)
{
	int n = 0;

	for (int i = 0; i < NTHREADS; i++)
		n += errors[i];
	return n;
}

#ifdef CONFIG_LIBVFSCORE_LOCKS
/* ---- the lock itself: waiters sleep and every one gets in ------------- */

#define L_ROUNDS 1000

static struct vfs_lock l_lock = VFS_LOCK_INITIALIZER(l_lock);
static int l_inside, l_count, l_overlaps;

/* Increments with a yield inside the critical section: others must wait. */
static void *l_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < L_ROUNDS; i++) {
		vfs_lock(&l_lock);
		if (l_inside++)
			l_overlaps++;
		uk_sched_yield();
		l_count++;
		l_inside--;
		vfs_unlock(&l_lock);
	}
	return NULL;
}

UK_TESTCASE(vfscore, vfs_lock_excludes_and_lets_every_waiter_in)
{
	l_count = l_overlaps = l_inside = 0;
	UK_TEST_ASSERT_SNUM_EQ(run_threads(l_worker), 0);
	UK_TEST_EXPECT_SNUM_EQ(l_count, NTHREADS * L_ROUNDS);
	UK_TEST_EXPECT_ZERO(l_overlaps);
	UK_TEST_EXPECT_SNUM_EQ(l_lock.state, 0); /* free, nobody marked waiting */
}
#endif

/* ---- (a) files come and go in one directory; records go to one file --- */

#define A_DIR "/vfst_a"
#define A_SHARED A_DIR "/shared"
#define A_ITER 1000
#define A_RECLEN 100
#define A_KEEP(n) ((n) % 10 == 0) /* files left in place to count at the end */

/* Thread id's n-th record: "R<id>-<n:5>" then a fill letter, '\n' last. */
static void a_record(char *rec, int id, int n)
{
	memset(rec, 'a' + (n + id) % 26, A_RECLEN);
	snprintf(rec, 9, "R%c-%05u", (char)('0' + id),
		 (unsigned int)n % 100000u);
	rec[8] = ':';
	rec[A_RECLEN - 1] = '\n';
}

/* Content of thread id's n-th file: len bytes that depend on both. */
static void a_content(char *buf, int id, int n, size_t len)
{
	for (size_t k = 0; k < len; k++)
		buf[k] = (char)('A' + (k * 7 + (size_t)n * 3 + (size_t)id) % 26);
}

static void *a_worker(void *arg)
{
	int id = (int)(long)arg, shared;
	char rec[A_RECLEN], name[32], buf[700], back[700];

	/* Every thread opens (and possibly creates) the file itself. */
	shared = open(A_SHARED, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (shared < 0) {
		errors[id]++;
		return NULL;
	}
	for (int n = 0; n < A_ITER; n++) {
		size_t len = 200 + (size_t)((n * 37 + id * 11) % 500);
		int fd;

		snprintf(name, sizeof(name), A_DIR "/f%d-%d", id, n);
		fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0644);
		if (fd < 0) {
			errors[id]++;
			continue;
		}
		a_content(buf, id, n, len);
		if (write(fd, buf, len) != (ssize_t)len)
			errors[id]++;
		if (pread(fd, back, sizeof(back), 0) != (ssize_t)len ||
		    memcmp(buf, back, len))
			errors[id]++;
		close(fd);
		if (!A_KEEP(n) && unlink(name))
			errors[id]++;
		a_record(rec, id, n);
		if (write(shared, rec, A_RECLEN) != A_RECLEN)
			errors[id]++;
	}
	close(shared);
	return NULL;
}

/* Each record intact and each (thread, number) exactly once. */
static int a_check_records(void)
{
	static unsigned char seen[NTHREADS][A_ITER];
	char rec[A_RECLEN], want[A_RECLEN];
	int fd = open(A_SHARED, O_RDONLY), bad = 0, count = 0;

	if (fd < 0)
		return -1;
	memset(seen, 0, sizeof(seen));
	while (read(fd, rec, A_RECLEN) == A_RECLEN) {
		int id = rec[1] - '0', n = 0;

		for (int k = 3; k < 8; k++)
			n = n * 10 + (rec[k] - '0');
		count++;
		if (rec[0] != 'R' || id < 0 || id >= NTHREADS || n < 0 ||
		    n >= A_ITER) {
			bad++;
			continue;
		}
		a_record(want, id, n);
		if (memcmp(rec, want, A_RECLEN) || seen[id][n]++)
			bad++;
	}
	close(fd);
	for (int i = 0; i < NTHREADS; i++)
		for (int n = 0; n < A_ITER; n++)
			bad += !seen[i][n];
	return bad + (count != NTHREADS * A_ITER);
}

/* The directory holds exactly the shared file and the kept files. */
static int a_check_listing(void)
{
	static unsigned char seen[NTHREADS][A_ITER];
	int bad = 0, shared = 0;
	struct dirent *e;
	DIR *d = opendir(A_DIR);

	if (!d)
		return -1;
	memset(seen, 0, sizeof(seen));
	while ((e = readdir(d))) {
		int id, n;
		char end;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!strcmp(e->d_name, "shared")) {
			shared++;
			continue;
		}
		if (sscanf(e->d_name, "f%d-%d%c", &id, &n, &end) != 2 ||
		    id < 0 || id >= NTHREADS || n < 0 || n >= A_ITER ||
		    !A_KEEP(n) || seen[id][n]++)
			bad++;
	}
	closedir(d);
	for (int i = 0; i < NTHREADS; i++)
		for (int n = 0; n < A_ITER; n++)
			bad += A_KEEP(n) && !seen[i][n];
	return bad + (shared != 1);
}

/* The kept files still hold what their thread wrote; then remove them. */
static int a_check_and_remove_kept(void)
{
	char name[32], buf[700], back[700];
	int bad = 0;

	for (int id = 0; id < NTHREADS; id++)
		for (int n = 0; n < A_ITER; n++) {
			size_t len = 200 + (size_t)((n * 37 + id * 11) % 500);
			int fd;

			if (!A_KEEP(n))
				continue;
			snprintf(name, sizeof(name), A_DIR "/f%d-%d", id, n);
			fd = open(name, O_RDONLY);
			a_content(buf, id, n, len);
			if (fd < 0 || read(fd, back, sizeof(back)) !=
					      (ssize_t)len ||
			    memcmp(buf, back, len))
				bad++;
			if (fd >= 0)
				close(fd);
			bad += unlink(name) != 0;
		}
	return bad;
}

UK_TESTCASE(vfscore, threads_creating_unlinking_and_appending_lose_nothing)
{
	int fds = uk_fdtab_count(), vnodes = vfs_vnode_count();
	struct stat st;

	UK_TEST_ASSERT_SNUM_EQ(mkdir(A_DIR, 0755), 0);
	UK_TEST_ASSERT_SNUM_EQ(run_threads(a_worker), 0);
	UK_TEST_EXPECT_ZERO(total_errors());
	UK_TEST_ASSERT_SNUM_EQ(stat(A_SHARED, &st), 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, NTHREADS * A_ITER * A_RECLEN);
	UK_TEST_EXPECT_ZERO(a_check_records()); /* none lost, garbled, doubled */
	UK_TEST_EXPECT_ZERO(a_check_listing()); /* no file missing or extra */
	UK_TEST_EXPECT_ZERO(a_check_and_remove_kept());
	UK_TEST_EXPECT_ZERO(unlink(A_SHARED));
	UK_TEST_EXPECT_ZERO(rmdir(A_DIR));
	UK_TEST_EXPECT_SNUM_EQ(uk_fdtab_count(), fds);
	UK_TEST_EXPECT_SNUM_EQ(vfs_vnode_count(), vnodes);
}

/* ---- (b) pwrite at distinct offsets of one growing file ---------------- */

#define B_FILES 16
#define B_BLOCKS 512 /* per thread and file */
#define B_BLKLEN 64

/* Block k of a file: its number and the file's, repeated. */
static void b_block(char *buf, int file, int k)
{
	for (int i = 0; i < B_BLKLEN; i += 8)
		snprintf(buf + i, 9, "%c%06u", (char)('a' + file),
			 (unsigned int)k % 1000000u);
}

static void *b_worker(void *arg)
{
	int id = (int)(long)arg;
	char name[32], blk[B_BLKLEN + 1];

	for (int file = 0; file < B_FILES; file++) {
		int fd;

		snprintf(name, sizeof(name), "/vfst_b%d", file);
		fd = open(name, O_WRONLY);
		if (fd < 0) {
			errors[id]++;
			continue;
		}
		/* Blocks id, id + 4, ...: the threads grow the file together. */
		for (int k = id; k < B_BLOCKS * NTHREADS; k += NTHREADS) {
			b_block(blk, file, k);
			if (pwrite(fd, blk, B_BLKLEN, (off_t)k * B_BLKLEN) !=
			    B_BLKLEN)
				errors[id]++;
		}
		close(fd);
	}
	return NULL;
}

static int b_check(int file)
{
	char name[32], blk[B_BLKLEN + 1], got[B_BLKLEN];
	struct stat st;
	int bad = 0, fd;

	snprintf(name, sizeof(name), "/vfst_b%d", file);
	fd = open(name, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return -1;
	bad += st.st_size != (off_t)B_BLOCKS * NTHREADS * B_BLKLEN;
	for (int k = 0; k < B_BLOCKS * NTHREADS; k++) {
		b_block(blk, file, k);
		if (read(fd, got, B_BLKLEN) != B_BLKLEN ||
		    memcmp(got, blk, B_BLKLEN))
			bad++;
	}
	close(fd);
	return bad;
}

UK_TESTCASE(vfscore, threads_pwriting_distinct_blocks_of_one_file)
{
	int vnodes = vfs_vnode_count();
	char name[32];

	for (int file = 0; file < B_FILES; file++) {
		snprintf(name, sizeof(name), "/vfst_b%d", file);
		UK_TEST_ASSERT(close(creat(name, 0644)) == 0);
	}
	UK_TEST_ASSERT_SNUM_EQ(run_threads(b_worker), 0);
	UK_TEST_EXPECT_ZERO(total_errors());
	for (int file = 0; file < B_FILES; file++) {
		snprintf(name, sizeof(name), "/vfst_b%d", file);
		UK_TEST_EXPECT_ZERO(b_check(file)); /* size and every block */
		UK_TEST_EXPECT_ZERO(unlink(name));
	}
	UK_TEST_EXPECT_SNUM_EQ(vfs_vnode_count(), vnodes);
}

/* ---- (c) rename and readdir racing with create and unlink -------------- */

#define C_DIR "/vfst_c"
#define C_STABLE 48 /* names nobody touches: listed exactly once, always */
#define C_ITER 1000

static int c_done; /* churners finished */
static volatile int c_passes;

/* Two threads: make a file, rename it, rename it across, unlink it. */
static void c_churn(int id)
{
	char a[48], b[48], c[48];

	for (int n = 0; n < C_ITER; n++) {
		int fd;

		snprintf(a, sizeof(a), C_DIR "/new-%d-%d", id, n);
		snprintf(b, sizeof(b), C_DIR "/renamed-%d-%d", id, n);
		snprintf(c, sizeof(c), C_DIR "/sub/moved-%d-%d", id, n);
		fd = open(a, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, a, 8) != 8 || close(fd))
			errors[id]++;
		if (rename(a, b) || rename(b, c) || unlink(c))
			errors[id]++;
		/* "pingpong" is always there under one of its two names */
		if (id == 0 && rename(n % 2 ? C_DIR "/pong" : C_DIR "/ping",
				      n % 2 ? C_DIR "/ping" : C_DIR "/pong"))
			errors[id]++;
	}
}

/* Is name one that may show up in a listing of C_DIR? */
static int c_expected_name(const char *name, int *stable)
{
	int id, n;
	char end;

	*stable = -1;
	if (!strcmp(name, ".") || !strcmp(name, "..") ||
	    !strcmp(name, "sub") || !strcmp(name, "ping") ||
	    !strcmp(name, "pong"))
		return 1;
	if (sscanf(name, "stable-with-a-long-name-%d%c", &n, &end) == 1 &&
	    n >= 0 && n < C_STABLE) {
		*stable = n;
		return 1;
	}
	return (sscanf(name, "new-%d-%d%c", &id, &n, &end) == 2 ||
		sscanf(name, "renamed-%d-%d%c", &id, &n, &end) == 2) &&
	       id >= 0 && id < 2 && n >= 0 && n < C_ITER;
}

/* Two threads: list the directory over and over while it changes. */
static void c_list(int id)
{
	unsigned char seen[C_STABLE];

	do {
		struct dirent *e;
		DIR *d = opendir(C_DIR);
		int stable;

		if (!d) {
			errors[id]++;
			return;
		}
		memset(seen, 0, sizeof(seen));
		while ((e = readdir(d))) {
			if (!c_expected_name(e->d_name, &stable))
				errors[id]++; /* garbage or a stranger */
			else if (stable >= 0 && seen[stable]++)
				errors[id]++; /* listed twice */
		}
		closedir(d);
		for (int n = 0; n < C_STABLE; n++)
			errors[id] += !seen[n]; /* skipped */
		c_passes++;
	} while (__atomic_load_n(&c_done, __ATOMIC_RELAXED) < 2);
}

static void *c_worker(void *arg)
{
	int id = (int)(long)arg;

	if (id < 2) {
		c_churn(id);
		__atomic_add_fetch(&c_done, 1, __ATOMIC_RELAXED);
	} else {
		c_list(id); /* until both churners are done, at least once */
	}
	return NULL;
}

UK_TESTCASE(vfscore, rename_and_readdir_racing_with_create_and_unlink)
{
	int fds = uk_fdtab_count(), vnodes = vfs_vnode_count(), left = 0;
	char name[64];
	struct dirent *e;
	DIR *d;

	UK_TEST_ASSERT_SNUM_EQ(mkdir(C_DIR, 0755), 0);
	UK_TEST_ASSERT_SNUM_EQ(mkdir(C_DIR "/sub", 0755), 0);
	for (int n = 0; n < C_STABLE; n++) {
		snprintf(name, sizeof(name), C_DIR "/stable-with-a-long-name-%d",
			 n);
		UK_TEST_ASSERT(close(creat(name, 0644)) == 0);
	}
	UK_TEST_ASSERT(close(creat(C_DIR "/ping", 0644)) == 0);
	c_done = 0;
	c_passes = 0;
	for (long i = 0; i < NTHREADS; i++) {
		errors[i] = 0;
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&threads[i], "vfsstress",
							NULL, c_worker,
							(void *)i), 0);
	}
	for (int i = 0; i < NTHREADS; i++)
		uk_thread_join(threads[i], NULL);
	UK_TEST_EXPECT_ZERO(total_errors());
	UK_TEST_EXPECT(c_passes > 0);
	/* Afterwards: the stable names, "ping" (an even number of moves) */
	d = opendir(C_DIR);
	UK_TEST_ASSERT(d != NULL);
	while ((e = readdir(d)))
		left++;
	closedir(d);
	UK_TEST_EXPECT_SNUM_EQ(left, 2 + 1 + C_STABLE + 1);
	UK_TEST_EXPECT_ZERO(access(C_DIR "/ping", F_OK));
	for (int n = 0; n < C_STABLE; n++) {
		snprintf(name, sizeof(name), C_DIR "/stable-with-a-long-name-%d",
			 n);
		UK_TEST_EXPECT_ZERO(unlink(name));
	}
	UK_TEST_EXPECT_ZERO(unlink(C_DIR "/ping"));
	UK_TEST_EXPECT_ZERO(rmdir(C_DIR "/sub"));
	UK_TEST_EXPECT_ZERO(rmdir(C_DIR));
	UK_TEST_EXPECT_SNUM_EQ(uk_fdtab_count(), fds);
	UK_TEST_EXPECT_SNUM_EQ(vfs_vnode_count(), vnodes);
}
#endif
