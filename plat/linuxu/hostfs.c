/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostfs: a vfscore file system (type "hostfs") over a directory of the
 * host, through the host's own system calls. The mount source is the host
 * path; linuxu.hostfs=DIR offers it as the root when vfs.fstab does not
 * choose one (vfs.fstab=[ "DIR:/data:hostfs:::mkmp" ] mounts it anywhere).
 *
 * Nodes. A node stands for one host file and holds an O_PATH descriptor
 * of it (like a 9P fid: it follows the file through renames and names it
 * for *at() calls), and, once I/O needs one, a descriptor opened for
 * reading and writing (or reading only, when the host refuses writing),
 * reached through /proc/self/fd. Nodes are found by (st_dev, st_ino); the
 * vnode's inode number is the node's address.
 *
 * Life of a node, and the locks: as in 9pfs (lib/9pfs/9pfs.c): each
 * directory node pins the node of its last lookup until its next one or
 * until its vnode goes, so that vfscore's vfs_vget after a lookup finds
 * it; nlock guards the table and every held, pins and pin; a node's iofd
 * and directory buffer are guarded by its vnode's lock.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/errno_linux.h>
#include <linuxu/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <dirent.h>
#include <sys/stat.h>

#define L_O_RDONLY 0
#define L_O_RDWR 2
#define L_O_CREAT 0100
#define L_O_EXCL 0200
#define L_O_CLOEXEC 02000000
#define L_O_PATH 010000000
#if defined(__aarch64__)
#define L_O_DIRECTORY 040000
#define L_O_NOFOLLOW 0100000
#else
#define L_O_DIRECTORY 0200000
#define L_O_NOFOLLOW 0400000
#endif
#define L_AT_REMOVEDIR 0x200
#define L_AT_SYMLINK_FOLLOW 0x400
#define L_AT_EMPTY_PATH 0x1000
#define L_STATX_BASIC 0x7ffU
#define L_SEEK_SET 0
#define L_EACCES 13
#define L_EROFS 30
#define L_EPERM 1

#define NHASH 64
#define DIRBUF 8192

/* Linux's struct statx (the same on x86_64 and arm64). */
struct l_statx_ts {
	__s64 sec;
	__u32 nsec;
	__s32 reserved;
};

struct l_statx {
	__u32 mask, blksize;
	__u64 attributes;
	__u32 nlink, uid, gid;
	__u16 mode, spare0;
	__u64 ino, size, blocks, attributes_mask;
	struct l_statx_ts atime, btime, ctime, mtime;
	__u32 rdev_major, rdev_minor, dev_major, dev_minor;
	__u64 spare[14];
};

struct l_dirent64 {
	__u64 ino;
	__s64 off;
	__u16 reclen;
	__u8 type;
	char name[];
};

struct h_node {
	struct h_node *hnext; /* nlock */
	__u64 dev, ino;
	int pfd;              /* O_PATH */
	mode_t mode;
	int held, pins;       /* nlock */
	struct h_node *pin;   /* nlock */
	/* vnode lock: */
	int iofd;             /* -1: none yet */
	int writable;
	char *dbuf;
	__u32 dlen;
	__s64 dstart;
};

struct h_mount {
	struct vfs_lock nlock;
	struct h_node *hash[NHASH];
	struct h_node *root;
	struct h_node *parent_pin; /* the names lock */
};

#define HM(vp) ((struct h_mount *)(vp)->mount->data)
#define NODE(vp) ((struct h_node *)(vp)->data)

static const char *hostfs_dir;
UK_LIBPARAM(linuxu, hostfs, str, &hostfs_dir,
	    "host directory to mount on / (when vfs.fstab chooses no root)");

/* A host call's result: the value, or this image's negative errno. */
static long hres(long r)
{
	return r < 0 ? -uk_errno_from_linux((int)-r) : r;
}

static long h_openat(int dirfd, const char *path, int flags, int mode)
{
	return hres(linuxu_syscall4(__NR_openat, dirfd, (long)path,
				    flags | L_O_CLOEXEC, mode));
}

/* "/proc/self/fd/N": a path to what fd stands for. */
static const char *fdpath(char *buf, int fd)
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

static int h_statx(int fd, struct l_statx *st)
{
	return (int)hres(linuxu_syscall5(__NR_statx, fd, (long)"",
					 L_AT_EMPTY_PATH, L_STATX_BASIC,
					 (long)st));
}

static unsigned int hslot(__u64 dev, __u64 ino)
{
	return (unsigned int)(((ino ^ (dev << 32)) * 0x9e3779b97f4a7c15ULL) >>
			      58) % NHASH;
}

static struct h_node *node_find(struct h_mount *hm, __u64 dev, __u64 ino)
{
	for (struct h_node *n = hm->hash[hslot(dev, ino)]; n; n = n->hnext)
		if (n->dev == dev && n->ino == ino)
			return n;
	return NULL;
}

static void node_free(struct h_node *n)
{
	linuxu_close(n->pfd);
	if (n->iofd >= 0)
		linuxu_close(n->iofd);
	free(n->dbuf);
	free(n);
}

/* With nlock: free n, and what it pinned, if nothing holds or pins it. */
static void node_maybe_free(struct h_mount *hm, struct h_node *n)
{
	while (n && !n->held && !n->pins) {
		struct h_node **pp = &hm->hash[hslot(n->dev, n->ino)];
		struct h_node *pinned = n->pin;

		while (*pp != n)
			pp = &(*pp)->hnext;
		*pp = n->hnext;
		node_free(n);
		if (pinned)
			pinned->pins--;
		n = pinned;
	}
}

static void set_pin(struct h_mount *hm, struct h_node **slot,
		    struct h_node *n)
{
	struct h_node *old = *slot;

	if (n)
		n->pins++;
	*slot = n;
	if (old) {
		old->pins--;
		node_maybe_free(hm, old);
	}
}

/*
 * The node of O_PATH descriptor pfd (taken over: kept or closed), pinned
 * in *slot; its address in *ino. 0 or a negative errno.
 */
static int node_take(struct h_mount *hm, int pfd, struct h_node **slot,
		     __u64 *ino)
{
	struct l_statx st;
	struct h_node *n;
	__u64 dev;
	int rc = h_statx(pfd, &st);

	if (rc < 0) {
		linuxu_close(pfd);
		return rc;
	}
	dev = ((__u64)st.dev_major << 32) | st.dev_minor;
	vfs_lock(&hm->nlock);
	n = node_find(hm, dev, st.ino);
	if (n) {
		linuxu_close(pfd);
	} else {
		n = calloc(1, sizeof(*n));
		if (!n) {
			vfs_unlock(&hm->nlock);
			linuxu_close(pfd);
			return -ENOMEM;
		}
		n->dev = dev;
		n->ino = st.ino;
		n->pfd = pfd;
		n->iofd = -1;
		n->mode = st.mode;
		n->hnext = hm->hash[hslot(dev, st.ino)];
		hm->hash[hslot(dev, st.ino)] = n;
	}
	set_pin(hm, slot, n);
	vfs_unlock(&hm->nlock);
	*ino = (__u64)(__uptr)n;
	return 0;
}

static const char *cname(char *buf, const char *name, size_t len)
{
	memcpy(buf, name, len);
	buf[len] = 0;
	return buf;
}

/* An O_PATH descriptor of name in dir (not following a last symlink). */
static long open_path(struct h_node *dir, const char *name)
{
	return h_openat(dir->pfd, name, L_O_PATH | L_O_NOFOLLOW, 0);
}

static int h_lookup(struct vnode *dir, const char *name, size_t len,
		    __u64 *ino)
{
	char buf[NAME_MAX + 1];
	long fd = open_path(NODE(dir), cname(buf, name, len));

	if (fd < 0)
		return (int)fd;
	return node_take(HM(dir), (int)fd, &NODE(dir)->pin, ino);
}

static int h_parent(struct vnode *dir, __u64 *ino)
{
	long fd = open_path(NODE(dir), "..");

	if (fd < 0)
		return (int)fd;
	return node_take(HM(dir), (int)fd, &HM(dir)->parent_pin, ino);
}

static void dir_changed(struct h_node *d)
{
	d->dlen = 0;
	d->dstart = -1;
}

static int h_create(struct vnode *dir, const char *name, size_t len,
		    mode_t mode, const char *target, __u64 *ino)
{
	struct h_node *d = NODE(dir);
	char buf[NAME_MAX + 1];
	long rc;

	cname(buf, name, len);
	dir_changed(d);
	if (S_ISREG(mode)) {
		rc = h_openat(d->pfd, buf, L_O_RDWR | L_O_CREAT | L_O_EXCL,
			      mode & 07777);
		if (rc >= 0)
			linuxu_close((int)rc);
	} else if (S_ISDIR(mode)) {
		rc = hres(linuxu_syscall3(__NR_mkdirat, d->pfd, (long)buf,
					  mode & 07777));
	} else if (S_ISLNK(mode)) {
		rc = hres(linuxu_syscall3(__NR_symlinkat, (long)target, d->pfd,
					  (long)buf));
	} else {
		rc = -EINVAL;
	}
	if (rc < 0)
		return (int)rc;
	rc = open_path(d, buf);
	if (rc < 0)
		return (int)rc;
	return node_take(HM(dir), (int)rc, &d->pin, ino);
}

static int h_remove(struct vnode *dir, const char *name, size_t len,
		    int isdir)
{
	char buf[NAME_MAX + 1];

	dir_changed(NODE(dir));
	return (int)hres(linuxu_syscall3(__NR_unlinkat, NODE(dir)->pfd,
					 (long)cname(buf, name, len),
					 isdir ? L_AT_REMOVEDIR : 0));
}

static int h_rename(struct vnode *odir, const char *oname, size_t olen,
		    struct vnode *ndir, const char *nname, size_t nlen)
{
	char obuf[NAME_MAX + 1], nbuf[NAME_MAX + 1];

	dir_changed(NODE(odir));
	dir_changed(NODE(ndir));
	return (int)hres(linuxu_syscall5(__NR_renameat2, NODE(odir)->pfd,
					 (long)cname(obuf, oname, olen),
					 NODE(ndir)->pfd,
					 (long)cname(nbuf, nname, nlen), 0));
}

static int h_link(struct vnode *dir, const char *name, size_t len,
		  struct vnode *vp)
{
	char buf[NAME_MAX + 1], path[32];

	dir_changed(NODE(dir));
	return (int)hres(linuxu_syscall5(__NR_linkat, LINUX_AT_FDCWD,
					 (long)fdpath(path, NODE(vp)->pfd),
					 NODE(dir)->pfd,
					 (long)cname(buf, name, len),
					 L_AT_SYMLINK_FOLLOW));
}

/* An open descriptor for vp's data: read-write if the host allows. */
static int io_fd(struct vnode *vp, int write, int *out)
{
	struct h_node *n = NODE(vp);
	char path[32];
	long fd;

	if (n->iofd >= 0 && (n->writable || !write)) {
		*out = n->iofd;
		return 0;
	}
	fdpath(path, n->pfd);
	if (S_ISDIR(vp->mode)) {
		fd = h_openat(LINUX_AT_FDCWD, path, L_O_RDONLY | L_O_DIRECTORY,
			      0);
	} else {
		fd = h_openat(LINUX_AT_FDCWD, path, L_O_RDWR, 0);
		if (fd >= 0) {
			if (n->iofd >= 0)
				linuxu_close(n->iofd);
			n->iofd = (int)fd;
			n->writable = 1;
			*out = n->iofd;
			return 0;
		}
		if (write || n->iofd >= 0)
			return (int)fd;
		fd = h_openat(LINUX_AT_FDCWD, path, L_O_RDONLY, 0);
	}
	if (fd < 0)
		return (int)fd;
	n->iofd = (int)fd;
	n->writable = 0;
	*out = n->iofd;
	return 0;
}

static ssize_t h_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	size_t done = 0;
	int fd, rc;

	if (off < 0)
		return -EINVAL;
	rc = io_fd(vp, 0, &fd);
	if (rc < 0)
		return rc;
	while (done < len) {
		long r = linuxu_pread(fd, (char *)buf + done, len - done,
				      off + (off_t)done);

		if (r == -LINUX_EINTR)
			continue;
		if (r < 0)
			return done ? (ssize_t)done : hres(r);
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static ssize_t h_write(struct vnode *vp, const void *buf, size_t len,
		       off_t off)
{
	size_t done = 0;
	int fd, rc;

	if (off < 0)
		return -EINVAL;
	rc = io_fd(vp, 1, &fd);
	if (rc < 0)
		return rc;
	while (done < len) {
		long r = linuxu_pwrite(fd, (const char *)buf + done,
				       len - done, off + (off_t)done);

		if (r == -LINUX_EINTR)
			continue;
		if (r <= 0)
			return done ? (ssize_t)done : r < 0 ? hres(r) : -EIO;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static int h_truncate(struct vnode *vp, off_t len)
{
	int fd, rc = io_fd(vp, 1, &fd);

	if (rc < 0)
		return rc;
	return (int)hres(linuxu_syscall2(__NR_ftruncate, fd, len));
}

static int h_fsync(struct vnode *vp)
{
	struct h_node *n = NODE(vp);

	if (n->iofd < 0)
		return 0; /* nothing was written through this node */
	return (int)hres(linuxu_fsync(n->iofd));
}

static int h_getattr(struct vnode *vp, struct stat *st)
{
	struct l_statx x;
	int rc = h_statx(NODE(vp)->pfd, &x);

	if (rc < 0)
		return rc;
	st->st_ino = (ino_t)x.ino;
	st->st_mode = (mode_t)x.mode;
	st->st_nlink = (nlink_t)x.nlink;
	st->st_uid = (uid_t)x.uid;
	st->st_gid = (gid_t)x.gid;
	st->st_size = (off_t)x.size;
	st->st_blksize = (blksize_t)x.blksize;
	st->st_blocks = (blkcnt_t)x.blocks;
	st->st_atim.tv_sec = (time_t)x.atime.sec;
	st->st_atim.tv_nsec = (long)x.atime.nsec;
	st->st_mtim.tv_sec = (time_t)x.mtime.sec;
	st->st_mtim.tv_nsec = (long)x.mtime.nsec;
	st->st_ctim.tv_sec = (time_t)x.ctime.sec;
	st->st_ctim.tv_nsec = (long)x.ctime.nsec;
	return 0;
}

static int h_chmod(struct vnode *vp, mode_t mode)
{
	char path[32];
	int rc = (int)hres(linuxu_syscall4(__NR_fchmodat, LINUX_AT_FDCWD,
					   (long)fdpath(path, NODE(vp)->pfd),
					   mode & 07777, 0));

	if (rc == 0)
		vp->mode = (vp->mode & S_IFMT) | (mode & 07777);
	return rc;
}

static int h_chown(struct vnode *vp, uid_t uid, gid_t gid)
{
	return (int)hres(linuxu_syscall5(__NR_fchownat, NODE(vp)->pfd,
					 (long)"", (long)(int)uid,
					 (long)(int)gid, L_AT_EMPTY_PATH));
}

static int h_utimens(struct vnode *vp, const struct timespec *atime,
		     const struct timespec *mtime)
{
	const long omit = (1L << 30) - 2; /* Linux's UTIME_OMIT */
	struct linux_timespec ts[2] = { { 0, omit }, { 0, omit } };
	char path[32];

	if (atime)
		ts[0] = (struct linux_timespec){ atime->tv_sec, atime->tv_nsec };
	if (mtime)
		ts[1] = (struct linux_timespec){ mtime->tv_sec, mtime->tv_nsec };
	return (int)hres(linuxu_syscall4(__NR_utimensat, LINUX_AT_FDCWD,
					 (long)fdpath(path, NODE(vp)->pfd),
					 (long)ts, 0));
}

static ssize_t h_readlink(struct vnode *vp, char *buf, size_t len)
{
	return hres(linuxu_syscall4(__NR_readlinkat, NODE(vp)->pfd, (long)"",
				    (long)buf, (long)len));
}

/* The entry at cookie pos in the cached listing; 1, or 0 if not there. */
static int cached_entry(struct h_node *d, __s64 pos, struct l_dirent64 **e)
{
	__s64 at = d->dstart;

	for (__u32 p = 0; p < d->dlen;) {
		struct l_dirent64 *x = (struct l_dirent64 *)(d->dbuf + p);

		if (at == pos) {
			*e = x;
			return 1;
		}
		at = x->off;
		p += x->reclen;
	}
	return 0;
}

static int h_readdir(struct vnode *vp, off_t *pos, struct dirent *out)
{
	struct h_node *d = NODE(vp);
	struct l_dirent64 *e;
	long n;
	int fd, rc;

	if (!d->dbuf) {
		d->dbuf = malloc(DIRBUF);
		if (!d->dbuf)
			return -ENOMEM;
		dir_changed(d);
	}
	if (*pos == 0 || !cached_entry(d, *pos, &e)) {
		rc = io_fd(vp, 0, &fd);
		if (rc < 0)
			return rc;
		dir_changed(d);
		n = linuxu_lseek(fd, *pos, L_SEEK_SET);
		if (n >= 0)
			n = linuxu_syscall3(__NR_getdents64, fd, (long)d->dbuf,
					    DIRBUF);
		if (n < 0)
			return (int)hres(n);
		if (n == 0)
			return 0;
		d->dlen = (__u32)n;
		d->dstart = *pos;
		e = (struct l_dirent64 *)d->dbuf;
	}
	out->d_ino = (ino_t)e->ino;
	out->d_type = e->type;
	strncpy(out->d_name, e->name, sizeof(out->d_name) - 1);
	out->d_name[sizeof(out->d_name) - 1] = 0;
	*pos = (off_t)e->off;
	return 1;
}

static void h_inactive(struct vnode *vp)
{
	struct h_mount *hm = HM(vp);
	struct h_node *n = NODE(vp);

	vfs_lock(&hm->nlock);
	n->held = 0;
	set_pin(hm, &n->pin, NULL);
	node_maybe_free(hm, n);
	vfs_unlock(&hm->nlock);
}

static const struct vnode_ops h_vops = {
	.lookup = h_lookup,
	.parent = h_parent,
	.create = h_create,
	.remove = h_remove,
	.rename = h_rename,
	.link = h_link,
	.read = h_read,
	.write = h_write,
	.truncate = h_truncate,
	.fsync = h_fsync,
	.getattr = h_getattr,
	.chmod = h_chmod,
	.chown = h_chown,
	.utimens = h_utimens,
	.readlink = h_readlink,
	.readdir = h_readdir,
	.inactive = h_inactive,
};

static int h_mount(struct vfs_mount *mp, const char *source, const void *data)
{
	struct h_mount *hm;
	long fd;
	__u64 ino;
	int rc;

	(void)data;
	if (!source || !source[0]) {
		uk_pr_err("hostfs: no host directory given\n");
		return -EINVAL;
	}
	fd = h_openat(LINUX_AT_FDCWD, source, L_O_PATH | L_O_DIRECTORY, 0);
	if (fd < 0) {
		uk_pr_err("hostfs: host directory %s: %s\n", source,
			  strerror((int)-fd));
		return (int)fd;
	}
	hm = calloc(1, sizeof(*hm));
	if (!hm) {
		linuxu_close((int)fd);
		return -ENOMEM;
	}
	vfs_lock_init(&hm->nlock);
	rc = node_take(hm, (int)fd, &hm->root, &ino);
	if (rc < 0) {
		free(hm);
		return rc;
	}
	mp->data = hm;
	mp->root_ino = ino;
	uk_pr_info("hostfs: mounted host directory %s\n", source);
	return 0;
}

static int h_unmount(struct vfs_mount *mp)
{
	struct h_mount *hm = mp->data;

	vfs_lock(&hm->nlock);
	set_pin(hm, &hm->parent_pin, NULL);
	set_pin(hm, &hm->root, NULL);
	vfs_unlock(&hm->nlock);
	for (int i = 0; i < NHASH; i++) {
		while (hm->hash[i]) {
			struct h_node *n = hm->hash[i];

			hm->hash[i] = n->hnext;
			node_free(n);
		}
	}
	free(hm);
	return 0;
}

static int h_vget(struct vfs_mount *mp, struct vnode *vp)
{
	struct h_mount *hm = mp->data;
	struct h_node *n = (struct h_node *)(__uptr)vp->ino;

	/* pinned since the lookup that gave its address */
	vfs_lock(&hm->nlock);
	n->held = 1;
	vfs_unlock(&hm->nlock);
	vp->data = n;
	vp->mode = n->mode;
	return 0;
}

static const struct vfs_fstype h_fstype = {
	.name = "hostfs",
	.mount = h_mount,
	.unmount = h_unmount,
	.vget = h_vget,
	.vops = &h_vops,
};
UK_FS_REGISTER(h_fstype);

#ifdef CONFIG_LIBVFSCORE_AUTOMOUNT
/* The default root: linuxu.hostfs=DIR. */
static int default_root(char *source, __sz len)
{
	if (!hostfs_dir)
		return 0;
	if (!hostfs_dir[0] || strlen(hostfs_dir) >= len) {
		uk_pr_crit("linuxu.hostfs=%s: give a host directory (shorter than %u characters)\n",
			   hostfs_dir, (unsigned int)len);
		return -EINVAL;
	}
	strcpy(source, hostfs_dir);
	return 1;
}

static int hostfs_init(void)
{
	return vfs_default_root_register("hostfs", default_root);
}
uk_lib_initcall(hostfs_init);
#endif
