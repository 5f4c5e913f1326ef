/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vnode cache: one vnode per (mount, inode) while anyone holds it,
 * found through a small hash table. A vnode goes when its last reference
 * does; the file system's own node usually outlives it.
 *
 * cache_lock guards the hash chains and the counts, and every change of a
 * reference count from or to 0: vfs_vget takes a reference under it, and
 * the last vfs_vrele drops to 0 under it, so a vnode on its way out is
 * never found and revived. Other references come and go atomically.
 */
#include <uk/vfs.h>
#include <uk/assert.h>
#include <stdlib.h>
#include <errno.h>
#include "vfscore.h"

#define HASH_SIZE 64

static struct vfs_lock cache_lock = VFS_LOCK_INITIALIZER(cache_lock);
static struct vnode *hash[HASH_SIZE];
static int nvnodes;

static unsigned int bucket(struct vfs_mount *mp, __u64 ino)
{
	__u64 h = ino ^ ((__uptr)mp >> 4);

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (unsigned int)(h >> 58) % HASH_SIZE;
}

/* With cache_lock held: the cached vnode of (mp, ino), with a reference. */
static struct vnode *find(struct vfs_mount *mp, __u64 ino, unsigned int b)
{
	for (struct vnode *vp = hash[b]; vp; vp = vp->hnext) {
		if (vp->mount == mp && vp->ino == ino) {
			__atomic_add_fetch(&vp->refcount, 1, __ATOMIC_RELAXED);
			return vp;
		}
	}
	return NULL;
}

int vfs_vget(struct vfs_mount *mp, __u64 ino, struct vnode **vpp)
{
	unsigned int b = bucket(mp, ino);
	struct vnode *vp;
	int rc;

	vfs_lock(&cache_lock);
	vp = find(mp, ino, b);
	if (vp) {
		vfs_unlock(&cache_lock);
		*vpp = vp;
		return 0;
	}
	vp = calloc(1, sizeof(*vp));
	if (!vp) {
		vfs_unlock(&cache_lock);
		return -ENOMEM;
	}
	vp->mount = mp;
	vp->ino = ino;
	vp->refcount = 1;
	vfs_lock_init(&vp->lock);
	rc = mp->fs->vget(mp, vp);
	if (rc < 0) {
		vfs_unlock(&cache_lock);
		free(vp);
		return rc;
	}
	vp->hnext = hash[b];
	hash[b] = vp;
	nvnodes++;
	mp->nvnodes++;
	vfs_unlock(&cache_lock);
	*vpp = vp;
	return 0;
}

void vfs_vref(struct vnode *vp)
{
	int old = __atomic_fetch_add(&vp->refcount, 1, __ATOMIC_RELAXED);

	UK_ASSERT(old > 0);
}

/* Drop a reference that is not the last: 1 done, 0 it may be the last. */
static int vrele_not_last(struct vnode *vp)
{
	int old = __atomic_load_n(&vp->refcount, __ATOMIC_RELAXED);

	while (old > 1)
		if (__atomic_compare_exchange_n(&vp->refcount, &old, old - 1, 0,
						__ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return 1;
	UK_ASSERT(old > 0);
	return 0;
}

void vfs_vrele(struct vnode *vp)
{
	struct vnode **pp;

	if (!vp || vrele_not_last(vp))
		return;
	vfs_lock(&cache_lock);
	if (__atomic_sub_fetch(&vp->refcount, 1, __ATOMIC_ACQ_REL) > 0) {
		vfs_unlock(&cache_lock); /* vfs_vget found it meanwhile */
		return;
	}
	for (pp = &hash[bucket(vp->mount, vp->ino)]; *pp; pp = &(*pp)->hnext) {
		if (*pp == vp) {
			*pp = vp->hnext;
			break;
		}
	}
	nvnodes--;
	vp->mount->nvnodes--;
	if (vp->mount->fs->vops->inactive)
		vp->mount->fs->vops->inactive(vp);
	vfs_unlock(&cache_lock);
	vfscore_filelocks_free(vp);
	free(vp);
}

int vfs_vnode_count(void)
{
	return __atomic_load_n(&nvnodes, __ATOMIC_RELAXED);
}

/*
 * For the mount table: whether only mp's root vnode is left, held by the
 * mount and by the caller.
 */
int vfscore_mount_idle(struct vfs_mount *mp)
{
	int idle;

	vfs_lock(&cache_lock);
	idle = mp->nvnodes <= 1 &&
	       __atomic_load_n(&mp->root->refcount, __ATOMIC_RELAXED) <= 2;
	vfs_unlock(&cache_lock);
	return idle;
}
