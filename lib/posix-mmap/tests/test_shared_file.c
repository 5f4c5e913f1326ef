/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MAP_SHARED file mappings share the file's mapped pages (vfscore's
 * mapped.c): what is particular to the unikernel. The POSIX behaviour
 * (coherence with read()/write()) is conformance's mmap.file_shared_*.
 */
#include <uk/test.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

static int three_pages(const char *path)
{
	char page[4096];
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);

	for (int i = 0; fd >= 0 && i < 3; i++) {
		memset(page, '0' + i, sizeof(page));
		if (write(fd, page, sizeof(page)) != sizeof(page))
			return -1;
	}
	return fd;
}

UK_TESTCASE(mmap, shared_file_pages_are_one_set_per_file)
{
	int fd = three_pages("/uktest-mapped");
	char *a, *b, *c, buf[2];

	UK_TEST_ASSERT(fd >= 0);
	a = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	UK_TEST_ASSERT(a != MAP_FAILED && b != MAP_FAILED);
	/* the same pages: the same address, one address space */
	UK_TEST_EXPECT_PTR_EQ(b, a + 4096);
	/* partly over the first mapping's pages: refused */
	errno = 0;
	c = mmap(NULL, 4 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	UK_TEST_EXPECT_PTR_EQ(c, MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	/* munmap of the alias takes only the newer mapping */
	UK_TEST_EXPECT_ZERO(munmap(b, 4096));
	UK_TEST_EXPECT_ZERO(msync(a, 3 * 4096, MS_SYNC));
	a[4096] = 'x';
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 1, 4096), 1);
	UK_TEST_EXPECT_SNUM_EQ(buf[0], 'x');
	/* truncating zeroes the pages past the end; growing shows zeros */
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 4096 + 1));
	UK_TEST_EXPECT_SNUM_EQ(a[4096 + 1], 0);
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 3 * 4096));
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 2, 4096), 2);
	UK_TEST_EXPECT(buf[0] == 'x' && buf[1] == 0);
	UK_TEST_EXPECT_ZERO(munmap(a, 3 * 4096));
	/* all gone: a new mapping makes a new set, filled from the file */
	c = mmap(NULL, 4 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	UK_TEST_ASSERT(c != MAP_FAILED);
	UK_TEST_EXPECT(c[0] == '0' && c[4096] == 'x' && c[3 * 4096] == 0);
	UK_TEST_EXPECT_ZERO(munmap(c, 4 * 4096));
	close(fd);
	unlink("/uktest-mapped");
}
