/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cpio (newc) reader and extractor on the host. The input is the
 * archive, in a buffer of exactly its size. uk_cpio_foreach checks it
 * and lists its entries (each checked: a relative name without "..",
 * data inside the archive); a well-formed archive is then unpacked with
 * uk_cpio_extract into a private directory, <tmp>/box/root, with the
 * host's POSIX calls.
 *
 * The escape check: the extractor's open, mkdir and symlink calls are
 * linked to wrappers (-Wl,--wrap) that resolve the directory each call
 * creates in, symlinks followed, and stop with a crash if it is not
 * inside root; and after each input, box must hold nothing but root. A
 * malformed archive must write nothing at all. root is emptied between
 * inputs.
 */
#include "shim.h"
#include <uk/cpio.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char box[PATH_MAX];
static char root[PATH_MAX]; /* box/root, with symlinks resolved */
static int armed;           /* check the calls of the extractor */

int __real_open(const char *path, int flags, ...);
int __real_mkdir(const char *path, mode_t mode);
int __real_symlink(const char *target, const char *path);

/* Is the directory path would be created in inside root? */
static void check_inside(const char *call, const char *path)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = strlen(root);

	if (!armed)
		return;
	FUZZ_CHECK(slash && (size_t)(slash - path) < sizeof(dir),
		   "%s('%s'): not an absolute path under root", call, path);
	FUZZ_CHECK(strcmp(slash + 1, ".."), "%s('%s'): ends in \"..\"", call,
		   path);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = 0;
	if (!realpath(dir, real))
		return; /* no such directory: the call fails */
	FUZZ_CHECK(!strncmp(real, root, n) && (!real[n] || real[n] == '/'),
		   "ESCAPE: %s('%s') creates in '%s', outside '%s'", call,
		   path, real, root);
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & O_CREAT)
		mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (flags & (O_CREAT | O_WRONLY | O_RDWR | O_TRUNC))
		check_inside("open", path);
	return __real_open(path, flags, mode);
}

int __wrap_mkdir(const char *path, mode_t mode)
{
	check_inside("mkdir", path);
	return __real_mkdir(path, mode);
}

int __wrap_symlink(const char *target, const char *path)
{
	check_inside("symlink", path);
	return __real_symlink(target, path);
}

/* Remove path and everything under it, never following a symlink. */
static void remove_tree(const char *path)
{
	struct stat st;
	struct dirent *d;
	DIR *dir;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700); /* an archive may make directories mode 000 */
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		size_t n = strlen(path) + strlen(d->d_name) + 2;
		char *sub;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		sub = malloc(n);
		snprintf(sub, n, "%s/%s", path, d->d_name);
		remove_tree(sub);
		free(sub);
	}
	if (dir)
		closedir(dir);
	rmdir(path);
}

/* How many entries directory path holds (besides . and ..). */
static int entries(const char *path, const char *only)
{
	struct dirent *d;
	DIR *dir = opendir(path);
	int n = 0;

	FUZZ_CHECK(dir != NULL, "cannot read '%s'", path);
	while ((d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
		    (!only || strcmp(d->d_name, only)))
			n++;
	closedir(dir);
	return n;
}

static void cleanup(void)
{
	remove_tree(box);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];

	(void)argc, (void)argv;
	snprintf(box, sizeof(box), "%s/tessera-fuzz-cpio-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(box)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/root", box);
	if (__real_mkdir(path, 0755) < 0 || !realpath(path, root)) {
		perror("fuzz: making the extraction directory");
		exit(1);
	}
	umask(022);
	atexit(cleanup);
	return 0;
}

static int has_dotdot(const char *name)
{
	for (const char *p = name; (p = strstr(p, "..")); p++)
		if ((p == name || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return 1;
	return 0;
}

struct walk {
	const uint8_t *buf;
	size_t len;
	int n;
};

static int check_entry(const struct uk_cpio_entry *e, void *arg)
{
	struct walk *w = arg;

	w->n++;
	FUZZ_CHECK(fuzz_within(e->name, strlen(e->name) + 1, w->buf, w->len),
		   "entry %d: name outside the archive", w->n);
	FUZZ_CHECK(e->name[0] && e->name[0] != '/' && strcmp(e->name, "."),
		   "entry %d: name '%s' is empty, absolute or the root",
		   w->n, e->name);
	FUZZ_CHECK(!has_dotdot(e->name), "entry %d: name '%s' has \"..\"",
		   w->n, e->name);
	FUZZ_CHECK(fuzz_within(e->data, e->size, w->buf, w->len),
		   "entry '%s': data outside the archive", e->name);
	if (S_ISLNK(e->mode))
		FUZZ_CHECK(e->size > 0 && e->size < PATH_MAX,
			   "symlink '%s' with a %zu-byte target", e->name,
			   e->size);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *arc = malloc(size ? size : 1);
	struct walk w = { arc, size, 0 };
	int rc, rc2;

	memcpy(arc, data, size);
	rc = uk_cpio_foreach(arc, size, NULL, NULL);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL, "uk_cpio_foreach: %d", rc);
	rc2 = uk_cpio_foreach(arc, size, check_entry, &w);
	FUZZ_CHECK(rc2 == rc, "the walk gave %d, then %d", rc, rc2);

	armed = 1;
	rc2 = uk_cpio_extract(arc, size, root);
	armed = 0;
	FUZZ_CHECK(rc2 <= 0, "uk_cpio_extract: %d", rc2);
	FUZZ_CHECK(rc == 0 || (rc2 == rc && !entries(root, NULL)),
		   "a malformed archive (%d) was unpacked (%d)", rc, rc2);
	FUZZ_CHECK(!entries(box, "root"),
		   "ESCAPE: something was created beside the extraction directory");

	remove_tree(root);
	FUZZ_CHECK(__real_mkdir(root, 0755) == 0, "cannot remake '%s'", root);
	free(arc);
	return 0;
}
