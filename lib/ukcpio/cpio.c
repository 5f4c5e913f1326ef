/* SPDX-License-Identifier: BSD-3-Clause */
/* The newc cpio reader and extractor. */
#include <uk/cpio.h>
#include <uk/print.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <limits.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

#define HDR_LEN 110
#define PAD4(x) (((x) + 3) & ~(size_t)3)

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJ, F_DEVMIN, F_RDEVMAJ, F_RDEVMIN, F_NAMESIZE, F_CHECK,
       F_COUNT };

/* Eight hex digits at p; -1 if any is not one. */
static long hex8(const char *p)
{
	long v = 0;

	for (int i = 0; i < 8; i++) {
		int c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Whether name has a ".." component. */
static int has_dotdot(const char *name)
{
	const char *p = name;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

static int bad(size_t off, const char *what)
{
	uk_pr_err("cpio: malformed archive at offset %zu: %s\n", off, what);
	return -EINVAL;
}

/* One pass: check everything, and call fn if it is not NULL. */
static int walk(const unsigned char *buf, size_t len,
		int (*fn)(const struct uk_cpio_entry *, void *), void *arg)
{
	size_t off = 0;

	for (;;) {
		const char *h = (const char *)buf + off;
		long f[F_COUNT];
		size_t namesize, filesize, data_off;
		struct uk_cpio_entry e;
		const char *name;
		int rc;

		if (len - off < HDR_LEN)
			return bad(off, "truncated header (no trailer)");
		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
			return bad(off, "not a newc cpio header");
		for (int i = 0; i < F_COUNT; i++) {
			f[i] = hex8(h + 6 + 8 * i);
			if (f[i] < 0)
				return bad(off, "bad hexadecimal field");
		}
		namesize = (size_t)f[F_NAMESIZE];
		filesize = (size_t)f[F_FILESIZE];
		if (namesize < 2 || namesize > PATH_MAX)
			return bad(off, "bad name size");
		if (namesize > len - off - HDR_LEN)
			return bad(off, "name past the end");
		name = h + HDR_LEN;
		if (name[namesize - 1] != 0 || strlen(name) != namesize - 1)
			return bad(off, "name not NUL-terminated");
		data_off = off + PAD4(HDR_LEN + namesize);
		if (data_off > len || filesize > len - data_off)
			return bad(off, "file size past the end");
		if (!strcmp(name, "TRAILER!!!"))
			return 0;
		while (name[0] == '.' && name[1] == '/')
			name += 2;
		while (name[0] == '/')
			name++;
		if (has_dotdot(name))
			return bad(off, "name with \"..\"");
		if (S_ISLNK((mode_t)f[F_MODE]) &&
		    (filesize == 0 || filesize >= PATH_MAX))
			return bad(off, "bad symlink target size");
		if (fn && name[0] && strcmp(name, ".")) {
			e.name = name;
			e.mode = (mode_t)f[F_MODE];
			e.data = buf + data_off;
			e.size = filesize;
			e.mtime = (unsigned long)f[F_MTIME];
			rc = fn(&e, arg);
			if (rc < 0)
				return rc;
		}
		off = data_off + PAD4(filesize);
		if (off > len)
			off = len; /* last padding missing: the next check says so */
	}
}

int uk_cpio_foreach(const void *buf, size_t len,
		    int (*fn)(const struct uk_cpio_entry *e, void *arg),
		    void *arg)
{
	int rc = walk(buf, len, NULL, NULL);

	if (rc < 0 || !fn)
		return rc;
	return walk(buf, len, fn, arg);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Check that the directories leading to entry e (under dest, at path)
 * exist and are real directories, one component at a time with lstat, so
 * nothing the archive made earlier (a symlink "etc/up -> ../..") can
 * carry a later entry out of dest; and that the entry's own place holds
 * no symlink (which open or mkdir would follow). path is restored before
 * returning. 0, or a negative errno with a message naming the entry.
 */
static int check_place(const struct uk_cpio_entry *e, char *path,
		       size_t destlen)
{
	char *p = path + destlen + 1, *slash;
	struct stat st;

	for (;;) {
		slash = strchr(p, '/');
		if (slash)
			*slash = 0;
		if (lstat(path, &st) < 0) {
			int rc = -errno;

			if (!slash && rc == -ENOENT)
				return 0; /* the entry's own place: free */
			if (rc == -ENOENT)
				uk_pr_err("cpio: entry '%s': its directory '%s' does not exist (the archive must list it first)\n",
					  e->name, path + destlen + 1);
			else
				uk_pr_err("cpio: entry '%s': cannot look at '%s': %s\n",
					  e->name, path + destlen + 1,
					  strerror(-rc));
			if (slash)
				*slash = '/';
			return rc;
		}
		if (S_ISLNK(st.st_mode)) {
			uk_pr_err("cpio: entry '%s': '%s' is a symlink; entries are never written through or over symlinks\n",
				  e->name, path + destlen + 1);
			if (slash)
				*slash = '/';
			return -EPERM;
		}
		if (!slash)
			return 0;
		*slash = '/';
		if (!S_ISDIR(st.st_mode)) {
			*slash = 0;
			uk_pr_err("cpio: entry '%s': '%s' is not a directory\n",
				  e->name, path + destlen + 1);
			*slash = '/';
			return -ENOTDIR;
		}
		p = slash + 1;
	}
}

static int extract_one(const struct uk_cpio_entry *e, void *arg)
{
	const char *dest = arg;
	char path[PATH_MAX], target[PATH_MAX];
	size_t destlen = strlen(dest);
	struct stat st;
	int fd, rc = 0;

	while (destlen > 1 && dest[destlen - 1] == '/')
		destlen--;
	if (destlen == 1 && dest[0] == '/')
		destlen = 0; /* "/" + "/" + name would start with "//" */
	if (destlen + 1 + strlen(e->name) >= sizeof(path)) {
		uk_pr_err("cpio: entry '%s': the path is too long\n", e->name);
		return -ENAMETOOLONG;
	}
	memcpy(path, dest, destlen);
	path[destlen] = '/';
	strcpy(path + destlen + 1, e->name);
	/* "dir/" is "dir": a trailing slash would make lstat follow a link */
	for (size_t n = strlen(path); n > destlen + 1 && path[n - 1] == '/';)
		path[--n] = 0;
	rc = check_place(e, path, destlen);
	if (rc < 0)
		return rc;
	if (S_ISDIR(e->mode)) {
		if (mkdir(path, e->mode & 07777) < 0) {
			rc = -errno;
			/* a directory listed twice is fine; anything else not */
			if (rc == -EEXIST && !lstat(path, &st) &&
			    S_ISDIR(st.st_mode))
				rc = 0;
		}
	} else if (S_ISREG(e->mode)) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
			  e->mode & 07777);
		if (fd < 0)
			rc = -errno;
		else {
			rc = write_all(fd, e->data, e->size);
			close(fd);
		}
	} else if (S_ISLNK(e->mode)) {
		/* stored as given: the extractor itself never follows it */
		memcpy(target, e->data, e->size);
		target[e->size] = 0;
		if (symlink(target, path) < 0)
			rc = -errno;
	} else {
		uk_pr_warn("cpio: entry '%s': file type %o skipped\n", e->name,
			   (unsigned int)(e->mode & S_IFMT));
	}
	if (rc < 0)
		uk_pr_err("cpio: entry '%s': cannot unpack it: %s\n", e->name,
			  strerror(-rc));
	return rc;
}

int uk_cpio_extract(const void *buf, size_t len, const char *dest)
{
	return uk_cpio_foreach(buf, len, extract_one, (void *)dest);
}
