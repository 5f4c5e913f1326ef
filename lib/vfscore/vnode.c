/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vnode cache: one vnode per (mount, inode) while anyone holds it,
 * found through a small hash table. A vnode goes when its last reference
 * does; the file system's own node usually outlives it.
 */
#include <uk/vfs.h>
#include <uk/assert.h>
#include <stdlib.h>
#include <errno.h>

#define HASH_SIZE 64

static struct vnode *hash[HASH_SIZE];
static int nvnodes;

static unsigned int bucket(struct vfs_mount *mp, __u64 ino)
{
	__u64 h = ino ^ ((__uptr)mp >> 4);

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (unsigned int)(h >> 58) % HASH_SIZE;
}

int vfs_vget(struct vfs_mount *mp, __u64 ino, struct vnode **vpp)
{
	unsigned int b = bucket(mp, ino);
	struct vnode *vp;
	int rc;

	for (vp = hash[b]; vp; vp = vp->hnext) {
		if (vp->mount == mp && vp->ino == ino) {
			vp->refcount++;
			*vpp = vp;
			return 0;
		}
	}
	vp = calloc(1, sizeof(*vp));
	if (!vp)
		return -ENOMEM;
	vp->mount = mp;
	vp->ino = ino;
	vp->refcount = 1;
	rc = mp->fs->vget(mp, vp);
	if (rc < 0) {
		free(vp);
		return rc;
	}
	vp->hnext = hash[b];
	hash[b] = vp;
	nvnodes++;
	mp->nvnodes++;
	*vpp = vp;
	return 0;
}

void vfs_vref(struct vnode *vp)
{
	UK_ASSERT(vp->refcount > 0);
	vp->refcount++;
}

void vfs_vrele(struct vnode *vp)
{
	struct vnode **pp;

	if (!vp)
		return;
	UK_ASSERT(vp->refcount > 0);
	if (--vp->refcount > 0)
		return;
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
	free(vp);
}

int vfs_vnode_count(void)
{
	return nvnodes;
}
