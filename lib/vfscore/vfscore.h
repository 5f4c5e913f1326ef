/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside vfscore. */
#ifndef VFSCORE_INTERNAL_H
#define VFSCORE_INTERNAL_H

#include <uk/vfs.h>
#include <uk/file.h>

extern struct vnode *vfscore_root; /* NULL until "/" is mounted */
extern struct vnode *vfscore_cwdv;

/* The file system type of that name in the image, or NULL. */
const struct vfs_fstype *vfscore_find_fs(const char *name);

/* The vnode behind an open file, or NULL if it is no vfs file. */
struct vnode *vfscore_file_vnode(struct uk_file *f);

#endif
