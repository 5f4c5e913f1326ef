/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

UK_TESTCASE(mmap, shm_descriptors_and_mappings_share_bytes)
{
	int fd = shm_open("/uktest-shm", O_RDWR | O_CREAT | O_EXCL, 0600);
	struct stat st;
	char *m, buf[8];

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "written", 7), 7);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UK_TEST_ASSERT(m != MAP_FAILED);
	UK_TEST_EXPECT_ZERO(memcmp(m, "written", 7));
	memcpy(m, "mapped!", 7);
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 7, 0), 7);
	UK_TEST_EXPECT_ZERO(memcmp(buf, "mapped!", 7));
	/* within the mapped page: fine; beyond it while mapped: EBUSY */
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 4096));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(ftruncate(fd, 3 * 4096), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBUSY);
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 2)); /* shrinking is fine */
	UK_TEST_EXPECT_ZERO(fstat(fd, &st));
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 2);
	UK_TEST_EXPECT_SNUM_EQ(m[2], 0); /* cut off: zero */
	UK_TEST_EXPECT_ZERO(munmap(m, 4096));
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 3 * 4096)); /* unmapped: grows */
	UK_TEST_EXPECT_ZERO(shm_unlink("/uktest-shm"));
	UK_TEST_EXPECT_ZERO(close(fd));
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shm_open("/", O_RDWR | O_CREAT, 0600), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(shm_open("/x", O_WRONLY | O_CREAT, 0600), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(mmap, device_files_and_write_only_files_are_refused)
{
	int fd = open("/dev/zero", O_RDWR);

	UK_TEST_ASSERT(fd >= 0);
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) ==
		       MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENODEV);
	close(fd);
}
