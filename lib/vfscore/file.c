/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Open vnodes as files of the descriptor table. Each operation holds the
 * vnode's lock (the file's position lock, taken by posix-fdtab, comes
 * first) but for device files, which read and write unlocked.
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <fcntl.h>
#include <string.h>
#include <stddef.h>
#include <errno.h>
#include <poll.h>
#include "vfscore.h"

#define VOPS(vp) ((vp)->mount->fs->vops)

/* Device files keep no state of vfscore's, and a read may wait long. */
static void io_lock(struct vnode *vp)
{
	if (!S_ISCHR(vp->mode))
		vfs_lock(&vp->lock);
}

static void io_unlock(struct vnode *vp)
{
	if (!S_ISCHR(vp->mode))
		vfs_unlock(&vp->lock);
}

static ssize_t vf_read(struct uk_file *f, void *buf, size_t len, off_t off)
{
	struct vnode *vp = f->priv;
	ssize_t r;

	if (S_ISDIR(vp->mode))
		return -EISDIR;
	if (!VOPS(vp)->read)
		return -EINVAL;
	io_lock(vp);
	r = VOPS(vp)->read(vp, buf, len, off);
	if (r > 0 && vp->mapped)
		vfscore_mapped_read(vp, buf, (size_t)r, off);
	io_unlock(vp);
	return r;
}

static ssize_t vf_write(struct uk_file *f, const void *buf, size_t len,
			off_t off)
{
	struct vnode *vp = f->priv;
	ssize_t r;

	if (!VOPS(vp)->write)
		return -EINVAL;
	io_lock(vp);
	r = VOPS(vp)->write(vp, buf, len, off);
	if (r > 0 && vp->mapped)
		vfscore_mapped_write(vp, buf, (size_t)r, off);
	io_unlock(vp);
	return r;
}

/*
 * O_APPEND: the size and the write at it in one hold of the vnode lock,
 * so appends through different open files of one vnode never overlap.
 */
static ssize_t vf_append(struct uk_file *f, const void *buf, size_t len,
			 off_t *at)
{
	struct vnode *vp = f->priv;
	struct stat st;
	ssize_t r;

	if (!VOPS(vp)->write)
		return -EINVAL;
	io_lock(vp);
	memset(&st, 0, sizeof(st));
	r = VOPS(vp)->getattr(vp, &st);
	if (r == 0) {
		*at = st.st_size;
		r = VOPS(vp)->write(vp, buf, len, st.st_size);
		if (r > 0 && vp->mapped)
			vfscore_mapped_write(vp, buf, (size_t)r, st.st_size);
	}
	io_unlock(vp);
	return r;
}

static int vf_fstat(struct uk_file *f, struct stat *st)
{
	struct vnode *vp = f->priv;
	int rc;

	memset(st, 0, sizeof(*st));
	vfs_lock(&vp->lock);
	rc = VOPS(vp)->getattr(vp, st);
	vfs_unlock(&vp->lock);
	return rc;
}

static int vf_truncate(struct uk_file *f, off_t len)
{
	struct vnode *vp = f->priv;
	int rc;

	if (S_ISDIR(vp->mode))
		return -EISDIR;
	if (!VOPS(vp)->truncate)
		return -EINVAL;
	vfs_lock(&vp->lock);
	rc = VOPS(vp)->truncate(vp, len);
	if (rc == 0 && vp->mapped)
		vfscore_mapped_truncate(vp, len);
	vfs_unlock(&vp->lock);
	return rc;
}

static int vf_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct vnode *vp = f->priv;
	int rc;

	if (!VOPS(vp)->ioctl)
		return -ENOTTY;
	io_lock(vp);
	rc = VOPS(vp)->ioctl(vp, req, arg);
	io_unlock(vp);
	return rc;
}

static int vf_fsync(struct uk_file *f)
{
	struct vnode *vp = f->priv;
	int rc;

	if (!VOPS(vp)->fsync)
		return 0;
	io_lock(vp);
	rc = VOPS(vp)->fsync(vp);
	io_unlock(vp);
	return rc;
}

static int vf_poll(struct uk_file *f)
{
	struct vnode *vp = f->priv;

	if (VOPS(vp)->poll)
		return VOPS(vp)->poll(vp);
	return POLLIN | POLLOUT; /* files never block */
}

static ssize_t getdents_locked(struct uk_file *f, struct vnode *vp, void *buf,
			       size_t len)
{
	char *out = buf;
	size_t used = 0;
	struct dirent d;

	for (;;) {
		off_t pos = f->pos;
		size_t reclen;
		int rc;

		memset(&d, 0, sizeof(d));
		rc = VOPS(vp)->readdir(vp, &pos, &d);
		if (rc < 0)
			return used ? (ssize_t)used : rc;
		if (rc == 0)
			break;
		reclen = offsetof(struct dirent, d_name) + strlen(d.d_name) + 1;
		reclen = (reclen + 7) & ~(size_t)7;
		if (used + reclen > len) {
			if (!used)
				return -EINVAL; /* buffer too small */
			break;
		}
		d.d_off = pos;
		d.d_reclen = (unsigned short)reclen;
		memcpy(out + used, &d, reclen);
		used += reclen;
		f->pos = pos;
	}
	return (ssize_t)used;
}

/*
 * Records of struct dirent (Linux's linux_dirent64 layout). One call is
 * one hold of the directory's lock.
 */
static ssize_t vf_getdents(struct uk_file *f, void *buf, size_t len)
{
	struct vnode *vp = f->priv;
	ssize_t r;

	if (!S_ISDIR(vp->mode))
		return -ENOTDIR;
	vfs_lock(&vp->lock);
	r = getdents_locked(f, vp, buf, len);
	vfs_unlock(&vp->lock);
	return r;
}

static void vf_release(struct uk_file *f)
{
	vfscore_flock_release(f);
	vfs_vrele(f->priv);
}

static const struct uk_file_ops vnode_file_ops = {
	.read = vf_read,
	.write = vf_write,
	.append = vf_append,
	.fstat = vf_fstat,
	.ioctl = vf_ioctl,
	.truncate = vf_truncate,
	.fsync = vf_fsync,
	.getdents = vf_getdents,
	.poll = vf_poll,
	.reclock = vfscore_reclock,
	.flock = vfscore_flock,
	.fdclose = vfscore_reclock_fdclose,
	.map = vfscore_map,
	.map_sync = vfscore_map_sync,
	.unmap = vfscore_unmap,
	.release = vf_release,
};

struct vnode *vfscore_file_vnode(struct uk_file *f)
{
	return f->ops == &vnode_file_ops ? f->priv : NULL;
}

int vfs_open_vnode(struct vnode *vp, int flags)
{
	struct uk_file *f;
	int fd;

	f = uk_file_new(&vnode_file_ops, vp,
			flags & (O_ACCMODE | O_APPEND | O_NONBLOCK),
			S_ISREG(vp->mode) || S_ISDIR(vp->mode));
	if (!f)
		return -ENOMEM;
	vfs_vref(vp);
	fd = uk_fdtab_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		uk_file_put(f);
	return fd;
}
