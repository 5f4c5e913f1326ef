/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mount table. mount_lock guards the list, every vnode's "mounted"
 * and the mount and unmount steps as a whole; cwd_lock guards the working
 * directory pointer.
 */
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

struct vnode *vfscore_root; /* set once, by the first mount */
static struct vnode *cwdv;
static struct vfs_lock cwd_lock = VFS_LOCK_INITIALIZER(cwd_lock);
static struct vfs_mount *mounts;
static struct vfs_lock mount_lock = VFS_LOCK_INITIALIZER(mount_lock);

struct vnode *vfs_root(void)
{
	struct vnode *vp = __atomic_load_n(&vfscore_root, __ATOMIC_ACQUIRE);

	if (vp)
		vfs_vref(vp);
	return vp;
}

struct vnode *vfs_cwd(void)
{
	struct vnode *vp;

	vfs_lock(&cwd_lock);
	vp = cwdv ? cwdv : vfscore_root;
	if (vp)
		vfs_vref(vp);
	vfs_unlock(&cwd_lock);
	return vp;
}

void vfscore_set_cwd(struct vnode *vp)
{
	struct vnode *old;

	vfs_lock(&cwd_lock);
	old = cwdv;
	cwdv = vp;
	vfs_unlock(&cwd_lock);
	vfs_vrele(old);
}

struct vfs_mount *vfs_mounts(void)
{
	return mounts;
}

struct vnode *vfscore_crossmount(struct vnode *vp)
{
	/* a look without the lock: most directories have nothing on them */
	while (__atomic_load_n(&vp->mounted, __ATOMIC_RELAXED)) {
		struct vnode *root = NULL;

		vfs_lock(&mount_lock);
		if (vp->mounted) {
			root = vp->mounted->root;
			vfs_vref(root);
		}
		vfs_unlock(&mount_lock);
		if (!root)
			break;
		vfs_vrele(vp);
		vp = root;
	}
	return vp;
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
	if (__atomic_load_n(&vfscore_root, __ATOMIC_ACQUIRE)) {
		rc = vfs_lookup(AT_FDCWD, target, VFS_LOOKUP_FOLLOW, &nd);
		if (rc < 0)
			return rc;
		if (!S_ISDIR(nd.vp->mode)) {
			vfs_nd_release(&nd);
			return -ENOTDIR;
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
	vfs_lock_init(&mp->nslock);
	strcpy(mp->path, target);
	vfs_lock(&mount_lock);
	/* a mount point (we looked through it to the root above), or a
	 * second root */
	if (nd.vp ? nd.vp->mounted || nd.vp == nd.vp->mount->root
		  : vfscore_root != NULL)
		rc = -EBUSY;
	else
		rc = fs->mount(mp, source, data);
	if (rc == 0)
		rc = vfs_vget(mp, mp->root_ino, &mp->root);
	if (rc < 0) {
		vfs_unlock(&mount_lock);
		vfs_nd_release(&nd);
		free(mp);
		return rc;
	}
	if (nd.vp) {
		mp->covered = nd.vp; /* keeps the reference while mounted */
		__atomic_store_n(&nd.vp->mounted, mp, __ATOMIC_RELEASE);
	} else {
		vfs_vref(mp->root);
		__atomic_store_n(&vfscore_root, mp->root, __ATOMIC_RELEASE);
	}
	for (pp = &mounts; *pp; pp = &(*pp)->next)
		;
	*pp = mp;
	vfs_unlock(&mount_lock);
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
	vfs_lock(&mount_lock);
	/*
	 * Only the mount's root vnode may remain, held by the mount and by
	 * nd: then nobody can reach into the mount but through its covered
	 * directory, which needs mount_lock.
	 */
	if (mp->covered->mounted != mp || !vfscore_mount_idle(mp)) {
		vfs_unlock(&mount_lock);
		vfs_nd_release(&nd);
		return -EBUSY;
	}
	for (pp = &mounts; *pp != mp; pp = &(*pp)->next)
		;
	*pp = mp->next;
	mp->covered->mounted = NULL;
	vfs_unlock(&mount_lock);
	vfs_nd_release(&nd);
	vfs_vrele(mp->root); /* its last vnode */
	if (mp->fs->unmount)
		mp->fs->unmount(mp);
	vfs_vrele(mp->covered);
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
