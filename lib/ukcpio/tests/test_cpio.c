/* SPDX-License-Identifier: BSD-3-Clause */
/* The cpio reader on archives built here: good, truncated, malicious. */
#include <uk/test.h>
#include <uk/cpio.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static char arc[4096];
static size_t arclen;

/* Append one newc entry (filesize may lie, to make bad archives). */
static void add(const char *name, unsigned int mode, const char *data,
		size_t len, size_t claimed)
{
	size_t n = strlen(name) + 1;

	arclen += (size_t)sprintf(arc + arclen,
				  "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
				  1u, mode, 0u, 0u, 1u, 0u, (unsigned int)claimed, 0u,
				  0u, 0u, 0u, (unsigned int)n, 0u);
	memcpy(arc + arclen, name, n);
	arclen += n;
	while (arclen % 4)
		arc[arclen++] = 0;
	memcpy(arc + arclen, data, len);
	arclen += len;
	while (arclen % 4)
		arc[arclen++] = 0;
}

static void good_archive(void)
{
	arclen = 0;
	add(".", 040755, "", 0, 0);
	add("./ct", 040755, "", 0, 0);
	add("./ct/hello.txt", 0100644, "hello\n", 6, 6);
	add("ct/sub", 040700, "", 0, 0);
	add("ct/sub/link", 0120777, "../hello.txt", 12, 12);
	add("TRAILER!!!", 0, "", 0, 0);
}

static int count(const struct uk_cpio_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

UK_TESTCASE(cpio, good_archive_is_walked)
{
	int n = 0;

	good_archive();
	UK_TEST_EXPECT_ZERO(uk_cpio_foreach(arc, arclen, count, &n));
	UK_TEST_EXPECT_SNUM_EQ(n, 4); /* "." is skipped */
}

UK_TESTCASE(cpio, good_archive_is_unpacked)
{
	char buf[32] = { 0 };
	struct stat st;
	int fd;

	good_archive();
	mkdir("/cpio_t", 0755);
	UK_TEST_ASSERT_SNUM_EQ(uk_cpio_extract(arc, arclen, "/cpio_t"), 0);
	fd = open("/cpio_t/ct/sub/link", O_RDONLY);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 6);
	UK_TEST_EXPECT_STR_EQ(buf, "hello\n");
	close(fd);
	UK_TEST_EXPECT_ZERO(stat("/cpio_t/ct/sub", &st));
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode & 0777, 0700 & ~022);
	unlink("/cpio_t/ct/sub/link");
	unlink("/cpio_t/ct/hello.txt");
	rmdir("/cpio_t/ct/sub");
	rmdir("/cpio_t/ct");
	UK_TEST_EXPECT_ZERO(rmdir("/cpio_t"));
}

UK_TESTCASE(cpio, every_truncation_is_refused)
{
	size_t full;
	int bad = 0, tries = 0;

	good_archive();
	full = arclen;
	/* cut before the trailer's end: always an error, never a crash */
	for (size_t cut = 0; cut < full - 4; cut += 5, tries++)
		bad += uk_cpio_foreach(arc, cut, NULL, NULL) == -EINVAL;
	UK_TEST_EXPECT_SNUM_EQ(bad, tries);
}

UK_TESTCASE(cpio, malicious_archives_are_refused)
{
	int n = 0;

	/* a name climbing out of the destination */
	arclen = 0;
	add("ok", 0100644, "x", 1, 1);
	add("../../etc/evil", 0100644, "x", 1, 1);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, count, &n), -EINVAL);
	UK_TEST_EXPECT_ZERO(n); /* checked before anything was handed out */
	arclen = 0;
	add("a/../../b", 0100644, "x", 1, 1);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_extract(arc, arclen, "/"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(access("/b", F_OK), -1);

	/* a size past the end */
	arclen = 0;
	add("big", 0100644, "xyz", 3, 0x7fffffff);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, NULL, NULL), -EINVAL);

	/* a name size past the end, a bad magic, bad hex, no trailer */
	arclen = 0;
	add("name", 0100644, "", 0, 0);
	memcpy(arc + 6 + 8 * 11, "0000FFFF", 8);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, NULL, NULL), -EINVAL);
	arclen = 0;
	add("name", 0100644, "", 0, 0);
	arc[0] = '1';
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, NULL, NULL), -EINVAL);
	arclen = 0;
	add("name", 0100644, "", 0, 0);
	arc[10] = 'g';
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, NULL, NULL), -EINVAL);
	arclen = 0;
	add("name", 0100644, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_foreach(arc, arclen, NULL, NULL), -EINVAL);
}
