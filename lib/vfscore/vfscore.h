/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside vfscore. */
#ifndef VFSCORE_INTERNAL_H
#define VFSCORE_INTERNAL_H

#include <uk/vfs.h>
#include <uk/file.h>

extern struct vnode *vfscore_root; /* NULL until "/" is mounted */
extern struct vnode *vfscore_cwdv;

/* The vnode behind an open file, or NULL if it is no vfs file. */
struct vnode *vfscore_file_vnode(struct uk_file *f);

#endif
