/* SPDX-License-Identifier: BSD-3-Clause */
/* mmap, munmap, mprotect, msync, mlock, shm_open. */
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include "conformance.h"

#define PG 4096

static void anonymous(void)
{
	unsigned char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1;

	CHECK(p != MAP_FAILED);
	CHECK_EQ((uintptr_t)p % PG, 0);
	for (int i = 0; i < 3 * PG; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0x5a, 3 * PG);
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_WRITE));
	CHECK_ERRNO(mprotect(p + 1, PG, PROT_READ), EINVAL);
	CHECK_OK(msync(p, PG, MS_SYNC));
	CHECK_OK(mlock(p, PG));
	CHECK_OK(munlock(p, PG));
	CHECK_OK(munmap(p, 3 * PG));
	CHECK_ERRNO(msync(p, PG, MS_SYNC), ENOMEM); /* not mapped now */
}

/* A file of two pages and a bit: "A..." then "B..." then "tail". */
static int make_file(const char *name, int flags)
{
	char page[PG];
	int fd;

	unlink(name);
	fd = open(name, O_CREAT | O_RDWR, 0644);
	if (fd < 0)
		return -1;
	memset(page, 'A', PG);
	write(fd, page, PG);
	memset(page, 'B', PG);
	write(fd, page, PG);
	write(fd, "tail", 4);
	close(fd);
	return open(name, flags);
}

static void argument_errors_in_order(void)
{
	int rd = make_file("conf-map-e", O_RDONLY), wr, p[2];

	CHECK(rd >= 0);
	wr = open("conf-map-e", O_WRONLY);
	CHECK(wr >= 0);
	CHECK_OK(pipe(p));
	/* EINVAL first: length 0, bad offset, neither shared nor private */
	CHECK_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, rd, 0), EINVAL);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, rd, 100), EINVAL);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 100), EINVAL);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, 0, rd, 0), EINVAL);
	/* then EBADF */
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	/* then EACCES */
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wr, 0), EACCES);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0),
		    EACCES);
	/* then ENODEV: a pipe cannot be mapped */
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
	/* msync's own */
	CHECK_ERRNO(msync((void *)(uintptr_t)1, PG, MS_SYNC), EINVAL);
	CHECK_OK(close(p[0]));
	CHECK_OK(close(p[1]));
	CHECK_OK(close(wr));
	CHECK_OK(close(rd));
	CHECK_OK(unlink("conf-map-e"));
}

/*
 * Every argument error before the descriptor is looked at (Linux looks
 * at the descriptor before the length and the mapping type).
 */
static void einval_before_ebadf(void)
{
	CHECK_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, -1, 0), EINVAL);
	CHECK_ERRNO(mmap(NULL, PG, PROT_READ, 0, -1, 0), EINVAL);
	CHECK_ERRNO(mmap(NULL, PG, 0x100, MAP_PRIVATE, -1, 0), EINVAL);
}

static void file_private(void)
{
	int fd = make_file("conf-map-p", O_RDWR);
	char *m, buf[8];

	CHECK(fd >= 0);
	m = mmap(NULL, 2 * PG + 4, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(m[0] == 'A' && m[PG - 1] == 'A' && m[PG] == 'B');
	CHECK(!memcmp(m + 2 * PG, "tail", 4));
	CHECK(m[2 * PG + 4] == 0); /* the rest of the last page is zero */
	m[0] = 'x';
	CHECK_OK(msync(m, PG, MS_SYNC));
	CHECK_OK(munmap(m, 2 * PG + 4));
	CHECK_EQ(pread(fd, buf, 1, 0), 1);
	CHECK_EQ(buf[0], 'A'); /* private changes never reach the file */
	/* an offset: the second page on */
	m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(m != MAP_FAILED);
	CHECK(m[0] == 'B');
	CHECK_OK(munmap(m, PG));
	CHECK_OK(close(fd));
	CHECK_OK(unlink("conf-map-p"));
}

static void file_shared_msync_and_munmap_write_back(void)
{
	int fd = make_file("conf-map-s", O_RDWR);
	struct stat st;
	char *m, buf[8];

	CHECK(fd >= 0);
	m = mmap(NULL, 2 * PG + 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK_OK(close(fd)); /* the mapping keeps the file */
	memcpy(m + 10, "synced", 6);
	CHECK_OK(msync(m, PG, MS_SYNC));
	fd = open("conf-map-s", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(pread(fd, buf, 6, 10), 6);
	CHECK(!memcmp(buf, "synced", 6));
	memcpy(m + PG + 5, "later", 5);
	memcpy(m + 2 * PG, "TAIL", 4);
	CHECK_OK(munmap(m, 2 * PG + 4));
	CHECK_EQ(pread(fd, buf, 5, PG + 5), 5);
	CHECK(!memcmp(buf, "later", 5));
	CHECK_EQ(pread(fd, buf, 4, 2 * PG), 4);
	CHECK(!memcmp(buf, "TAIL", 4));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 2 * PG + 4); /* never grows the file */
	CHECK_OK(close(fd));
	CHECK_OK(unlink("conf-map-s"));
}

/*
 * MAP_SHARED mappings of one file, and read() and write() on it, see
 * each other's changes at once, before any msync (POSIX: the changes
 * are shared). Two open files, three mappings, one at an offset.
 */
static void file_shared_coherent(void)
{
	int fd = make_file("conf-map-c", O_RDWR), fd2;
	char *m1, *m2, *m3, buf[4];

	CHECK(fd >= 0);
	fd2 = open("conf-map-c", O_RDWR);
	CHECK(fd2 >= 0);
	m1 = mmap(NULL, 2 * PG + 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	m2 = mmap(NULL, 2 * PG + 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	m3 = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK(m1 != MAP_FAILED && m2 != MAP_FAILED && m3 != MAP_FAILED);
	m1[5] = 'q'; /* a store: the other mapping and read() see it */
	CHECK_EQ(m2[5], 'q');
	CHECK_EQ(pread(fd2, buf, 1, 5), 1);
	CHECK_EQ(buf[0], 'q');
	CHECK_EQ(pwrite(fd, "W", 1, PG + 1), 1); /* a write: the mappings */
	CHECK_EQ(m1[PG + 1], 'W');
	CHECK_EQ(m2[PG + 1], 'W');
	CHECK_EQ(m3[1], 'W');
	m3[0] = 'z'; /* through the mapping at an offset */
	CHECK_EQ(m1[PG], 'z');
	CHECK_EQ(pread(fd, buf, 2, PG), 2);
	CHECK(buf[0] == 'z' && buf[1] == 'W');
	CHECK_OK(munmap(m1, 2 * PG + 4)); /* the others stay */
	CHECK_EQ(m2[5], 'q');
	m2[2 * PG + 1] = 'i';
	CHECK_EQ(pread(fd, buf, 4, 2 * PG), 4);
	CHECK(!memcmp(buf, "tiil", 4));
	CHECK_EQ(m3[0], 'z');
	CHECK_OK(munmap(m3, PG));
	CHECK_OK(munmap(m2, 2 * PG + 4));
	CHECK_OK(close(fd2));
	CHECK_EQ(pread(fd, buf, 1, 5), 1);
	CHECK_EQ(buf[0], 'q');
	CHECK_EQ(pread(fd, buf, 2, PG), 2);
	CHECK(buf[0] == 'z' && buf[1] == 'W');
	CHECK_OK(close(fd));
	CHECK_OK(unlink("conf-map-c"));
}

static void shared_memory_objects(void)
{
	struct stat st;
	char *a, *b;
	int fd, fd2;

	shm_unlink("/conformance-shm");
	CHECK_ERRNO(shm_open("/conformance-shm", O_RDWR, 0600), ENOENT);
	fd = shm_open("/conformance-shm", O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK_ERRNO(shm_open("/conformance-shm", O_RDWR | O_CREAT | O_EXCL,
			     0600),
		    EEXIST);
	CHECK_OK(ftruncate(fd, 2 * PG));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 2 * PG);
	a = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED);
	fd2 = shm_open("/conformance-shm", O_RDWR, 0);
	CHECK(fd2 >= 0);
	b = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	CHECK(b != MAP_FAILED);
	CHECK(a[0] == 0 && a[2 * PG - 1] == 0);
	strcpy(a + PG, "shared");
	CHECK(!strcmp(b + PG, "shared")); /* at once, without msync */
	CHECK_OK(shm_unlink("/conformance-shm"));
	CHECK_ERRNO(shm_unlink("/conformance-shm"), ENOENT);
	CHECK_ERRNO(shm_open("/conformance-shm", O_RDWR, 0), ENOENT);
	strcpy(b, "still");
	CHECK(!strcmp(a, "still")); /* unlinked, still mapped */
	CHECK_OK(munmap(a, 2 * PG));
	CHECK_OK(munmap(b, 2 * PG));
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
}

static void partial_munmap(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd;

	CHECK(p != MAP_FAILED);
	memset(p, 'm', 4 * PG);
	CHECK_OK(munmap(p + PG, 2 * PG)); /* a hole in the middle */
	CHECK_ERRNO(msync(p + PG, PG, MS_SYNC), ENOMEM);
	CHECK_ERRNO(msync(p + 2 * PG, PG, MS_SYNC), ENOMEM);
	CHECK_OK(msync(p, PG, MS_SYNC));
	CHECK_OK(msync(p + 3 * PG, PG, MS_SYNC));
	CHECK(p[0] == 'm' && p[4 * PG - 1] == 'm');
	CHECK_OK(munmap(p, 4 * PG)); /* both ends, and the hole */
	CHECK_ERRNO(msync(p + 3 * PG, PG, MS_SYNC), ENOMEM);
	CHECK_ERRNO(munmap(p + 1, PG), EINVAL);
	/* a MAP_SHARED file: each page written back when it goes */
	fd = make_file("conf-map-u", O_RDWR);
	CHECK(fd >= 0);
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	p[0] = '0';
	p[PG] = '1';
	CHECK_OK(munmap(p + PG, PG));
	{
		char c[2];

		CHECK_EQ(pread(fd, &c[1], 1, PG), 1);
		CHECK_EQ(c[1], '1');
		CHECK_OK(munmap(p, PG));
		CHECK_EQ(pread(fd, &c[0], 1, 0), 1);
		CHECK_EQ(c[0], '0');
	}
	CHECK_OK(close(fd));
	CHECK_OK(unlink("conf-map-u"));
}

static void locking_is_allowed(void)
{
	CHECK_OK(mlockall(MCL_CURRENT));
	CHECK_OK(munlockall());
	CHECK_ERRNO(mlockall(0), EINVAL);
}

const struct conf_case conf_mmap[] = {
	{ "mmap.anonymous", anonymous, 0 },
	{ "mmap.argument_errors_in_order", argument_errors_in_order, 0 },
	{ "mmap.einval_before_ebadf", einval_before_ebadf, 1 },
	{ "mmap.file_private", file_private, 0 },
	{ "mmap.file_shared_msync_and_munmap_write_back",
	  file_shared_msync_and_munmap_write_back, 0 },
	{ "mmap.file_shared_coherent", file_shared_coherent, 0 },
	{ "mmap.shared_memory_objects", shared_memory_objects, 0 },
	{ "mmap.partial_munmap", partial_munmap, 0 },
	{ "mlock.locking_is_allowed", locking_is_allowed, 0 },
	CONF_END
};
