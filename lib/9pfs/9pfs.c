/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs: a vfscore file system over a 9P2000.L server (uk9p). The mount
 * source is a 9P device's mount tag.
 *
 * Nodes. A node stands for one file of the server, named by its qid.path
 * (the vnode's inode number). It holds a fid walked to the file and never
 * opened (for walks, getattr, setattr, readlink, and as the directory of
 * lcreate/mkdir/unlinkat/renameat), and, once I/O needs it, a second fid
 * opened for reading and writing (or reading only, when the server
 * refuses writing). Nodes sit in a hash table by qid.path.
 *
 * Life of a node. vfscore asks lookup for an inode number, then (the
 * directory still locked) vfs_vget, which calls our vget only when no
 * vnode exists. For vget to find the node, lookup "pins" it on the
 * directory: each directory node pins the node of its last lookup (or
 * create) until its next one, or until its vnode goes; ".." (parent) pins
 * on the mount, under the names lock. A node goes (its fids clunked) when
 * no vnode holds it and nothing pins it. The root is pinned by the mount.
 *
 * Locks: nlock (the mount's) guards the hash table and every node's held,
 * pins and pin; a node's iofid and directory cache are guarded by its
 * vnode's lock, which vfscore holds around each operation. Fids to clunk
 * are clunked after nlock is released.
 */
#include <uk/vfs.h>
#include <uk/9p.h>
#include <uk/print.h>
#include <uk/init.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <dirent.h>
#include <sys/stat.h>

#define NHASH 64
#define DIRBUF 8192 /* bytes of one Treaddir */

struct p9_node {
	struct p9_node *hnext; /* nlock */
	__u64 path;            /* qid.path */
	__u32 fid;             /* walked here, not opened */
	mode_t mode;           /* type and permissions at lookup */
	int held, pins;        /* nlock */
	struct p9_node *pin;   /* directories: the last lookup's node (nlock) */
	/* vnode lock: */
	__u32 iofid;           /* opened, or UK_9P_NOFID */
	int writable;          /* iofid was opened O_RDWR */
	char *dbuf;            /* directories: the last Treaddir reply */
	__u32 dlen;
	__u64 dstart;          /* the offset it was asked at */
};

struct p9_mount {
	struct uk_9p_client c;
	struct vfs_lock nlock;
	struct p9_node *hash[NHASH];
	struct p9_node *root;
	struct p9_node *parent_pin; /* the mount's names lock */
};

/* Tags mounted now: a second Tversion on a device would cut the first. */
static struct uk_9pdev *mounted[CONFIG_LIBUK9P_MAXDEVS];
static struct vfs_lock mounted_lock = VFS_LOCK_INITIALIZER(mounted_lock);

#define PM(vp) ((struct p9_mount *)(vp)->mount->data)
#define NODE(vp) ((struct p9_node *)(vp)->data)
#define C(vp) (&PM(vp)->c)

/* Fids whose clunk waits until nlock is released. */
struct clunks {
	__u32 fid[8];
	int n;
};

static unsigned int hslot(__u64 path)
{
	return (unsigned int)((path * 0x9e3779b97f4a7c15ULL) >> 58) % NHASH;
}

/* With nlock: the node of path, or NULL. */
static struct p9_node *node_find(struct p9_mount *pm, __u64 path)
{
	struct p9_node *n;

	for (n = pm->hash[hslot(path)]; n; n = n->hnext)
		if (n->path == path)
			return n;
	return NULL;
}

static void clunk_later(struct clunks *cl, struct p9_mount *pm, __u32 fid)
{
	if (fid == UK_9P_NOFID)
		return;
	if (cl->n < (int)ARRAY_SIZE(cl->fid))
		cl->fid[cl->n++] = fid;
	else
		uk_9p_clunk(&pm->c, fid); /* rare: clunk now, under nlock */
}

static void clunk_all(struct p9_mount *pm, struct clunks *cl)
{
	for (int i = 0; i < cl->n; i++)
		uk_9p_clunk(&pm->c, cl->fid[i]);
	cl->n = 0;
}

/* With nlock: free n if nothing holds or pins it (and what it pinned). */
static void node_maybe_free(struct p9_mount *pm, struct p9_node *n,
			    struct clunks *cl)
{
	while (n && !n->held && !n->pins) {
		struct p9_node **pp = &pm->hash[hslot(n->path)];
		struct p9_node *pinned = n->pin;

		while (*pp != n)
			pp = &(*pp)->hnext;
		*pp = n->hnext;
		clunk_later(cl, pm, n->fid);
		clunk_later(cl, pm, n->iofid);
		free(n->dbuf);
		free(n);
		if (pinned)
			pinned->pins--;
		n = pinned;
	}
}

/* With nlock: *slot now pins n (NULL: nothing); the old pin is dropped. */
static void set_pin(struct p9_mount *pm, struct p9_node **slot,
		    struct p9_node *n, struct clunks *cl)
{
	struct p9_node *old = *slot;

	if (n)
		n->pins++;
	*slot = n;
	if (old) {
		old->pins--;
		node_maybe_free(pm, old, cl);
	}
}

/*
 * The node of the file fid was walked to (qid), pinned in *slot; fid
 * becomes the node's or is clunked. Its mode comes from a getattr when the
 * node is new. Returns 0 or a negative errno (fid clunked).
 */
static int node_take(struct p9_mount *pm, __u32 fid,
		     const struct uk_9p_qid *qid, struct p9_node **slot)
{
	struct clunks cl = { .n = 0 };
	struct uk_9p_attr attr;
	struct p9_node *n, *fresh = NULL;
	int rc;

	vfs_lock(&pm->nlock);
	n = node_find(pm, qid->path);
	if (n) {
		set_pin(pm, slot, n, &cl);
		clunk_later(&cl, pm, fid);
		vfs_unlock(&pm->nlock);
		clunk_all(pm, &cl);
		return 0;
	}
	vfs_unlock(&pm->nlock);
	rc = uk_9p_getattr(&pm->c, fid, UK_9P_GETATTR_BASIC, &attr);
	if (rc == 0) {
		fresh = calloc(1, sizeof(*fresh));
		if (!fresh)
			rc = -ENOMEM;
	}
	if (rc < 0) {
		uk_9p_clunk(&pm->c, fid);
		return rc;
	}
	fresh->path = qid->path;
	fresh->fid = fid;
	fresh->iofid = UK_9P_NOFID;
	fresh->mode = (mode_t)attr.mode;
	vfs_lock(&pm->nlock);
	n = node_find(pm, qid->path); /* made meanwhile by another lookup? */
	if (n) {
		clunk_later(&cl, pm, fid);
		free(fresh);
	} else {
		n = fresh;
		n->hnext = pm->hash[hslot(n->path)];
		pm->hash[hslot(n->path)] = n;
	}
	set_pin(pm, slot, n, &cl);
	vfs_unlock(&pm->nlock);
	clunk_all(pm, &cl);
	return 0;
}

/* name (len bytes) as a C string in buf (NAME_MAX + 1). */
static const char *cname(char *buf, const char *name, size_t len)
{
	memcpy(buf, name, len);
	buf[len] = 0;
	return buf;
}

static int p9_lookup(struct vnode *dir, const char *name, size_t len,
		     __u64 *ino)
{
	struct p9_mount *pm = PM(dir);
	char buf[NAME_MAX + 1];
	const char *names[1] = { cname(buf, name, len) };
	struct uk_9p_qid qid;
	__u32 fid = uk_9p_fid_new(&pm->c);
	int rc;

	rc = uk_9p_walk(&pm->c, NODE(dir)->fid, fid, 1, names, &qid);
	if (rc < 0)
		return rc;
	rc = node_take(pm, fid, &qid, &NODE(dir)->pin);
	if (rc == 0)
		*ino = qid.path;
	return rc;
}

static int p9_parent(struct vnode *dir, __u64 *ino)
{
	struct p9_mount *pm = PM(dir);
	const char *names[1] = { ".." };
	struct uk_9p_qid qid;
	__u32 fid = uk_9p_fid_new(&pm->c);
	int rc;

	rc = uk_9p_walk(&pm->c, NODE(dir)->fid, fid, 1, names, &qid);
	if (rc < 0)
		return rc;
	rc = node_take(pm, fid, &qid, &pm->parent_pin);
	if (rc == 0)
		*ino = qid.path;
	return rc;
}

/* The directory changed: its next listing is asked for afresh. */
static void dir_changed(struct p9_node *d)
{
	d->dlen = 0;
	d->dstart = ~0ULL;
}

/* Make the regular file name in dir and its node (pinned on dir). */
static int create_file(struct vnode *dir, const char *name, mode_t mode,
		       __u64 *ino)
{
	struct p9_mount *pm = PM(dir);
	struct p9_node *d = NODE(dir), *n;
	__u32 iofid = uk_9p_fid_new(&pm->c), fid;
	const char *names[1] = { name };
	struct uk_9p_qid qid;
	int rc;

	/* lcreate turns a clone of the directory's fid into the new file */
	rc = uk_9p_walk(&pm->c, d->fid, iofid, 0, NULL, NULL);
	if (rc < 0)
		return rc;
	rc = uk_9p_lcreate(&pm->c, iofid, name,
			   UK_9P_O_RDWR | UK_9P_O_CREAT | UK_9P_O_EXCL,
			   mode & 07777, 0, &qid, NULL);
	if (rc < 0) {
		uk_9p_clunk(&pm->c, iofid);
		return rc;
	}
	fid = uk_9p_fid_new(&pm->c);
	rc = uk_9p_walk(&pm->c, d->fid, fid, 1, names, &qid);
	if (rc == 0)
		rc = node_take(pm, fid, &qid, &d->pin);
	if (rc < 0) {
		uk_9p_clunk(&pm->c, iofid);
		return rc;
	}
	/* the open fid serves the new node's I/O (no vnode has it yet) */
	vfs_lock(&pm->nlock);
	n = node_find(pm, qid.path);
	if (n && n->iofid == UK_9P_NOFID && !n->held) {
		n->iofid = iofid;
		n->writable = 1;
		iofid = UK_9P_NOFID;
	}
	vfs_unlock(&pm->nlock);
	if (iofid != UK_9P_NOFID)
		uk_9p_clunk(&pm->c, iofid);
	*ino = qid.path;
	return 0;
}

static int p9_create(struct vnode *dir, const char *name, size_t len,
		     mode_t mode, const char *target, __u64 *ino)
{
	struct p9_mount *pm = PM(dir);
	char buf[NAME_MAX + 1];
	struct uk_9p_qid qid;
	int rc;

	cname(buf, name, len);
	dir_changed(NODE(dir));
	if (S_ISREG(mode))
		return create_file(dir, buf, mode, ino);
	if (S_ISDIR(mode))
		rc = uk_9p_mkdir(&pm->c, NODE(dir)->fid, buf, mode & 07777, 0,
				 &qid);
	else if (S_ISLNK(mode))
		rc = uk_9p_symlink(&pm->c, NODE(dir)->fid, buf, target, 0,
				   &qid);
	else
		rc = -EINVAL;
	if (rc == 0)
		*ino = qid.path;
	return rc;
}

static int p9_remove(struct vnode *dir, const char *name, size_t len,
		     int isdir)
{
	char buf[NAME_MAX + 1];

	dir_changed(NODE(dir));
	return uk_9p_unlinkat(C(dir), NODE(dir)->fid, cname(buf, name, len),
			      isdir ? UK_9P_AT_REMOVEDIR : 0);
}

static int p9_rename(struct vnode *odir, const char *oname, size_t olen,
		     struct vnode *ndir, const char *nname, size_t nlen)
{
	char obuf[NAME_MAX + 1], nbuf[NAME_MAX + 1];

	dir_changed(NODE(odir));
	dir_changed(NODE(ndir));
	return uk_9p_renameat(C(odir), NODE(odir)->fid,
			      cname(obuf, oname, olen), NODE(ndir)->fid,
			      cname(nbuf, nname, nlen));
}

static int p9_link(struct vnode *dir, const char *name, size_t len,
		   struct vnode *vp)
{
	char buf[NAME_MAX + 1];

	dir_changed(NODE(dir));
	return uk_9p_link(C(dir), NODE(dir)->fid, NODE(vp)->fid,
			  cname(buf, name, len));
}

/*
 * An open fid for vp's data (vp locked): read-write when the server
 * allows, else read-only (then a write gets the server's refusal).
 */
static int io_fid(struct vnode *vp, int write, __u32 *out)
{
	struct p9_mount *pm = PM(vp);
	struct p9_node *n = NODE(vp);
	int dir = S_ISDIR(vp->mode), rc = 0;
	__u32 fid;

	if (n->iofid != UK_9P_NOFID && (n->writable || !write)) {
		*out = n->iofid;
		return 0;
	}
	fid = uk_9p_fid_new(&pm->c);
	rc = uk_9p_walk(&pm->c, n->fid, fid, 0, NULL, NULL);
	if (rc < 0)
		return rc;
	if (dir) {
		rc = uk_9p_lopen(&pm->c, fid,
				 UK_9P_O_RDONLY | UK_9P_O_DIRECTORY, NULL,
				 NULL);
	} else {
		rc = uk_9p_lopen(&pm->c, fid, UK_9P_O_RDWR, NULL, NULL);
		if (rc == 0) {
			if (n->iofid != UK_9P_NOFID)
				uk_9p_clunk(&pm->c, n->iofid);
			n->iofid = fid;
			n->writable = 1;
			*out = fid;
			return 0;
		}
		if (write || n->iofid != UK_9P_NOFID)
			goto fail;
		rc = uk_9p_lopen(&pm->c, fid, UK_9P_O_RDONLY, NULL, NULL);
	}
	if (rc < 0)
		goto fail;
	n->iofid = fid;
	n->writable = 0;
	*out = fid;
	return 0;
fail:
	uk_9p_clunk(&pm->c, fid);
	return rc;
}

static ssize_t p9_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	__u32 fid;
	int rc;

	if (off < 0)
		return -EINVAL;
	rc = io_fid(vp, 0, &fid);
	if (rc < 0)
		return rc;
	return uk_9p_read(C(vp), fid, (__u64)off, buf, len);
}

static ssize_t p9_write(struct vnode *vp, const void *buf, size_t len,
			off_t off)
{
	__u32 fid;
	int rc;

	if (off < 0)
		return -EINVAL;
	rc = io_fid(vp, 1, &fid);
	if (rc < 0)
		return rc;
	return uk_9p_write(C(vp), fid, (__u64)off, buf, len);
}

static int setattr(struct vnode *vp, struct uk_9p_setattr *a)
{
	return uk_9p_setattr(C(vp), NODE(vp)->fid, a);
}

static int p9_truncate(struct vnode *vp, off_t len)
{
	struct uk_9p_setattr a = { .valid = UK_9P_SETATTR_SIZE };

	if (len < 0)
		return -EINVAL;
	a.size = (__u64)len;
	return setattr(vp, &a);
}

static int p9_fsync(struct vnode *vp)
{
	struct p9_node *n = NODE(vp);

	/* writes go through iofid only: without one nothing was written */
	if (n->iofid == UK_9P_NOFID)
		return 0;
	return uk_9p_fsync(C(vp), n->iofid, 0);
}

static int p9_getattr(struct vnode *vp, struct stat *st)
{
	struct uk_9p_attr a;
	int rc = uk_9p_getattr(C(vp), NODE(vp)->fid, UK_9P_GETATTR_BASIC, &a);

	if (rc < 0)
		return rc;
	st->st_ino = (ino_t)a.qid.path;
	st->st_mode = (mode_t)a.mode;
	st->st_nlink = (nlink_t)a.nlink;
	st->st_uid = (uid_t)a.uid;
	st->st_gid = (gid_t)a.gid;
	st->st_rdev = (dev_t)a.rdev;
	st->st_size = (off_t)a.size;
	st->st_blksize = (blksize_t)a.blksize;
	st->st_blocks = (blkcnt_t)a.blocks;
	st->st_atim.tv_sec = (time_t)a.atime_sec;
	st->st_atim.tv_nsec = (long)a.atime_nsec;
	st->st_mtim.tv_sec = (time_t)a.mtime_sec;
	st->st_mtim.tv_nsec = (long)a.mtime_nsec;
	st->st_ctim.tv_sec = (time_t)a.ctime_sec;
	st->st_ctim.tv_nsec = (long)a.ctime_nsec;
	return 0;
}

static int p9_chmod(struct vnode *vp, mode_t mode)
{
	struct uk_9p_setattr a = { .valid = UK_9P_SETATTR_MODE };
	int rc;

	a.mode = mode & 07777;
	rc = setattr(vp, &a);
	if (rc == 0)
		vp->mode = (vp->mode & S_IFMT) | (mode & 07777);
	return rc;
}

static int p9_chown(struct vnode *vp, uid_t uid, gid_t gid)
{
	struct uk_9p_setattr a = { .valid = 0 };

	if (uid != (uid_t)-1) {
		a.valid |= UK_9P_SETATTR_UID;
		a.uid = (__u32)uid;
	}
	if (gid != (gid_t)-1) {
		a.valid |= UK_9P_SETATTR_GID;
		a.gid = (__u32)gid;
	}
	a.valid |= UK_9P_SETATTR_CTIME;
	return setattr(vp, &a);
}

static int p9_utimens(struct vnode *vp, const struct timespec *atime,
		      const struct timespec *mtime)
{
	struct uk_9p_setattr a = { .valid = UK_9P_SETATTR_CTIME };

	if (atime) {
		a.valid |= UK_9P_SETATTR_ATIME | UK_9P_SETATTR_ATIME_SET;
		a.atime_sec = (__u64)atime->tv_sec;
		a.atime_nsec = (__u64)atime->tv_nsec;
	}
	if (mtime) {
		a.valid |= UK_9P_SETATTR_MTIME | UK_9P_SETATTR_MTIME_SET;
		a.mtime_sec = (__u64)mtime->tv_sec;
		a.mtime_nsec = (__u64)mtime->tv_nsec;
	}
	return setattr(vp, &a);
}

static ssize_t p9_readlink(struct vnode *vp, char *buf, size_t len)
{
	return uk_9p_readlink(C(vp), NODE(vp)->fid, buf, len);
}

/*
 * The entry that starts at cookie pos in the cached listing of d; 1, or 0
 * if the cache does not have it.
 */
static int cached_entry(struct p9_node *d, __u64 pos, struct uk_9p_dirent *e)
{
	__u64 at = d->dstart;
	__u32 p = 0;

	while (uk_9p_dirent_next(d->dbuf, d->dlen, &p, e) == 1) {
		if (at == pos)
			return 1;
		at = e->offset;
	}
	return 0;
}

static int p9_readdir(struct vnode *vp, off_t *pos, struct dirent *out)
{
	struct p9_node *d = NODE(vp);
	struct uk_9p_dirent e;
	__u32 fid, p = 0;
	ssize_t n;
	int rc;

	if (!d->dbuf) {
		d->dbuf = malloc(DIRBUF);
		if (!d->dbuf)
			return -ENOMEM;
		dir_changed(d);
	}
	/* a listing from the start always asks the server afresh */
	if (*pos == 0 || !cached_entry(d, (__u64)*pos, &e)) {
		rc = io_fid(vp, 0, &fid);
		if (rc < 0)
			return rc;
		n = uk_9p_readdir(C(vp), fid, (__u64)*pos, d->dbuf, DIRBUF);
		if (n < 0) {
			dir_changed(d);
			return (int)n;
		}
		d->dlen = (__u32)n;
		d->dstart = (__u64)*pos;
		rc = uk_9p_dirent_next(d->dbuf, d->dlen, &p, &e);
		if (rc <= 0) {
			dir_changed(d);
			return rc;
		}
	}
	out->d_ino = (ino_t)e.qid.path;
	out->d_type = e.type;
	strcpy(out->d_name, e.name);
	*pos = (off_t)e.offset;
	return 1;
}

static void p9_inactive(struct vnode *vp)
{
	struct p9_mount *pm = PM(vp);
	struct p9_node *n = NODE(vp);
	struct clunks cl = { .n = 0 };

	vfs_lock(&pm->nlock);
	n->held = 0;
	set_pin(pm, &n->pin, NULL, &cl); /* no lookup runs in it any more */
	node_maybe_free(pm, n, &cl);
	vfs_unlock(&pm->nlock);
	clunk_all(pm, &cl);
}

static const struct vnode_ops p9_vops = {
	.lookup = p9_lookup,
	.parent = p9_parent,
	.create = p9_create,
	.remove = p9_remove,
	.rename = p9_rename,
	.link = p9_link,
	.read = p9_read,
	.write = p9_write,
	.truncate = p9_truncate,
	.fsync = p9_fsync,
	.getattr = p9_getattr,
	.chmod = p9_chmod,
	.chown = p9_chown,
	.utimens = p9_utimens,
	.readlink = p9_readlink,
	.readdir = p9_readdir,
	.inactive = p9_inactive,
};

/* "fs0, fs1": the mount tags of this image, for messages. */
static void list_tags(char *buf, size_t len)
{
	buf[0] = 0;
	for (unsigned int i = 0; i < uk_9pdev_count(); i++) {
		const char *t = uk_9pdev_get(i)->tag;

		if (strlen(buf) + strlen(t) + 3 > len)
			break;
		if (i)
			strcat(buf, ", ");
		strcat(buf, t);
	}
	if (!buf[0])
		strncpy(buf, "none", len);
}

/* Claim dev for one mount; -EBUSY if mounted already. */
static int claim(struct uk_9pdev *dev, int take)
{
	int rc = take ? -ENOSPC : 0;

	vfs_lock(&mounted_lock);
	for (unsigned int i = 0; i < ARRAY_SIZE(mounted); i++) {
		if (take && mounted[i] == dev) {
			rc = -EBUSY;
			break;
		}
	}
	for (unsigned int i = 0; rc != -EBUSY && i < ARRAY_SIZE(mounted); i++) {
		if (take && !mounted[i]) {
			mounted[i] = dev;
			rc = 0;
			break;
		}
		if (!take && mounted[i] == dev)
			mounted[i] = NULL;
	}
	vfs_unlock(&mounted_lock);
	return rc;
}

static int p9_mount(struct vfs_mount *mp, const char *source, const void *data)
{
	struct uk_9pdev *dev = source ? uk_9pdev_find(source) : NULL;
	struct p9_mount *pm;
	struct uk_9p_qid qid;
	char tags[128];
	__u32 fid;
	int rc;

	(void)data;
	if (!dev) {
		list_tags(tags, sizeof(tags));
		uk_pr_err("9pfs: no 9P device has the mount tag '%s' (this image has: %s)\n",
			  source ? source : "", tags);
		return -ENODEV;
	}
	rc = claim(dev, 1);
	if (rc < 0) {
		uk_pr_err("9pfs: mount tag '%s' is mounted already\n", source);
		return rc;
	}
	pm = calloc(1, sizeof(*pm));
	if (!pm) {
		claim(dev, 0);
		return -ENOMEM;
	}
	vfs_lock_init(&pm->nlock);
	rc = uk_9p_connect(&pm->c, dev, CONFIG_LIBUK9P_MSIZE);
	if (rc < 0) {
		uk_pr_err("9pfs: '%s': version negotiation failed: %d\n",
			  source, rc);
		goto fail;
	}
	fid = uk_9p_fid_new(&pm->c);
	rc = uk_9p_attach(&pm->c, fid, "root", "", 0, &qid);
	if (rc < 0) {
		uk_pr_err("9pfs: '%s': attach failed: %d\n", source, rc);
		goto fail;
	}
	/* the root is pinned by the mount for as long as it lasts */
	rc = node_take(pm, fid, &qid, &pm->root);
	if (rc < 0)
		goto fail;
	mp->data = pm;
	mp->root_ino = qid.path;
	uk_pr_info("9pfs: mounted '%s' (msize %u)\n", source, pm->c.msize);
	return 0;
fail:
	free(pm);
	claim(dev, 0);
	return rc;
}

static int p9_unmount(struct vfs_mount *mp)
{
	struct p9_mount *pm = mp->data;
	struct clunks cl = { .n = 0 };

	vfs_lock(&pm->nlock);
	set_pin(pm, &pm->parent_pin, NULL, &cl);
	set_pin(pm, &pm->root, NULL, &cl);
	vfs_unlock(&pm->nlock);
	clunk_all(pm, &cl);
	/* nodes still pinned by freed directories cannot be left: free all */
	for (int i = 0; i < NHASH; i++) {
		while (pm->hash[i]) {
			struct p9_node *n = pm->hash[i];

			pm->hash[i] = n->hnext;
			uk_9p_clunk(&pm->c, n->fid);
			if (n->iofid != UK_9P_NOFID)
				uk_9p_clunk(&pm->c, n->iofid);
			free(n->dbuf);
			free(n);
		}
	}
	claim(pm->c.dev, 0);
	free(pm);
	return 0;
}

static int p9_vget(struct vfs_mount *mp, struct vnode *vp)
{
	struct p9_mount *pm = mp->data;
	struct p9_node *n;

	vfs_lock(&pm->nlock);
	n = node_find(pm, vp->ino);
	if (n)
		n->held = 1;
	vfs_unlock(&pm->nlock);
	if (!n)
		return -ESTALE; /* never looked up: a bug of ours */
	vp->data = n;
	vp->mode = n->mode;
	return 0;
}

static const struct vfs_fstype p9_fstype = {
	.name = "9pfs",
	.mount = p9_mount,
	.unmount = p9_unmount,
	.vget = p9_vget,
	.vops = &p9_vops,
};
UK_FS_REGISTER(p9_fstype);

#ifdef CONFIG_LIBVFSCORE_AUTOMOUNT
/* The default root: the first 9P device (qemu-guest -e DIR shares fs1). */
static int default_root(char *source, __sz len)
{
	if (!uk_9pdev_count() || strlen(uk_9pdev_get(0)->tag) >= len)
		return 0;
	strcpy(source, uk_9pdev_get(0)->tag);
	return 1;
}

static int p9_init(void)
{
	return vfs_default_root_register("9pfs", default_root);
}
uk_lib_initcall(p9_init);
#endif
