/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside vfscore. */
#ifndef VFSCORE_INTERNAL_H
#define VFSCORE_INTERNAL_H

#include <uk/vfs.h>
#include <uk/file.h>

struct flock;

extern struct vnode *vfscore_root; /* NULL until "/" is mounted */

/* Make vp (whose reference it takes over) the working directory. */
void vfscore_set_cwd(struct vnode *vp);

/*
 * The vnode to use for directory vp, which may have mounts on it: the root
 * of the topmost one (vp's reference is swapped for one on it).
 */
struct vnode *vfscore_crossmount(struct vnode *vp);

/*
 * The parent directory of vp (not its mount's root) with a reference;
 * takes the mount's names lock.
 */
int vfscore_parent(struct vnode *vp, struct vnode **up);

/*
 * With the mount table locked: whether nothing of mp is in use but its
 * root, held by the mount and once by the caller.
 */
int vfscore_mount_idle(struct vfs_mount *mp);

/*
 * Lock two directories of one mount (names held), in the global order:
 * lower address first; one lock if they are the same.
 */
void vfscore_lock_two(struct vnode *a, struct vnode *b);
void vfscore_unlock_two(struct vnode *a, struct vnode *b);

/* The file system type of that name in the image, or NULL. */
const struct vfs_fstype *vfscore_find_fs(const char *name);

/* The vnode behind an open file, or NULL if it is no vfs file. */
struct vnode *vfscore_file_vnode(struct uk_file *f);

/* File locks (filelock.c): uk_file_ops of vfscore's open files. */
int vfscore_reclock(struct uk_file *f, int cmd, struct flock *fl);
void vfscore_reclock_fdclose(struct uk_file *f);
int vfscore_flock(struct uk_file *f, int op);
void vfscore_flock_release(struct uk_file *f);
/* A vnode is freed: whatever locks it still has go. */
void vfscore_filelocks_free(struct vnode *vp);

/*
 * MAP_SHARED pages (mapped.c). uk_file_ops of vfscore's open files:
 * vfscore_map gives the memory that shows the file's [off, off + len)
 * (page-aligned) to every MAP_SHARED mapping of it, vfscore_map_sync
 * writes back the changed pages of [mem, mem + len), vfscore_unmap drops
 * a use of what vfscore_map gave (the last one writes back and frees).
 */
int vfscore_map(struct uk_file *f, off_t off, size_t len, void **mem);
int vfscore_map_sync(struct uk_file *f, void *mem, size_t len);
void vfscore_unmap(struct uk_file *f, void *mem);
/*
 * With vp locked, after the file system read, wrote or truncated: what
 * was read gets the mapped pages' bytes, what was written goes into
 * them, what is past a new size is zeroed in them.
 */
void vfscore_mapped_read(struct vnode *vp, void *buf, size_t len, off_t off);
void vfscore_mapped_write(struct vnode *vp, const void *buf, size_t len,
			  off_t off);
void vfscore_mapped_truncate(struct vnode *vp, off_t size);

#endif
