/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpio archives in the "newc" format (magic 070701 or 070702): a 110-byte
 * ASCII header of hexadecimal fields, the NUL-terminated name padded to 4
 * bytes, the data padded to 4 bytes; the entry "TRAILER!!!" ends the
 * archive.
 */
#ifndef UK_CPIO_H
#define UK_CPIO_H

#include <uk/essentials.h>
#include <sys/types.h>

struct uk_cpio_entry {
	const char *name;  /* relative, without leading "./" or "/" */
	mode_t mode;       /* type and permission bits */
	const void *data;  /* file content, or a symlink's target text */
	size_t size;
	unsigned long mtime;
};

/*
 * Check the whole archive buf[0..len), then call fn for each entry in
 * order (the root "." entry is skipped). Returns 0, -EINVAL for a
 * malformed archive (bad magic or number, truncated, a size past the end,
 * a name with a ".." component, no trailer) with a message saying what
 * and where, or the first negative value fn returned (which stops).
 */
int uk_cpio_foreach(const void *buf, size_t len,
		    int (*fn)(const struct uk_cpio_entry *e, void *arg),
		    void *arg);

/*
 * Unpack the archive into directory dest (which must exist) with the
 * POSIX calls: directories, regular files, symlinks; other types are
 * skipped with a warning. Nothing is written outside dest: symlinks are
 * made as given but never followed; an entry whose path passes through a
 * symlink, or whose place holds one, gives -EPERM, a non-directory on its
 * path -ENOTDIR, a missing directory -ENOENT, each with a message naming
 * the entry. Returns 0 or a negative errno. The archive is checked first,
 * so a malformed one writes nothing; a refused entry stops the unpacking
 * there (the entries before it stay).
 */
int uk_cpio_extract(const void *buf, size_t len, const char *dest);

#endif
