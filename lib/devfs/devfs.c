/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devfs: a fixed directory of character devices. Inode 1 is the
 * directory; inode 2 + i is devices[i].
 */
#include <uk/vfs.h>
#include <uk/random.h>
#include <uk/plat/console.h>
#include <string.h>
#include <errno.h>
#include <poll.h>

struct device {
	const char *name;
	unsigned int rdev; /* Linux's major << 8 | minor */
	ssize_t (*read)(void *buf, size_t len);
	ssize_t (*write)(const void *buf, size_t len);
};

static ssize_t read_eof(void *buf, size_t len)
{
	(void)buf, (void)len;
	return 0;
}

static ssize_t read_zero(void *buf, size_t len)
{
	memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t read_random(void *buf, size_t len)
{
	uk_random_fill(buf, len);
	return (ssize_t)len;
}

static ssize_t read_console(void *buf, size_t len)
{
	int r;

	if (len > 0x10000000)
		len = 0x10000000;
	do
		r = ukplat_cink(buf, (unsigned int)len);
	while (r == 0 && len);
	return r < 0 ? 0 : r;
}

static ssize_t write_sink(const void *buf, size_t len)
{
	(void)buf;
	return (ssize_t)len;
}

static ssize_t write_full(const void *buf, size_t len)
{
	(void)buf, (void)len;
	return -ENOSPC;
}

static ssize_t write_console(const void *buf, size_t len)
{
	int r;

	if (len > 0x40000000)
		len = 0x40000000;
	r = ukplat_coutk(buf, (unsigned int)len);
	return r < 0 ? -EIO : r;
}

static const struct device devices[] = {
	{ "null", 0x103, read_eof, write_sink },
	{ "zero", 0x105, read_zero, write_sink },
	{ "full", 0x107, read_zero, write_full },
	{ "random", 0x108, read_random, write_sink },
	{ "urandom", 0x109, read_random, write_sink },
	{ "console", 0x501, read_console, write_console },
	/* Linux's are links to the process's descriptors 0, 1 and 2; here
	 * they are the console those descriptors start as (a program that
	 * moved descriptor 1 elsewhere still writes /dev/stdout to the
	 * console). Servers name them in their logging configuration. */
	{ "stdin", 0x501, read_console, write_console },
	{ "stdout", 0x501, read_console, write_console },
	{ "stderr", 0x501, read_console, write_console },
};

#define ROOT_INO 1
#define DEV(vp) ((const struct device *)(vp)->data)

static int devfs_lookup(struct vnode *dir, const char *name, size_t len,
			__u64 *ino)
{
	(void)dir;
	for (unsigned int i = 0; i < ARRAY_SIZE(devices); i++) {
		if (strlen(devices[i].name) == len &&
		    !memcmp(devices[i].name, name, len)) {
			*ino = 2 + i;
			return 0;
		}
	}
	return -ENOENT;
}

static int devfs_create(struct vnode *dir, const char *name, size_t len,
			mode_t mode, const char *target, __u64 *ino)
{
	(void)target, (void)mode;
	return devfs_lookup(dir, name, len, ino) == 0 ? -EEXIST : -EROFS;
}

static int devfs_remove(struct vnode *dir, const char *name, size_t len,
			int isdir)
{
	__u64 ino;

	(void)isdir;
	return devfs_lookup(dir, name, len, &ino) < 0 ? -ENOENT : -EROFS;
}

static int devfs_rename(struct vnode *odir, const char *oname, size_t olen,
			struct vnode *ndir, const char *nname, size_t nlen)
{
	(void)odir, (void)oname, (void)olen, (void)ndir, (void)nname;
	(void)nlen;
	return -EROFS;
}

static ssize_t devfs_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	(void)off;
	return DEV(vp)->read(buf, len);
}

static ssize_t devfs_write(struct vnode *vp, const void *buf, size_t len,
			   off_t off)
{
	(void)off;
	return DEV(vp)->write(buf, len);
}

static int devfs_truncate(struct vnode *vp, off_t len)
{
	(void)vp, (void)len;
	return 0; /* "> /dev/null" opens with O_TRUNC */
}

static int devfs_getattr(struct vnode *vp, struct stat *st)
{
	st->st_ino = (ino_t)vp->ino;
	st->st_mode = vp->mode;
	st->st_nlink = vp->ino == ROOT_INO ? 2 : 1;
	st->st_blksize = 4096;
	if (vp->ino != ROOT_INO)
		st->st_rdev = (dev_t)DEV(vp)->rdev;
	return 0;
}

static int devfs_readdir(struct vnode *vp, off_t *pos, struct dirent *d)
{
	(void)vp;
	if (*pos < 2) {
		strcpy(d->d_name, *pos ? ".." : ".");
		d->d_type = DT_DIR;
		d->d_ino = ROOT_INO;
	} else if ((size_t)*pos - 2 < ARRAY_SIZE(devices)) {
		strcpy(d->d_name, devices[*pos - 2].name);
		d->d_type = DT_CHR;
		d->d_ino = (ino_t)*pos;
	} else {
		return 0;
	}
	(*pos)++;
	return 1;
}

static int devfs_poll(struct vnode *vp)
{
	(void)vp;
	return POLLIN | POLLOUT;
}

static const struct vnode_ops devfs_vops = {
	.lookup = devfs_lookup,
	.create = devfs_create,
	.remove = devfs_remove,
	.rename = devfs_rename,
	.read = devfs_read,
	.write = devfs_write,
	.truncate = devfs_truncate,
	.getattr = devfs_getattr,
	.readdir = devfs_readdir,
	.poll = devfs_poll,
};

static int devfs_mount(struct vfs_mount *mp, const char *source,
		       const void *data)
{
	(void)source, (void)data;
	mp->root_ino = ROOT_INO;
	return 0;
}

static int devfs_vget(struct vfs_mount *mp, struct vnode *vp)
{
	(void)mp;
	if (vp->ino == ROOT_INO) {
		vp->mode = S_IFDIR | 0755;
		return 0;
	}
	if (vp->ino < 2 || vp->ino - 2 >= ARRAY_SIZE(devices))
		return -ENOENT;
	vp->data = (void *)&devices[vp->ino - 2];
	vp->mode = S_IFCHR | 0666;
	return 0;
}

static const struct vfs_fstype devfs_fstype = {
	.name = "devfs",
	.mount = devfs_mount,
	.vget = devfs_vget,
	.vops = &devfs_vops,
};
UK_FS_REGISTER(devfs_fstype);
