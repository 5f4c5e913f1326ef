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
#include <dirent.h>
#include <limits.h>

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

/* rm -r path, without following symlinks; 0 or -1. */
static int remove_tree(const char *path)
{
	char sub[PATH_MAX];
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		remove_tree(sub);
	}
	closedir(dir);
	return rmdir(path);
}

/* Entries of directory path, "." and ".." aside; -1 if it will not open. */
static int count_entries(const char *path)
{
	struct dirent *d;
	DIR *dir = opendir(path);
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
	closedir(dir);
	return n;
}

/*
 * Extract into /cpio_esc/root; returns what uk_cpio_extract did. The
 * directory around the root must then hold only "root".
 */
static int extract_in_box(void)
{
	remove_tree("/cpio_esc");
	mkdir("/cpio_esc", 0755);
	mkdir("/cpio_esc/root", 0755);
	return uk_cpio_extract(arc, arclen, "/cpio_esc/root");
}

UK_TESTCASE(cpio, symlink_in_the_path_is_refused)
{
	struct stat st;

	/* etc/up -> ../.. is /cpio_esc: etc/up/X would be /cpio_esc/X */
	arclen = 0;
	add("etc", 040755, "", 0, 0);
	add("etc/up", 0120777, "../..", 5, 5);
	add("etc/up/X", 0100644, "escaped", 7, 7);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(access("/cpio_esc/X", F_OK), -1);
	UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);
	/* what came before the bad entry is there, the link left as made */
	UK_TEST_EXPECT_ZERO(lstat("/cpio_esc/root/etc/up", &st));
	UK_TEST_EXPECT(S_ISLNK(st.st_mode));

	/* the same through an absolute target, and deeper */
	arclen = 0;
	add("abs", 0120777, "/cpio_esc", 9, 9);
	add("abs/sub/Y", 0100644, "escaped", 7, 7);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);
	arclen = 0;
	add("abs", 0120777, "/cpio_esc", 9, 9);
	add("abs/newdir", 040755, "", 0, 0);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);
	UK_TEST_EXPECT_ZERO(remove_tree("/cpio_esc"));
}

UK_TESTCASE(cpio, entry_over_a_symlink_is_refused)
{
	/* a file, a directory, a link where a link to outside lies */
	static const unsigned int modes[] = { 0100644, 040755, 0120777 };

	for (unsigned int i = 0; i < 3; i++) {
		arclen = 0;
		add("out", 0120777, "/cpio_esc/Z", 11, 11);
		add("out", modes[i], "zz", modes[i] == 040755 ? 0 : 2,
		    modes[i] == 040755 ? 0 : 2);
		add("TRAILER!!!", 0, "", 0, 0);
		UK_TEST_EXPECT(extract_in_box() < 0);
		UK_TEST_EXPECT_SNUM_EQ(access("/cpio_esc/Z", F_OK), -1);
		UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);
	}
	/* a trailing slash does not make the link a directory */
	arclen = 0;
	add("out", 0120777, "/cpio_esc", 9, 9);
	add("out/", 040755, "", 0, 0);
	add("out//Z", 0100644, "zz", 2, 2);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);
	UK_TEST_EXPECT_ZERO(remove_tree("/cpio_esc"));
}

UK_TESTCASE(cpio, absolute_names_stay_inside_and_files_are_no_dirs)
{
	char buf[8] = { 0 };
	int fd;

	/* "/top" and "./top2" land in the root, not in / */
	arclen = 0;
	add("/top", 0100644, "t", 1, 1);
	add("//./top2", 0100644, "u", 1, 1);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_ZERO(extract_in_box());
	UK_TEST_EXPECT_SNUM_EQ(access("/top", F_OK), -1);
	fd = open("/cpio_esc/root/top", O_RDONLY);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 1);
	close(fd);
	UK_TEST_EXPECT_ZERO(access("/cpio_esc/root/top2", F_OK));

	/* a file in the middle of a path; a missing parent */
	arclen = 0;
	add("f", 0100644, "x", 1, 1);
	add("f/g", 0100644, "x", 1, 1);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -ENOTDIR);
	arclen = 0;
	add("nodir/g", 0100644, "x", 1, 1);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(extract_in_box(), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(count_entries("/cpio_esc"), 1);

	/* a directory listed twice is fine; a symlink to a directory kept */
	arclen = 0;
	add("d", 040755, "", 0, 0);
	add("d", 040755, "", 0, 0);
	add("d/l", 0120777, "..", 2, 2);
	add("TRAILER!!!", 0, "", 0, 0);
	UK_TEST_EXPECT_ZERO(extract_in_box());
	UK_TEST_EXPECT_ZERO(remove_tree("/cpio_esc"));
}
