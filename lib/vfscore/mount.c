/* SPDX-License-Identifier: BSD-3-Clause */
/* The mount table. */
#include <uk/vfs.h>
#include <uk/syscall.h>
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "vfscore.h"

extern const struct vfs_fstype *const __start_uk_fstab[] __weak;
extern const struct vfs_fstype *const __stop_uk_fstab[] __weak;

struct vnode *vfscore_root;
struct vnode *vfscore_cwdv;
static struct vfs_mount *mounts;

struct vnode *vfs_root(void)
{
	if (vfscore_root)
		vfs_vref(vfscore_root);
	return vfscore_root;
}

struct vnode *vfs_cwd(void)
{
	struct vnode *vp = vfscore_cwdv ? vfscore_cwdv : vfscore_root;

	if (vp)
		vfs_vref(vp);
	return vp;
}

struct vfs_mount *vfs_mounts(void)
{
	return mounts;
}

const struct vfs_fstype *vfscore_find_fs(const char *name)
{
	for (const struct vfs_fstype *const *f = __start_uk_fstab;
	     f < __stop_uk_fstab; f++)
		if (!strcmp((*f)->name, name))
			return *f;
	return NULL;
}

const char *vfs_fstype_name(unsigned int i)
{
	if (i >= (unsigned int)(__stop_uk_fstab - __start_uk_fstab))
		return NULL;
	return __start_uk_fstab[i]->name;
}

int vfs_mount(const char *source, const char *target, const char *fstype,
	      int flags, const void *data)
{
	const struct vfs_fstype *fs = fstype ? vfscore_find_fs(fstype) : NULL;
	struct vfs_nameidata nd = { 0 };
	struct vfs_mount *mp, **pp;
	int rc;

	if (!fs)
		return -ENODEV;
	if (!target || strlen(target) >= sizeof(mp->path))
		return -ENAMETOOLONG;
	if (vfscore_root) {
		rc = vfs_lookup(AT_FDCWD, target, VFS_LOOKUP_FOLLOW, &nd);
		if (rc < 0)
			return rc;
		if (!S_ISDIR(nd.vp->mode)) {
			vfs_nd_release(&nd);
			return -ENOTDIR;
		}
		/* a mount point (we looked through it to the root above) */
		if (nd.vp->mounted || nd.vp == nd.vp->mount->root) {
			vfs_nd_release(&nd);
			return -EBUSY;
		}
	} else if (strcmp(target, "/")) {
		return -ENOENT; /* the first mount must be the root */
	}
	mp = calloc(1, sizeof(*mp));
	if (!mp) {
		vfs_nd_release(&nd);
		return -ENOMEM;
	}
	mp->fs = fs;
	mp->flags = flags;
	strcpy(mp->path, target);
	rc = fs->mount(mp, source, data);
	if (rc == 0)
		rc = vfs_vget(mp, mp->root_ino, &mp->root);
	if (rc < 0) {
		vfs_nd_release(&nd);
		free(mp);
		return rc;
	}
	if (nd.vp) {
		mp->covered = nd.vp; /* keeps the reference while mounted */
		nd.vp->mounted = mp;
	} else {
		vfscore_root = mp->root;
		vfs_vref(vfscore_root);
	}
	for (pp = &mounts; *pp; pp = &(*pp)->next)
		;
	*pp = mp;
	return 0;
}

int vfs_unmount(const char *target)
{
	struct vfs_nameidata nd;
	struct vfs_mount *mp, **pp;
	int rc;

	rc = vfs_lookup(AT_FDCWD, target, VFS_LOOKUP_FOLLOW, &nd);
	if (rc < 0)
		return rc;
	mp = nd.vp->mount;
	if (nd.vp != mp->root || !mp->covered) {
		vfs_nd_release(&nd);
		return -EINVAL; /* not a mount point, or the root */
	}
	vfs_nd_release(&nd);
	/* Only the mount's own root vnode may remain, held once. */
	if (mp->nvnodes > 1 || mp->root->refcount > 1)
		return -EBUSY;
	if (mp->fs->unmount) {
		rc = mp->fs->unmount(mp);
		if (rc < 0)
			return rc;
	}
	for (pp = &mounts; *pp != mp; pp = &(*pp)->next)
		;
	*pp = mp->next;
	mp->covered->mounted = NULL;
	vfs_vrele(mp->covered);
	vfs_vrele(mp->root);
	free(mp);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, mount, const char *, source, const char *, target,
		    const char *, fstype, unsigned long, flags, const void *,
		    data)
{
	return vfs_mount(source, target, fstype, (int)flags, data);
}

UK_SYSCALL_R_DEFINE(int, umount2, const char *, target, int, flags)
{
	(void)flags;
	return vfs_unmount(target);
}

int umount(const char *target)
{
	return umount2(target, 0);
}
