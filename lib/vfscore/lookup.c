/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Path lookup. Components are taken one by one from a working copy of
 * the path; a symlink met on the way replaces what it names by its text
 * (absolute links restart at the root); ".." stops at the root and climbs
 * out of a mounted file system onto the directory it covers.
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include "vfscore.h"

#define MAXSYMLINKS 40

/*
 * The parent of directory vp (not a mount's root), with a reference. With
 * the mount's names held no rename moves vp and no rmdir frees the parent
 * before it has its vnode.
 */
int vfscore_parent(struct vnode *vp, struct vnode **up)
{
	__u64 ino;
	int rc;

	if (!vp->mount->fs->vops->parent)
		return -ENOENT;
	vfs_lock(&vp->mount->nslock);
	rc = vp->mount->fs->vops->parent(vp, &ino);
	if (rc == 0)
		rc = vfs_vget(vp->mount, ino, up);
	vfs_unlock(&vp->mount->nslock);
	return rc;
}

/* cur is replaced by its parent directory. */
static int dotdot(struct vnode **cur)
{
	struct vnode *vp = *cur, *root = vfscore_root, *up;
	int rc;

	for (;;) {
		if (vp == root)
			return 0;
		if (vp != vp->mount->root || !vp->mount->covered)
			break;
		/* the root of a mounted fs: continue from what it covers */
		up = vp->mount->covered;
		vfs_vref(up);
		vfs_vrele(vp);
		*cur = vp = up;
	}
	rc = vfscore_parent(vp, &up);
	if (rc < 0)
		return rc;
	vfs_vrele(vp);
	*cur = up;
	return 0;
}

static int start_dir(int dirfd, const char *path, struct vnode **vpp)
{
	struct uk_file *f;
	struct vnode *vp;

	if (path[0] == '/') {
		*vpp = vfs_root();
		return *vpp ? 0 : -ENOENT;
	}
	if (dirfd == AT_FDCWD) {
		*vpp = vfs_cwd();
		return *vpp ? 0 : -ENOENT;
	}
	f = uk_fdtab_get(dirfd);
	if (!f)
		return -EBADF;
	vp = vfscore_file_vnode(f);
	if (vp)
		vfs_vref(vp);
	uk_file_put(f);
	if (!vp)
		return -ENOTDIR;
	if (!S_ISDIR(vp->mode)) {
		vfs_vrele(vp);
		return -ENOTDIR;
	}
	*vpp = vp;
	return 0;
}

void vfs_nd_release(struct vfs_nameidata *nd)
{
	vfs_vrele(nd->vp);
	vfs_vrele(nd->dvp);
	nd->vp = nd->dvp = NULL;
}

/*
 * Replace the path in buf (whose unread part starts at rest) by the text
 * of symlink vp followed by rest. Returns the new read position.
 */
static int expand_link(struct vnode *vp, char *buf, const char *rest,
		       char **pos)
{
	size_t restlen = strlen(rest);
	char *tmp;
	ssize_t n;

	if (!vp->mount->fs->vops->readlink)
		return -EINVAL;
	tmp = malloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	vfs_lock(&vp->lock);
	n = vp->mount->fs->vops->readlink(vp, tmp, PATH_MAX);
	vfs_unlock(&vp->lock);
	if (n >= 0 && (size_t)n + 1 + restlen >= PATH_MAX)
		n = -ENAMETOOLONG;
	if (n == 0)
		n = -ENOENT;
	if (n < 0) {
		free(tmp);
		return (int)n;
	}
	tmp[n] = '/';
	memcpy(tmp + n + 1, rest, restlen + 1);
	memcpy(buf, tmp, (size_t)n + 2 + restlen);
	free(tmp);
	*pos = buf;
	return 0;
}

int vfs_lookup(int dirfd, const char *path, int flags,
	       struct vfs_nameidata *nd)
{
	struct vnode *cur, *child;
	int links = 0, rc;
	char *buf, *p;
	size_t len;

	nd->vp = nd->dvp = NULL;
	nd->last[0] = 0;
	nd->slash = 0;
	if (!path)
		return -EFAULT;
	len = strnlen(path, PATH_MAX);
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0)
		return -ENOENT;
	buf = malloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, len + 1);
	rc = start_dir(dirfd, buf, &cur);
	if (rc < 0)
		goto out_free;
	nd->slash = buf[len - 1] == '/';
	p = buf;
	for (;;) {
		char *q, *next;
		size_t clen;
		int last;
		__u64 ino;

		while (*p == '/')
			p++;
		if (!*p) {
			/* "/" or a path ending in slashes: cur is the answer */
			if (!S_ISDIR(cur->mode)) {
				rc = -ENOTDIR;
				break;
			}
			nd->vp = cur;
			cur = NULL;
			rc = 0;
			break;
		}
		for (q = p; *q && *q != '/'; q++)
			;
		clen = (size_t)(q - p);
		for (next = q; *next == '/'; next++)
			;
		last = !*next;
		if (clen > NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		if (!S_ISDIR(cur->mode)) {
			rc = -ENOTDIR;
			break;
		}
		if (last && (flags & VFS_LOOKUP_PARENT)) {
			memcpy(nd->last, p, clen);
			nd->last[clen] = 0;
		}
		if (clen == 1 && p[0] == '.') {
			child = cur;
			vfs_vref(child);
		} else if (clen == 2 && p[0] == '.' && p[1] == '.') {
			child = cur;
			vfs_vref(child);
			rc = dotdot(&child);
			if (rc < 0) {
				vfs_vrele(child);
				break;
			}
		} else {
			/* the vnode made before the name can go */
			vfs_lock(&cur->lock);
			rc = cur->mount->fs->vops->lookup(cur, p, clen, &ino);
			if (rc == 0)
				rc = vfs_vget(cur->mount, ino, &child);
			vfs_unlock(&cur->lock);
			if (rc == -ENOENT && last &&
			    (flags & VFS_LOOKUP_PARENT)) {
				nd->dvp = cur;
				cur = NULL;
				rc = 0;
				break;
			}
			if (rc < 0)
				break;
			child = vfscore_crossmount(child);
		}
		if (S_ISLNK(child->mode) &&
		    (!last || (flags & VFS_LOOKUP_FOLLOW) || nd->slash)) {
			if (++links > MAXSYMLINKS) {
				vfs_vrele(child);
				rc = -ELOOP;
				break;
			}
			rc = expand_link(child, buf, q, &p);
			vfs_vrele(child);
			if (rc < 0)
				break;
			if (*p == '/') {
				vfs_vrele(cur);
				cur = vfs_root();
			}
			continue;
		}
		if (last) {
			if (flags & VFS_LOOKUP_PARENT) {
				nd->dvp = cur;
				cur = NULL;
			}
			if (nd->slash && !S_ISDIR(child->mode)) {
				vfs_vrele(child);
				rc = -ENOTDIR;
				break;
			}
			nd->vp = child;
			rc = 0;
			break;
		}
		vfs_vrele(cur);
		cur = child;
		p = q;
	}
	vfs_vrele(cur);
	if (rc < 0)
		vfs_nd_release(nd);
out_free:
	free(buf);
	return rc;
}
