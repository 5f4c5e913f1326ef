/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pages of a file that MAP_SHARED mappings show, one set per vnode,
 * so that every MAP_SHARED mapping of a file and every read() and write()
 * through any of its open files see the same bytes at once, as POSIX
 * requires, on any file system:
 *
 * - a chunk is a page-aligned block holding the file's bytes
 *   [off, off + len); a mapping of a range inside a chunk gets that
 *   chunk's memory (two mappings of the same pages are at one address:
 *   there is one address space and no page table to alias pages); a
 *   mapping of a range that touches no chunk makes a new one, filled from
 *   the file; one that partly overlaps a chunk is refused (-ENOMEM):
 *   its pages could not be both the old chunk's and contiguous;
 * - read() takes the file system's bytes, then copies over them what
 *   chunks hold for the same range (stores through a mapping that were
 *   not written back yet); write() writes to the file system and into
 *   the chunks (and their shadows), so a mapping sees it at once;
 * - each chunk keeps a shadow of what the file system has; msync, munmap
 *   and the last unmap write back the pages that differ from it (only up
 *   to the file's size: stores past the end never reach the file);
 * - truncating zeroes what chunks hold past the new size.
 *
 * Locking: a vnode's chunk list and the chunks' shadows are guarded by
 * the vnode lock; the chunks' memory is the application's to store into.
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <uk/alloc.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "vfscore.h"

#define VOPS(vp) ((vp)->mount->fs->vops)
#define PAGE 4096UL

struct vfs_mapchunk {
	struct vfs_mapchunk *next;
	off_t off;          /* the file offset of mem[0]; page-aligned */
	size_t len;         /* a multiple of PAGE */
	char *mem;          /* page-aligned */
	char *shadow;       /* what the file system has for these bytes */
	unsigned int users; /* mappings (backings) using it */
};

/* The file's size, or a negative errno. vp locked. */
static off_t file_size(struct vnode *vp)
{
	struct stat st;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = VOPS(vp)->getattr(vp, &st);
	return rc < 0 ? rc : st.st_size;
}

/* Fill c from the file system (zeros past its end). vp locked. */
static int chunk_fill(struct vnode *vp, struct vfs_mapchunk *c)
{
	size_t done = 0;

	while (done < c->len) {
		ssize_t r = VOPS(vp)->read(vp, c->mem + done, c->len - done,
					   c->off + (off_t)done);

		if (r < 0)
			return (int)r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	memcpy(c->shadow, c->mem, c->len);
	return 0;
}

static void chunk_free(struct vfs_mapchunk *c)
{
	uk_free(uk_alloc_get_default(), c->mem);
	free(c->shadow);
	free(c);
}

static struct vfs_mapchunk *chunk_new(struct vnode *vp, off_t off,
				      size_t len)
{
	struct vfs_mapchunk *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->off = off;
	c->len = len;
	c->mem = uk_memalign(uk_alloc_get_default(), PAGE, len);
	c->shadow = malloc(len);
	if (c->mem && c->shadow) {
		memset(c->mem, 0, len);
		if (chunk_fill(vp, c) == 0)
			return c;
	}
	chunk_free(c);
	return NULL;
}

int vfscore_map(struct uk_file *f, off_t off, size_t len, void **mem)
{
	struct vnode *vp = vfscore_file_vnode(f);
	struct vfs_mapchunk *c;
	int rc = 0;

	if (!vp || !VOPS(vp)->read || !VOPS(vp)->write)
		return -ENODEV;
	vfs_lock(&vp->lock);
	for (c = vp->mapped; c; c = c->next) {
		if (off >= c->off && off + (off_t)len <= c->off + (off_t)c->len)
			break; /* inside: share it */
		if (off < c->off + (off_t)c->len && c->off < off + (off_t)len) {
			rc = -ENOMEM; /* partly over it */
			break;
		}
	}
	if (!rc && !c) {
		c = chunk_new(vp, off, len);
		if (c) {
			c->next = vp->mapped;
			vp->mapped = c;
		} else {
			rc = -ENOMEM;
		}
	}
	if (!rc) {
		c->users++;
		*mem = c->mem + (off - c->off);
	}
	vfs_unlock(&vp->lock);
	return rc;
}

/* The chunk of vp holding address p, or NULL. vp locked. */
static struct vfs_mapchunk *chunk_at(struct vnode *vp, const char *p)
{
	struct vfs_mapchunk *c;

	for (c = vp->mapped; c; c = c->next)
		if (p >= c->mem && p < c->mem + c->len)
			return c;
	return NULL;
}

/* Write back c's pages in [from, to) (offsets in c). vp locked. */
static int chunk_sync(struct vnode *vp, struct vfs_mapchunk *c, size_t from,
		      size_t to)
{
	off_t size = file_size(vp);

	if (size < 0)
		return (int)size;
	if (size <= c->off)
		return 0;
	if ((off_t)to > size - c->off)
		to = (size_t)(size - c->off);
	for (size_t at = from & ~(PAGE - 1); at < to; at += PAGE) {
		size_t n = to - at < PAGE ? to - at : PAGE;
		ssize_t w;

		if (!memcmp(c->mem + at, c->shadow + at, n))
			continue;
		memcpy(c->shadow + at, c->mem + at, n);
		w = VOPS(vp)->write(vp, c->mem + at, n, c->off + (off_t)at);
		if (w < 0)
			return (int)w;
	}
	return 0;
}

int vfscore_map_sync(struct uk_file *f, void *mem, size_t len)
{
	struct vnode *vp = vfscore_file_vnode(f);
	struct vfs_mapchunk *c;
	int rc = 0;

	if (!vp)
		return -EINVAL;
	vfs_lock(&vp->lock);
	c = chunk_at(vp, mem);
	if (c) {
		size_t from = (size_t)((char *)mem - c->mem);

		rc = chunk_sync(vp, c, from, MIN(from + len, c->len));
	}
	vfs_unlock(&vp->lock);
	return rc;
}

void vfscore_unmap(struct uk_file *f, void *mem)
{
	struct vnode *vp = vfscore_file_vnode(f);
	struct vfs_mapchunk *c, **pp;

	if (!vp)
		return;
	vfs_lock(&vp->lock);
	c = chunk_at(vp, mem);
	if (c && --c->users == 0) {
		chunk_sync(vp, c, 0, c->len);
		for (pp = &vp->mapped; *pp != c; pp = &(*pp)->next)
			;
		*pp = c->next;
		chunk_free(c);
	}
	vfs_unlock(&vp->lock);
}

void vfscore_mapped_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	for (struct vfs_mapchunk *c = vp->mapped; c; c = c->next) {
		off_t s = MAX(off, c->off);
		off_t e = MIN(off + (off_t)len, c->off + (off_t)c->len);

		if (s < e)
			memcpy((char *)buf + (s - off), c->mem + (s - c->off),
			       (size_t)(e - s));
	}
}

void vfscore_mapped_write(struct vnode *vp, const void *buf, size_t len,
			  off_t off)
{
	for (struct vfs_mapchunk *c = vp->mapped; c; c = c->next) {
		off_t s = MAX(off, c->off);
		off_t e = MIN(off + (off_t)len, c->off + (off_t)c->len);

		if (s >= e)
			continue;
		memcpy(c->mem + (s - c->off), (const char *)buf + (s - off),
		       (size_t)(e - s));
		memcpy(c->shadow + (s - c->off), (const char *)buf + (s - off),
		       (size_t)(e - s));
	}
}

void vfscore_mapped_truncate(struct vnode *vp, off_t size)
{
	for (struct vfs_mapchunk *c = vp->mapped; c; c = c->next) {
		off_t s = MAX(size, c->off);
		off_t e = c->off + (off_t)c->len;

		if (s >= e)
			continue;
		memset(c->mem + (s - c->off), 0, (size_t)(e - s));
		memset(c->shadow + (s - c->off), 0, (size_t)(e - s));
	}
}
