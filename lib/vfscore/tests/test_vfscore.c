/* SPDX-License-Identifier: BSD-3-Clause */
/* vfscore over ramfs: names, directories, errors, lookup, the vnode cache. */
#include <uk/test.h>
#include <uk/vfs.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <limits.h>
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

/* -1 with errno e, as the POSIX call should fail. */
#define EXPECT_ERR(call, e)                                                    \
	do {                                                                   \
		errno = 0;                                                     \
		UK_TEST_EXPECT_SNUM_EQ((long)(call), -1);                      \
		UK_TEST_EXPECT_SNUM_EQ(errno, e);                              \
	} while (0)

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		write(fd, text, strlen(text));
		close(fd);
	}
}

UK_TESTCASE(vfscore, root_is_mounted_and_cwd)
{
	char buf[64];
	struct stat st;

	UK_TEST_ASSERT(vfs_mounts() != NULL);
	UK_TEST_EXPECT_ZERO(stat("/", &st));
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	UK_TEST_EXPECT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/");
}

UK_TESTCASE(vfscore, write_read_seek_stat)
{
	char buf[32] = { 0 };
	struct stat st;
	int fd;

	fd = open("/vt_file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "hello world", 11), 11);
	UK_TEST_EXPECT_SNUM_EQ(lseek(fd, 6, SEEK_SET), 6);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 5);
	UK_TEST_EXPECT_STR_EQ(buf, "world");
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_SNUM_EQ(pwrite(fd, "W", 1, 6), 1);
	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 5, 6), 5);
	UK_TEST_EXPECT_STR_EQ(buf, "World");
	/* a write past the end leaves a zero-filled hole */
	UK_TEST_EXPECT_SNUM_EQ(pwrite(fd, "!", 1, 20), 1);
	UK_TEST_EXPECT_ZERO(fstat(fd, &st));
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 21);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode & 0777, 0600 & ~022);
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 1, 15), 1);
	UK_TEST_EXPECT_SNUM_EQ(buf[0], 0);
	UK_TEST_EXPECT_ZERO(ftruncate(fd, 5));
	UK_TEST_EXPECT_SNUM_EQ(lseek(fd, 0, SEEK_END), 5);
	EXPECT_ERR(lseek(fd, -10, SEEK_CUR), EINVAL);
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_ZERO(truncate("/vt_file", 2));
	UK_TEST_EXPECT_ZERO(stat("/vt_file", &st));
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 2);
	UK_TEST_EXPECT_ZERO(unlink("/vt_file"));
}

/* ramfs keeps everything in memory: syncing succeeds and changes nothing. */
UK_TESTCASE(vfscore, fsync_and_fdatasync)
{
	char buf[8] = { 0 };
	int fd;

	fd = open("/vt_sync", O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "sync", 4), 4);
	UK_TEST_EXPECT_ZERO(fsync(fd));
	UK_TEST_EXPECT_ZERO(fdatasync(fd));
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, sizeof(buf), 0), 4);
	UK_TEST_EXPECT_STR_EQ(buf, "sync");
	UK_TEST_EXPECT_ZERO(close(fd));
	EXPECT_ERR(fsync(fd), EBADF);
	EXPECT_ERR(fdatasync(-1), EBADF);
	UK_TEST_EXPECT_ZERO(unlink("/vt_sync"));
}

UK_TESTCASE(vfscore, append_and_access_modes)
{
	char buf[16] = { 0 };
	int fd;

	put("/vt_app", "ab");
	fd = open("/vt_app", O_WRONLY | O_APPEND);
	UK_TEST_ASSERT(fd >= 0);
	lseek(fd, 0, SEEK_SET);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "cd", 2), 2);
	EXPECT_ERR(read(fd, buf, 1), EBADF);
	close(fd);
	fd = open("/vt_app", O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_STR_EQ(buf, "abcd");
	EXPECT_ERR(write(fd, "x", 1), EBADF);
	EXPECT_ERR(ftruncate(fd, 0), EBADF);
	close(fd);
	unlink("/vt_app");
}

UK_TESTCASE(vfscore, error_paths)
{
	char longname[NAME_MAX + 2];
	char *longpath;
	int fd;

	EXPECT_ERR(open("/vt_missing", O_RDONLY), ENOENT);
	EXPECT_ERR(open("/vt_nodir/x", O_RDWR | O_CREAT, 0644), ENOENT);
	EXPECT_ERR(open("", O_RDONLY), ENOENT);
	EXPECT_ERR(stat("/vt_missing", &(struct stat){ 0 }), ENOENT);
	EXPECT_ERR(unlink("/vt_missing"), ENOENT);
	EXPECT_ERR(rmdir("/vt_missing"), ENOENT);
	EXPECT_ERR(rename("/vt_missing", "/vt_x"), ENOENT);

	UK_TEST_EXPECT_ZERO(mkdir("/vt_dir", 0755));
	EXPECT_ERR(mkdir("/vt_dir", 0755), EEXIST);
	EXPECT_ERR(mkdir("/", 0755), EEXIST);
	put("/vt_dir/f", "x");
	EXPECT_ERR(open("/vt_dir/f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	EXPECT_ERR(symlink("f", "/vt_dir/f"), EEXIST);

	EXPECT_ERR(open("/vt_dir/f/x", O_RDONLY), ENOTDIR);
	EXPECT_ERR(mkdir("/vt_dir/f/x", 0755), ENOTDIR);
	EXPECT_ERR(rmdir("/vt_dir/f"), ENOTDIR);
	EXPECT_ERR(open("/vt_dir/f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERR(opendir("/vt_dir/f") ? 0 : -1, ENOTDIR);
	EXPECT_ERR(chdir("/vt_dir/f"), ENOTDIR);
	EXPECT_ERR(stat("/vt_dir/f/", &(struct stat){ 0 }), ENOTDIR);

	EXPECT_ERR(open("/vt_dir", O_WRONLY), EISDIR);
	EXPECT_ERR(open("/vt_dir", O_RDWR | O_TRUNC), EISDIR);
	EXPECT_ERR(unlink("/vt_dir"), EISDIR);
	fd = open("/vt_dir", O_RDONLY);
	UK_TEST_EXPECT(fd >= 0);
	EXPECT_ERR(read(fd, longname, 1), EISDIR);
	close(fd);

	EXPECT_ERR(rmdir("/vt_dir"), ENOTEMPTY);
	EXPECT_ERR(rename("/vt_dir", "/vt_dir/sub"), EINVAL);

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	EXPECT_ERR(open(longname, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	EXPECT_ERR(mkdir(longname, 0755), ENAMETOOLONG);
	longpath = malloc(PATH_MAX + 10);
	UK_TEST_ASSERT(longpath != NULL);
	for (int i = 0; i < PATH_MAX + 8; i++)
		longpath[i] = i % 2 ? '/' : 'a';
	longpath[PATH_MAX + 8] = 0;
	EXPECT_ERR(stat(longpath, &(struct stat){ 0 }), ENAMETOOLONG);
	free(longpath);

	unlink("/vt_dir/f");
	UK_TEST_EXPECT_ZERO(rmdir("/vt_dir"));
}

UK_TESTCASE(vfscore, dotdot_symlinks_and_cwd)
{
	char buf[PATH_MAX];
	struct stat a, b;

	UK_TEST_EXPECT_ZERO(mkdir("/vt_a", 0755));
	UK_TEST_EXPECT_ZERO(mkdir("/vt_a/b", 0755));
	UK_TEST_EXPECT_ZERO(mkdir("/vt_a/b/c", 0755));
	put("/vt_a/b/c/file", "content");
	UK_TEST_EXPECT_ZERO(stat("/vt_a/b/c/../../b/./c/file", &a));
	UK_TEST_EXPECT_SNUM_EQ(a.st_size, 7);
	UK_TEST_EXPECT_ZERO(stat("/../../vt_a/b", &b)); /* .. stops at / */
	/* relative and absolute symlinks, chains, dangling, loops */
	UK_TEST_EXPECT_ZERO(symlink("b/c", "/vt_a/rel"));
	UK_TEST_EXPECT_ZERO(symlink("/vt_a/rel/file", "/vt_a/abs"));
	UK_TEST_EXPECT_ZERO(stat("/vt_a/abs", &b));
	UK_TEST_EXPECT_SNUM_EQ(b.st_size, 7);
	UK_TEST_EXPECT_ZERO(lstat("/vt_a/abs", &b));
	UK_TEST_EXPECT(S_ISLNK(b.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(readlink("/vt_a/abs", buf, sizeof(buf)), 14);
	UK_TEST_EXPECT_ZERO(memcmp(buf, "/vt_a/rel/file", 14));
	EXPECT_ERR(readlink("/vt_a/b", buf, sizeof(buf)), EINVAL);
	UK_TEST_EXPECT_ZERO(stat("/vt_a/rel/../c/file", &b)); /* .. of the link's target */
	UK_TEST_EXPECT_ZERO(symlink("nowhere", "/vt_a/dangling"));
	EXPECT_ERR(stat("/vt_a/dangling", &b), ENOENT);
	UK_TEST_EXPECT_ZERO(symlink("loop2", "/vt_a/loop1"));
	UK_TEST_EXPECT_ZERO(symlink("loop1", "/vt_a/loop2"));
	EXPECT_ERR(stat("/vt_a/loop1", &b), ELOOP);
	EXPECT_ERR(open("/vt_a/abs", O_RDONLY | O_NOFOLLOW), ELOOP);
	/* the working directory */
	UK_TEST_EXPECT_ZERO(chdir("/vt_a/rel"));
	UK_TEST_EXPECT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/vt_a/b/c");
	UK_TEST_EXPECT_ZERO(stat("file", &b));
	UK_TEST_EXPECT_ZERO(chdir(".."));
	UK_TEST_EXPECT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/vt_a/b");
	EXPECT_ERR(getcwd(buf, 3) ? 0 : -1, ERANGE);
	UK_TEST_EXPECT_ZERO(chdir("/"));
	unlink("/vt_a/loop1");
	unlink("/vt_a/loop2");
	unlink("/vt_a/dangling");
	unlink("/vt_a/abs");
	unlink("/vt_a/rel");
	unlink("/vt_a/b/c/file");
	rmdir("/vt_a/b/c");
	rmdir("/vt_a/b");
	UK_TEST_EXPECT_ZERO(rmdir("/vt_a"));
}

UK_TESTCASE(vfscore, rename_link_and_open_unlinked)
{
	char buf[8] = { 0 };
	struct stat st;
	int fd;

	mkdir("/vt_r", 0755);
	mkdir("/vt_r/d1", 0755);
	mkdir("/vt_r/d2", 0755);
	put("/vt_r/d1/f", "one");
	put("/vt_r/d2/g", "two");
	UK_TEST_EXPECT_ZERO(rename("/vt_r/d1/f", "/vt_r/d2/g")); /* replaces g */
	EXPECT_ERR(stat("/vt_r/d1/f", &st), ENOENT);
	fd = open("/vt_r/d2/g", O_RDONLY);
	read(fd, buf, 3);
	close(fd);
	UK_TEST_EXPECT_STR_EQ(buf, "one");
	UK_TEST_EXPECT_ZERO(rename("/vt_r/d2", "/vt_r/d3")); /* directory */
	UK_TEST_EXPECT_ZERO(stat("/vt_r/d3/g", &st));
	EXPECT_ERR(rename("/vt_r/d3/g", "/vt_r/d1"), EISDIR);
	/* hard links share content */
	UK_TEST_EXPECT_ZERO(link("/vt_r/d3/g", "/vt_r/h"));
	UK_TEST_EXPECT_ZERO(stat("/vt_r/h", &st));
	UK_TEST_EXPECT_SNUM_EQ(st.st_nlink, 2);
	EXPECT_ERR(link("/vt_r/d3", "/vt_r/dirlink"), EPERM);
	/* an open file outlives its last name */
	fd = open("/vt_r/h", O_RDWR);
	UK_TEST_EXPECT_ZERO(unlink("/vt_r/h"));
	UK_TEST_EXPECT_ZERO(unlink("/vt_r/d3/g"));
	UK_TEST_EXPECT_SNUM_EQ(pwrite(fd, "ONE", 3, 0), 3);
	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 3, 0), 3);
	UK_TEST_EXPECT_STR_EQ(buf, "ONE");
	close(fd);
	rmdir("/vt_r/d1");
	rmdir("/vt_r/d3");
	UK_TEST_EXPECT_ZERO(rmdir("/vt_r"));
}

UK_TESTCASE(vfscore, readdir_lists_everything_once)
{
	const char *names[] = { "a", "bb", "ccc", "dir" };
	int seen[4] = { 0 }, dots = 0, other = 0;
	struct dirent *e;
	DIR *d;

	mkdir("/vt_l", 0755);
	for (int i = 0; i < 3; i++) {
		char p[32];

		strcpy(p, "/vt_l/");
		strcat(p, names[i]);
		put(p, "x");
	}
	mkdir("/vt_l/dir", 0755);
	d = opendir("/vt_l");
	UK_TEST_ASSERT(d != NULL);
	while ((e = readdir(d))) {
		int found = 0;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		for (int i = 0; i < 4; i++)
			if (!strcmp(e->d_name, names[i])) {
				seen[i]++;
				found = 1;
				UK_TEST_EXPECT_SNUM_EQ(e->d_type,
						       i == 3 ? DT_DIR : DT_REG);
			}
		other += !found;
	}
	rewinddir(d);
	UK_TEST_EXPECT_NOT_NULL(readdir(d));
	closedir(d);
	UK_TEST_EXPECT_SNUM_EQ(dots, 2);
	UK_TEST_EXPECT_ZERO(other);
	for (int i = 0; i < 4; i++)
		UK_TEST_EXPECT_SNUM_EQ(seen[i], 1);
	for (int i = 0; i < 3; i++) {
		char p[32];

		strcpy(p, "/vt_l/");
		strcat(p, names[i]);
		unlink(p);
	}
	rmdir("/vt_l/dir");
	UK_TEST_EXPECT_ZERO(rmdir("/vt_l"));
}

UK_TESTCASE(vfscore, mount_on_a_directory_and_vnode_cache)
{
	struct stat st;
	int before = vfs_vnode_count(), fd;

	mkdir("/vt_mnt", 0755);
	UK_TEST_EXPECT_ZERO(vfs_mount("none", "/vt_mnt", "ramfs", 0, NULL));
	UK_TEST_EXPECT_SNUM_EQ(vfs_mount("none", "/vt_mnt", "ramfs", 0, NULL),
			       -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(vfs_mount("none", "/vt_x", "nosuchfs", 0, NULL),
			       -ENODEV);
	put("/vt_mnt/inside", "x");
	UK_TEST_EXPECT_ZERO(stat("/vt_mnt/../vt_mnt/inside", &st));
	EXPECT_ERR(rename("/vt_mnt/inside", "/vt_out"), EXDEV);
	fd = open("/vt_mnt/inside", O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(vfs_unmount("/vt_mnt"), -EBUSY);
	close(fd);
	UK_TEST_EXPECT_ZERO(vfs_unmount("/vt_mnt"));
	EXPECT_ERR(stat("/vt_mnt/inside", &st), ENOENT);
	UK_TEST_EXPECT_ZERO(rmdir("/vt_mnt"));
	UK_TEST_EXPECT_SNUM_EQ(vfs_vnode_count(), before);
}

#ifdef CONFIG_LIBVFSCORE_AUTOMOUNT
UK_TESTCASE(vfscore, tmp_exists_sticky_and_writable)
{
	struct stat st;
	int fd;

	UK_TEST_ASSERT_SNUM_EQ(stat("/tmp", &st), 0);
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode & 07777, 01777);
	fd = open("/tmp/vt_tmp", O_CREAT | O_RDWR, 0600);
	UK_TEST_EXPECT(fd >= 0);
	close(fd);
	UK_TEST_EXPECT_ZERO(unlink("/tmp/vt_tmp"));
}
#endif
