/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs: nodes in the heap. A directory holds a list of named entries
 * pointing at nodes (several entries may share a node: hard links). A
 * node goes when its last name is removed and no vnode holds it. The
 * vnode cache's inode number of a node is its address.
 *
 * Locking: vfscore holds a node's vnode lock around every operation on it
 * (data, size, a directory's entries) and the mount's names lock around
 * every change of a name (so a directory's parent and its emptiness hold
 * still for rename and rmdir). What is left is a node's life: nlink
 * (changed under a directory's lock) and held (changed under the vnode
 * cache's lock) are both guarded by the mount's life lock, so that
 * exactly one of the last unlink and the last vnode frees the node.
 */
#include <uk/vfs.h>
#include <uk/plat/time.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>

struct ramfs_node;

struct ramfs_dirent {
	struct ramfs_dirent *next;
	struct ramfs_node *node;
	off_t cookie; /* readdir position; grows along the list */
	size_t len;
	char name[];
};

struct ramfs_node {
	mode_t mode;
	int nlink;                /* life lock */
	int held;                 /* a vnode exists for it; life lock */
	struct ramfs_node *parent; /* directories */
	struct ramfs_dirent *entries;
	off_t next_cookie;        /* directories: the next entry's cookie */
	char *data;               /* file content or symlink text */
	size_t size, cap;
	struct timespec atime, mtime, ctime;
	uid_t uid;
	gid_t gid;
	unsigned long serial;
};

struct ramfs_mount {
	struct ramfs_node *root;
	unsigned long serial;  /* changed with the names lock held */
	struct vfs_lock life;  /* every node's nlink and held */
};

/* Positions 0 and 1 are "." and ".."; entries start at 2. */
#define FIRST_COOKIE 2

#define NODE(vp) ((struct ramfs_node *)(vp)->data)
#define INO(n) ((__u64)(__uptr)(n))

static void stamp(struct timespec *ts)
{
	__nsec now = ukplat_wall_clock();

	ts->tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
	ts->tv_nsec = (long)(now % UKPLAT_NSEC_PER_SEC);
}

static struct ramfs_node *node_new(struct vfs_mount *mp, mode_t mode)
{
	struct ramfs_mount *rm = mp->data;
	struct ramfs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->mode = mode;
	n->next_cookie = FIRST_COOKIE;
	n->serial = ++rm->serial;
	stamp(&n->mtime);
	n->ctime = n->mtime;
	n->atime = n->mtime;
	return n;
}

/*
 * Free n and, a directory's entries being its last names, the nodes only
 * they held. Only for nodes nobody can reach: a removed directory is
 * empty, so the walk does something at unmount only.
 */
static void node_free(struct ramfs_node *n)
{
	struct ramfs_dirent *e, *next;

	for (e = n->entries; e; e = next) {
		next = e->next;
		if (--e->node->nlink == 0 && !e->node->held)
			node_free(e->node);
		free(e);
	}
	free(n->data);
	free(n);
}

static struct ramfs_dirent **find(struct ramfs_node *dir, const char *name,
				  size_t len)
{
	struct ramfs_dirent **pp;

	for (pp = &dir->entries; *pp; pp = &(*pp)->next)
		if ((*pp)->len == len && !memcmp((*pp)->name, name, len))
			return pp;
	return NULL;
}

static int add_entry(struct ramfs_mount *rm, struct ramfs_node *dir,
		     const char *name, size_t len, struct ramfs_node *n)
{
	struct ramfs_dirent *e = malloc(sizeof(*e) + len + 1);
	struct ramfs_dirent **pp;

	if (!e)
		return -ENOMEM;
	e->node = n;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = 0;
	e->next = NULL;
	e->cookie = dir->next_cookie++;
	/* at the end, so listings come in creation order */
	for (pp = &dir->entries; *pp; pp = &(*pp)->next)
		;
	*pp = e;
	vfs_lock(&rm->life);
	n->nlink++;
	vfs_unlock(&rm->life);
	if (S_ISDIR(n->mode))
		n->parent = dir;
	stamp(&dir->mtime);
	return 0;
}

/* One name of n fewer; the last one frees n if no vnode holds it. */
static void drop_node(struct ramfs_mount *rm, struct ramfs_node *n)
{
	int gone;

	vfs_lock(&rm->life);
	gone = --n->nlink == 0 && !n->held;
	vfs_unlock(&rm->life);
	if (gone)
		node_free(n);
}

#define RM(vp) ((struct ramfs_mount *)(vp)->mount->data)

static int ramfs_lookup(struct vnode *dir, const char *name, size_t len,
			__u64 *ino)
{
	struct ramfs_dirent **pp = find(NODE(dir), name, len);

	if (!pp)
		return -ENOENT;
	*ino = INO((*pp)->node);
	return 0;
}

static int ramfs_parent(struct vnode *dir, __u64 *ino)
{
	struct ramfs_node *p = NODE(dir)->parent;

	if (!p)
		return -ENOENT;
	*ino = INO(p);
	return 0;
}

static int ramfs_create(struct vnode *dir, const char *name, size_t len,
			mode_t mode, const char *target, __u64 *ino)
{
	struct ramfs_node *d = NODE(dir), *n;
	int rc;

	if (d->nlink == 0)
		return -ENOENT; /* a removed directory */
	if (find(d, name, len))
		return -EEXIST;
	n = node_new(dir->mount, mode);
	if (!n)
		return -ENOMEM;
	if (target) {
		n->size = strlen(target);
		n->data = malloc(n->size + 1);
		if (!n->data) {
			free(n);
			return -ENOMEM;
		}
		memcpy(n->data, target, n->size + 1);
	}
	rc = add_entry(RM(dir), d, name, len, n);
	if (rc < 0) {
		node_free(n);
		return rc;
	}
	*ino = INO(n);
	return 0;
}

static int ramfs_remove(struct vnode *dir, const char *name, size_t len,
			int isdir)
{
	struct ramfs_dirent **pp = find(NODE(dir), name, len), *e;
	struct ramfs_node *n;

	if (!pp)
		return -ENOENT;
	e = *pp;
	n = e->node;
	if (isdir && !S_ISDIR(n->mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(n->mode))
		return -EISDIR;
	if (isdir && n->entries)
		return -ENOTEMPTY;
	*pp = e->next;
	free(e);
	stamp(&NODE(dir)->mtime);
	drop_node(RM(dir), n);
	return 0;
}

static int ramfs_rename(struct vnode *odir, const char *oname, size_t olen,
			struct vnode *ndir, const char *nname, size_t nlen)
{
	struct ramfs_dirent **op = find(NODE(odir), oname, olen), **np, *e;
	struct ramfs_node *n;
	int rc;

	if (!op)
		return -ENOENT;
	n = (*op)->node;
	np = find(NODE(ndir), nname, nlen);
	if (np) {
		struct ramfs_node *victim = (*np)->node;

		if (victim == n)
			return 0;
		if (S_ISDIR(victim->mode) && victim->entries)
			return -ENOTEMPTY;
		e = *np;
		*np = e->next;
		free(e);
		drop_node(RM(ndir), victim);
		op = find(NODE(odir), oname, olen); /* the list changed */
	}
	/* the new name first, so a failure leaves the old one */
	rc = add_entry(RM(ndir), NODE(ndir), nname, nlen, n);
	if (rc < 0)
		return rc;
	e = *op;
	*op = e->next;
	free(e);
	drop_node(RM(odir), n); /* never the last name: the new one is there */
	stamp(&NODE(odir)->mtime);
	return 0;
}

static int ramfs_link(struct vnode *dir, const char *name, size_t len,
		      struct vnode *vp)
{
	if (find(NODE(dir), name, len))
		return -EEXIST;
	return add_entry(RM(dir), NODE(dir), name, len, NODE(vp));
}

static ssize_t ramfs_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	struct ramfs_node *n = NODE(vp);

	if (off < 0)
		return -EINVAL;
	if ((size_t)off >= n->size)
		return 0;
	if (len > n->size - (size_t)off)
		len = n->size - (size_t)off;
	memcpy(buf, n->data + off, len);
	return (ssize_t)len;
}

/* Make room for size bytes; new bytes are zero. */
static int reserve(struct ramfs_node *n, size_t size)
{
	size_t cap = n->cap ? n->cap : 64;
	char *p;

	if (size <= n->cap)
		return 0;
	while (cap < size) {
		if (cap > SIZE_MAX / 2)
			return -EFBIG;
		cap *= 2;
	}
	p = realloc(n->data, cap);
	if (!p)
		return -ENOSPC;
	memset(p + n->cap, 0, cap - n->cap);
	n->data = p;
	n->cap = cap;
	return 0;
}

static ssize_t ramfs_write(struct vnode *vp, const void *buf, size_t len,
			   off_t off)
{
	struct ramfs_node *n = NODE(vp);
	int rc;

	if (off < 0)
		return -EINVAL;
	if (len > (size_t)__INT64_MAX__ - (size_t)off)
		return -EFBIG;
	rc = reserve(n, (size_t)off + len);
	if (rc < 0)
		return rc;
	memcpy(n->data + off, buf, len);
	if ((size_t)off + len > n->size)
		n->size = (size_t)off + len;
	stamp(&n->mtime);
	return (ssize_t)len;
}

static int ramfs_truncate(struct vnode *vp, off_t len)
{
	struct ramfs_node *n = NODE(vp);
	int rc;

	rc = reserve(n, (size_t)len);
	if (rc < 0)
		return rc;
	if ((size_t)len < n->size)
		memset(n->data + len, 0, n->size - (size_t)len);
	n->size = (size_t)len;
	stamp(&n->mtime);
	return 0;
}

static int ramfs_getattr(struct vnode *vp, struct stat *st)
{
	struct ramfs_node *n = NODE(vp);

	st->st_ino = (ino_t)n->serial;
	st->st_mode = n->mode;
	st->st_nlink = (nlink_t)(S_ISDIR(n->mode)
					 ? 2
					 : __atomic_load_n(&n->nlink,
							   __ATOMIC_RELAXED));
	st->st_size = (off_t)n->size;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((n->cap + 511) / 512);
	st->st_mtim = n->mtime;
	st->st_atim = n->atime;
	st->st_ctim = n->ctime;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	return 0;
}

static int ramfs_chmod(struct vnode *vp, mode_t mode)
{
	struct ramfs_node *n = NODE(vp);

	n->mode = (n->mode & S_IFMT) | mode;
	vp->mode = n->mode;
	stamp(&n->ctime);
	return 0;
}

static int ramfs_chown(struct vnode *vp, uid_t uid, gid_t gid)
{
	struct ramfs_node *n = NODE(vp);

	if (uid != (uid_t)-1)
		n->uid = uid;
	if (gid != (gid_t)-1)
		n->gid = gid;
	stamp(&n->ctime);
	return 0;
}

static int ramfs_utimens(struct vnode *vp, const struct timespec *atime,
			 const struct timespec *mtime)
{
	struct ramfs_node *n = NODE(vp);

	if (atime)
		n->atime = *atime;
	if (mtime)
		n->mtime = *mtime;
	stamp(&n->ctime);
	return 0;
}

static ssize_t ramfs_readlink(struct vnode *vp, char *buf, size_t len)
{
	struct ramfs_node *n = NODE(vp);

	if (len > n->size)
		len = n->size;
	memcpy(buf, n->data, len);
	return (ssize_t)len;
}

static unsigned char dtype(mode_t m)
{
	return S_ISDIR(m) ? DT_DIR : S_ISLNK(m) ? DT_LNK : S_ISCHR(m) ? DT_CHR
							: DT_REG;
}

static int ramfs_readdir(struct vnode *vp, off_t *pos, struct dirent *d)
{
	struct ramfs_node *n = NODE(vp);
	struct ramfs_dirent *e;

	if (*pos < FIRST_COOKIE) {
		strcpy(d->d_name, *pos == 0 ? "." : "..");
		d->d_type = DT_DIR;
		d->d_ino = (ino_t)n->serial;
		(*pos)++;
		return 1;
	}
	/*
	 * Positions are cookies, not indices: entries removed before the
	 * position do not make a listing skip the ones after it.
	 */
	for (e = n->entries; e && e->cookie < *pos; e = e->next)
		;
	if (!e)
		return 0;
	memcpy(d->d_name, e->name, e->len + 1);
	d->d_type = dtype(e->node->mode);
	d->d_ino = (ino_t)e->node->serial;
	*pos = e->cookie + 1;
	return 1;
}

static void ramfs_inactive(struct vnode *vp)
{
	struct ramfs_node *n = NODE(vp);
	int gone;

	vfs_lock(&RM(vp)->life);
	n->held = 0;
	gone = n->nlink == 0;
	vfs_unlock(&RM(vp)->life);
	if (gone)
		node_free(n);
}

static const struct vnode_ops ramfs_vops = {
	.lookup = ramfs_lookup,
	.parent = ramfs_parent,
	.create = ramfs_create,
	.remove = ramfs_remove,
	.rename = ramfs_rename,
	.link = ramfs_link,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.getattr = ramfs_getattr,
	.chmod = ramfs_chmod,
	.chown = ramfs_chown,
	.utimens = ramfs_utimens,
	.readlink = ramfs_readlink,
	.readdir = ramfs_readdir,
	.inactive = ramfs_inactive,
};

static int ramfs_mount(struct vfs_mount *mp, const char *source,
		       const void *data)
{
	struct ramfs_mount *rm = calloc(1, sizeof(*rm));

	(void)source, (void)data;
	if (!rm)
		return -ENOMEM;
	vfs_lock_init(&rm->life);
	mp->data = rm;
	rm->root = node_new(mp, S_IFDIR | 0755);
	if (!rm->root) {
		free(rm);
		return -ENOMEM;
	}
	rm->root->nlink = 1; /* the mount's */
	mp->root_ino = INO(rm->root);
	return 0;
}

static int ramfs_unmount(struct vfs_mount *mp)
{
	struct ramfs_mount *rm = mp->data;

	rm->root->nlink = 0;
	if (!rm->root->held)
		node_free(rm->root);
	free(rm);
	return 0;
}

static int ramfs_vget(struct vfs_mount *mp, struct vnode *vp)
{
	struct ramfs_mount *rm = mp->data;
	struct ramfs_node *n = (struct ramfs_node *)(__uptr)vp->ino;

	vfs_lock(&rm->life);
	n->held = 1;
	vfs_unlock(&rm->life);
	vp->data = n;
	vp->mode = n->mode;
	return 0;
}

static const struct vfs_fstype ramfs_fstype = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
	.vget = ramfs_vget,
	.vops = &ramfs_vops,
};
UK_FS_REGISTER(ramfs_fstype);
