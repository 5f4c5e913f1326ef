/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * extfs: ext2/3/4 disks as a vfscore file system, through e2fsprogs'
 * libext2fs over the ukblkdev I/O manager (io_blkdev.c). The vnode cache's
 * inode numbers are the file system's.
 *
 * File data takes the direct path (data.c): blocks
 * mapped by libext2fs, runs of whole blocks moved in one device request.
 * Files the direct path does not handle (inline data, uninitialised
 * extents) and truncate use a libext2fs file handle, which a vnode keeps
 * (its one-block buffer and its copy of the inode); every other use or
 * change of that inode first releases the handle (flushing its buffer
 * and inode), so that only one copy of an inode is ever modified. A file
 * whose last name goes while a vnode holds it is freed when the vnode
 * goes (inactive).
 *
 * Durability: a read-write mount marks the superblock "not clean" on the
 * disk at once; fsync writes the file's handle, the bitmaps, the group
 * descriptors and the superblock, then flushes the device; unmount (and
 * exit, through atexit) does the same and restores the superblock's
 * state, so a cleanly stopped image leaves a clean file system. The
 * journal is neither written nor replayed: a disk whose journal needs
 * recovery is refused (doc/storage.md).
 *
 * Locking: libext2fs is not thread safe, and every operation may sleep
 * on the device. One mutex per mount (lock) is held across each
 * operation; it guards the libext2fs file system, the node list and
 * every node's handle. vfscore's own locks are taken before it.
 */
#include <uk/vfs.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/blkdev.h>
#include <uk/plat/time.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <sys/mount.h>
#include "extfs.h"

/* ext4's most links of an inode (dir_nlink counts past it as 1) */
#define EXTFS_LINK_MAX 65000

static struct extfs_mount *mounts; /* changed by mount/unmount */

#define EM(vp) ((struct extfs_mount *)(vp)->mount->data)
#define NODE(vp) ((struct extfs_node *)(vp)->data)

int extfs_errno(errcode_t err)
{
	if (err == 0)
		return 0;
	if (err > 0 && err < 256)
		return -(int)err; /* an errno value (the I/O manager's) */
	switch (err) {
	case EXT2_ET_RO_FILSYS:
		return -EROFS;
	case EXT2_ET_BLOCK_ALLOC_FAIL:
	case EXT2_ET_INODE_ALLOC_FAIL:
	case EXT2_ET_DIR_NO_SPACE:
	case EXT2_ET_TOOSMALL:
	case EXT2_ET_RES_GDT_BLOCKS:
		return -ENOSPC;
	case EXT2_ET_NO_MEMORY:
		return -ENOMEM;
	case EXT2_ET_FILE_TOO_BIG:
	case EXT2_ET_EXTENT_NOT_SUPPORTED:
		return -EFBIG;
	case EXT2_ET_FILE_NOT_FOUND:
		return -ENOENT;
	case EXT2_ET_DIR_EXISTS:
		return -EEXIST;
	case EXT2_ET_NO_DIRECTORY:
		return -ENOTDIR;
	case EXT2_ET_INVALID_ARGUMENT:
		return -EINVAL;
	default:
		return -EIO;
	}
}

static __u32 now(void)
{
	return (__u32)(ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC);
}

static void lock(struct extfs_mount *em)
{
	uk_mutex_lock(&em->lock);
}

static void unlock(struct extfs_mount *em)
{
	uk_mutex_unlock(&em->lock);
}

static struct extfs_node *find_node(struct extfs_mount *em, ext2_ino_t ino)
{
	struct extfs_node *n;

	for (n = em->nodes; n; n = n->next)
		if (n->ino == ino)
			return n;
	return NULL;
}

/* Write and close n's handle (its buffer, then its inode). */
static errcode_t release_file(struct extfs_mount *em, struct extfs_node *n)
{
	errcode_t err, err2;

	if (!n || !n->file)
		return 0;
	err = ext2fs_file_flush(n->file);
	if (n->times_dirty && em->rw) {
		err2 = ext2fs_write_inode(em->fs, n->ino,
					  ext2fs_file_get_inode(n->file));
		if (!err)
			err = err2;
	}
	err2 = ext2fs_file_close(n->file);
	n->file = NULL;
	n->times_dirty = 0;
	return err ? err : err2;
}

/* Release the handle of inode ino, if a vnode has one. */
static errcode_t quiesce(struct extfs_mount *em, ext2_ino_t ino)
{
	return release_file(em, find_node(em, ino));
}

static errcode_t get_file(struct extfs_mount *em, struct extfs_node *n)
{
	if (n->file)
		return 0;
	return ext2fs_file_open2(em->fs, n->ino, NULL,
				 em->rw ? EXT2_FILE_WRITE : 0, &n->file);
}

/* name/len as a C string in buf (len <= NAME_MAX, checked by vfscore). */
static const char *cname(char *buf, const char *name, size_t len)
{
	memcpy(buf, name, len);
	buf[len] = 0;
	return buf;
}

static void touch_dir(struct extfs_mount *em, ext2_ino_t dir)
{
	struct ext2_inode inode;

	if (ext2fs_read_inode(em->fs, dir, &inode))
		return;
	inode.i_mtime = inode.i_ctime = now();
	ext2fs_write_inode(em->fs, dir, &inode);
}

/* Link ino as name in dir, growing the directory when it is full. */
static errcode_t add_link(struct extfs_mount *em, ext2_ino_t dir,
			  const char *name, ext2_ino_t ino, int ftype)
{
	errcode_t err = ext2fs_link(em->fs, dir, name, ino, ftype);

	if (err == EXT2_ET_DIR_NO_SPACE) {
		err = ext2fs_expand_dir(em->fs, dir);
		if (!err)
			err = ext2fs_link(em->fs, dir, name, ino, ftype);
	}
	return err;
}

static int ftype_of(__u16 mode)
{
	if (LINUX_S_ISDIR(mode))
		return EXT2_FT_DIR;
	if (LINUX_S_ISLNK(mode))
		return EXT2_FT_SYMLINK;
	if (LINUX_S_ISCHR(mode))
		return EXT2_FT_CHRDEV;
	if (LINUX_S_ISBLK(mode))
		return EXT2_FT_BLKDEV;
	if (LINUX_S_ISFIFO(mode))
		return EXT2_FT_FIFO;
	if (LINUX_S_ISSOCK(mode))
		return EXT2_FT_SOCK;
	return EXT2_FT_REG_FILE;
}

static int extfs_lookup(struct vnode *dir, const char *name, size_t len,
			__u64 *ino)
{
	struct extfs_mount *em = EM(dir);
	ext2_ino_t i;
	errcode_t err;

	lock(em);
	err = ext2fs_lookup(em->fs, (ext2_ino_t)dir->ino, name, (int)len, NULL,
			    &i);
	unlock(em);
	if (err)
		return extfs_errno(err);
	*ino = i;
	return 0;
}

static int extfs_parent(struct vnode *dir, __u64 *ino)
{
	return extfs_lookup(dir, "..", 2, ino);
}

/* Free inode ino (no names left, no vnode): its blocks, then itself. */
static errcode_t free_inode(struct extfs_mount *em, ext2_ino_t ino)
{
	struct ext2_inode inode;
	errcode_t err;

	err = ext2fs_read_inode(em->fs, ino, &inode);
	if (err)
		return err;
	if (inode.i_links_count)
		return 0;
	if (ext2fs_inode_has_valid_blocks2(em->fs, &inode) ||
	    (inode.i_flags & EXT4_INLINE_DATA_FL)) {
		err = ext2fs_punch(em->fs, ino, &inode, NULL, 0, ~0ULL);
		if (err)
			return err;
	}
	if (ext2fs_file_acl_block(em->fs, &inode)) {
		ext2fs_block_alloc_stats2(em->fs,
					  ext2fs_file_acl_block(em->fs, &inode),
					  -1);
		ext2fs_file_acl_block_set(em->fs, &inode, 0);
	}
	inode.i_dtime = now();
	err = ext2fs_write_inode(em->fs, ino, &inode);
	if (err)
		return err;
	ext2fs_inode_alloc_stats2(em->fs, ino, -1,
				  LINUX_S_ISDIR(inode.i_mode) ? 1 : 0);
	return 0;
}

struct empty_ctx {
	int entries;
};

static int count_entry(struct ext2_dir_entry *d, int offset, int blocksize,
		       char *buf, void *priv)
{
	struct empty_ctx *c = priv;
	int len = ext2fs_dirent_name_len(d);

	(void)offset, (void)blocksize, (void)buf;
	if (!(len == 1 && d->name[0] == '.') &&
	    !(len == 2 && d->name[0] == '.' && d->name[1] == '.')) {
		c->entries++;
		return DIRENT_ABORT;
	}
	return 0;
}

static errcode_t dir_is_empty(struct extfs_mount *em, ext2_ino_t dir,
			      int *empty)
{
	struct empty_ctx c = { 0 };
	errcode_t err;

	err = ext2fs_dir_iterate(em->fs, dir, 0, NULL, count_entry, &c);
	*empty = c.entries == 0;
	return err;
}

/*
 * Remove name (inode ino, of type isdir) from dir: the entry, one link,
 * and the inode itself once it has no name and no vnode.
 */
static int unlink_entry(struct extfs_mount *em, ext2_ino_t dir,
			const char *name, ext2_ino_t ino, int isdir)
{
	struct ext2_inode inode;
	errcode_t err;

	err = quiesce(em, ino);
	if (!err)
		err = ext2fs_unlink(em->fs, dir, name, ino, 0);
	if (!err)
		err = ext2fs_read_inode(em->fs, ino, &inode);
	if (err)
		return extfs_errno(err);
	if (isdir) {
		struct ext2_inode pi;

		inode.i_links_count = 0;
		if (!ext2fs_read_inode(em->fs, dir, &pi) &&
		    pi.i_links_count > 1) {
			pi.i_links_count--;
			ext2fs_write_inode(em->fs, dir, &pi);
		}
	} else if (inode.i_links_count) {
		inode.i_links_count--;
	}
	inode.i_ctime = now();
	err = ext2fs_write_inode(em->fs, ino, &inode);
	touch_dir(em, dir);
	if (!err && inode.i_links_count == 0 && !find_node(em, ino))
		err = free_inode(em, ino);
	return extfs_errno(err);
}

/* name's inode and type in dir, for remove and rename. */
static int lookup_typed(struct extfs_mount *em, ext2_ino_t dir,
			const char *name, ext2_ino_t *ino, int *isdir)
{
	struct ext2_inode inode;
	errcode_t err;

	err = ext2fs_lookup(em->fs, dir, name, (int)strlen(name), NULL, ino);
	if (!err)
		err = ext2fs_read_inode(em->fs, *ino, &inode);
	if (err)
		return extfs_errno(err);
	*isdir = LINUX_S_ISDIR(inode.i_mode);
	return 0;
}

static int extfs_remove(struct vnode *dir, const char *name, size_t len,
			int isdir)
{
	struct extfs_mount *em = EM(dir);
	char buf[NAME_MAX + 1];
	ext2_ino_t ino;
	int rc, isd, empty;

	if (!em->rw)
		return -EROFS;
	cname(buf, name, len);
	lock(em);
	rc = lookup_typed(em, (ext2_ino_t)dir->ino, buf, &ino, &isd);
	if (rc == 0 && isdir && !isd)
		rc = -ENOTDIR;
	else if (rc == 0 && !isdir && isd)
		rc = -EISDIR;
	if (rc == 0 && isd) {
		rc = extfs_errno(dir_is_empty(em, ino, &empty));
		if (rc == 0 && !empty)
			rc = -ENOTEMPTY;
	}
	if (rc == 0)
		rc = unlink_entry(em, (ext2_ino_t)dir->ino, buf, ino, isd);
	unlock(em);
	return rc;
}

static void init_times(struct ext2_inode *inode)
{
	inode->i_atime = inode->i_ctime = inode->i_mtime = now();
}

/* A new regular file: an inode with an empty extent tree (or map). */
static errcode_t create_file(struct extfs_mount *em, ext2_ino_t dir,
			     const char *name, mode_t mode, ext2_ino_t *ino)
{
	ext2_filsys fs = em->fs;
	struct ext2_inode inode;
	errcode_t err;

	err = ext2fs_new_inode(fs, dir, LINUX_S_IFREG | 0600, NULL, ino);
	if (err)
		return err;
	memset(&inode, 0, sizeof(inode));
	inode.i_mode = (__u16)(LINUX_S_IFREG | (mode & 07777));
	inode.i_links_count = 1;
	init_times(&inode);
	if (ext2fs_has_feature_extents(fs->super)) {
		struct ext3_extent_header *eh = (void *)inode.i_block;

		inode.i_flags |= EXT4_EXTENTS_FL;
		eh->eh_magic = ext2fs_cpu_to_le16(EXT3_EXT_MAGIC);
		eh->eh_depth = 0;
		eh->eh_entries = 0;
		eh->eh_max = ext2fs_cpu_to_le16(
			(sizeof(inode.i_block) - sizeof(*eh)) /
			sizeof(struct ext3_extent));
	}
	err = ext2fs_write_new_inode(fs, *ino, &inode);
	if (err)
		return err;
	ext2fs_inode_alloc_stats2(fs, *ino, +1, 0);
	err = add_link(em, dir, name, *ino, EXT2_FT_REG_FILE);
	if (err) {
		inode.i_links_count = 0;
		inode.i_dtime = now();
		ext2fs_write_inode(fs, *ino, &inode);
		ext2fs_inode_alloc_stats2(fs, *ino, -1, 0);
	}
	return err;
}

/* mkdir and symlink: libext2fs links the new inode itself. */
static errcode_t create_special(struct extfs_mount *em, ext2_ino_t dir,
				const char *name, mode_t mode,
				const char *target, ext2_ino_t *ino)
{
	struct ext2_inode inode;
	errcode_t err;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		if (S_ISDIR(mode))
			err = ext2fs_mkdir(em->fs, dir, 0, name);
		else
			err = ext2fs_symlink(em->fs, dir, 0, name, target);
		if (err != EXT2_ET_DIR_NO_SPACE)
			break;
		err = ext2fs_expand_dir(em->fs, dir);
		if (err)
			return err;
	}
	if (err)
		return err;
	err = ext2fs_lookup(em->fs, dir, name, (int)strlen(name), NULL, ino);
	if (err)
		return err;
	err = ext2fs_read_inode(em->fs, *ino, &inode);
	if (err)
		return err;
	inode.i_mode = (__u16)((inode.i_mode & LINUX_S_IFMT) |
			       (S_ISDIR(mode) ? (mode & 07777) : 0777));
	init_times(&inode);
	return ext2fs_write_inode(em->fs, *ino, &inode);
}

static int extfs_create(struct vnode *dir, const char *name, size_t len,
			mode_t mode, const char *target, __u64 *ino)
{
	struct extfs_mount *em = EM(dir);
	char buf[NAME_MAX + 1];
	struct ext2_inode di;
	ext2_ino_t i;
	errcode_t err;

	if (!em->rw)
		return -EROFS;
	cname(buf, name, len);
	lock(em);
	err = ext2fs_read_inode(em->fs, (ext2_ino_t)dir->ino, &di);
	if (!err && di.i_links_count == 0) {
		unlock(em);
		return -ENOENT; /* a removed directory */
	}
	if (!err && !ext2fs_lookup(em->fs, (ext2_ino_t)dir->ino, buf,
				   (int)len, NULL, &i)) {
		unlock(em);
		return -EEXIST;
	}
	if (!err && S_ISREG(mode))
		err = create_file(em, (ext2_ino_t)dir->ino, buf, mode, &i);
	else if (!err && (S_ISDIR(mode) || S_ISLNK(mode)))
		err = create_special(em, (ext2_ino_t)dir->ino, buf, mode,
				     target, &i);
	else if (!err)
		err = EXT2_ET_INVALID_ARGUMENT;
	if (!err)
		touch_dir(em, (ext2_ino_t)dir->ino);
	unlock(em);
	if (err)
		return extfs_errno(err);
	*ino = i;
	return 0;
}

struct dotdot_ctx {
	ext2_ino_t parent;
	int done;
};

static int set_dotdot(struct ext2_dir_entry *d, int offset, int blocksize,
		      char *buf, void *priv)
{
	struct dotdot_ctx *c = priv;

	(void)offset, (void)blocksize, (void)buf;
	if (ext2fs_dirent_name_len(d) == 2 && d->name[0] == '.' &&
	    d->name[1] == '.') {
		d->inode = c->parent;
		c->done = 1;
		return DIRENT_CHANGED | DIRENT_ABORT;
	}
	return 0;
}

static void add_links(struct extfs_mount *em, ext2_ino_t ino, int delta)
{
	struct ext2_inode inode;

	if (ext2fs_read_inode(em->fs, ino, &inode))
		return;
	if (delta < 0 && inode.i_links_count > 1)
		inode.i_links_count--;
	else if (delta > 0 && inode.i_links_count < EXTFS_LINK_MAX)
		inode.i_links_count++;
	inode.i_mtime = inode.i_ctime = now();
	ext2fs_write_inode(em->fs, ino, &inode);
}

static int do_rename(struct extfs_mount *em, ext2_ino_t odir,
		     const char *oname, ext2_ino_t ndir, const char *nname)
{
	struct dotdot_ctx dc = { ndir, 0 };
	struct ext2_inode inode;
	ext2_ino_t ino, victim;
	int rc, isdir, visdir, empty;
	errcode_t err;

	rc = lookup_typed(em, odir, oname, &ino, &isdir);
	if (rc < 0)
		return rc;
	rc = lookup_typed(em, ndir, nname, &victim, &visdir);
	if (rc == 0) {
		if (victim == ino)
			return 0;
		if (isdir && !visdir)
			return -ENOTDIR;
		if (!isdir && visdir)
			return -EISDIR;
		if (visdir) {
			rc = extfs_errno(dir_is_empty(em, victim, &empty));
			if (rc == 0 && !empty)
				rc = -ENOTEMPTY;
			if (rc < 0)
				return rc;
		}
		rc = unlink_entry(em, ndir, nname, victim, visdir);
		if (rc < 0)
			return rc;
	} else if (rc != -ENOENT) {
		return rc;
	}
	err = quiesce(em, ino);
	if (!err)
		err = ext2fs_read_inode(em->fs, ino, &inode);
	if (!err)
		err = add_link(em, ndir, nname, ino, ftype_of(inode.i_mode));
	if (!err)
		err = ext2fs_unlink(em->fs, odir, oname, ino, 0);
	if (err)
		return extfs_errno(err);
	inode.i_ctime = now();
	ext2fs_write_inode(em->fs, ino, &inode);
	if (isdir && odir != ndir) {
		err = ext2fs_dir_iterate(em->fs, ino, 0, NULL, set_dotdot, &dc);
		if (err)
			return extfs_errno(err);
		add_links(em, odir, -1);
		add_links(em, ndir, +1);
	} else {
		touch_dir(em, odir);
		if (ndir != odir)
			touch_dir(em, ndir);
	}
	return 0;
}

static int extfs_rename(struct vnode *odir, const char *oname, size_t olen,
			struct vnode *ndir, const char *nname, size_t nlen)
{
	struct extfs_mount *em = EM(odir);
	char ob[NAME_MAX + 1], nb[NAME_MAX + 1];
	int rc;

	if (!em->rw)
		return -EROFS;
	cname(ob, oname, olen);
	cname(nb, nname, nlen);
	lock(em);
	rc = do_rename(em, (ext2_ino_t)odir->ino, ob, (ext2_ino_t)ndir->ino,
		       nb);
	unlock(em);
	return rc;
}

static int extfs_link(struct vnode *dir, const char *name, size_t len,
		      struct vnode *vp)
{
	struct extfs_mount *em = EM(dir);
	char buf[NAME_MAX + 1];
	struct ext2_inode inode;
	ext2_ino_t i;
	errcode_t err;

	if (!em->rw)
		return -EROFS;
	cname(buf, name, len);
	lock(em);
	if (!ext2fs_lookup(em->fs, (ext2_ino_t)dir->ino, buf, (int)len, NULL,
			   &i)) {
		unlock(em);
		return -EEXIST;
	}
	err = quiesce(em, (ext2_ino_t)vp->ino);
	if (!err)
		err = ext2fs_read_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
	if (!err && inode.i_links_count >= EXTFS_LINK_MAX)
		err = EMLINK;
	if (!err)
		err = add_link(em, (ext2_ino_t)dir->ino, buf,
			       (ext2_ino_t)vp->ino, ftype_of(inode.i_mode));
	if (!err) {
		inode.i_links_count++;
		inode.i_ctime = now();
		err = ext2fs_write_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
		touch_dir(em, (ext2_ino_t)dir->ino);
	}
	unlock(em);
	return extfs_errno(err);
}

/* Transfers of at most this many bytes per call. */
#define CHUNK (1U << 30)

static ssize_t extfs_read(struct vnode *vp, void *buf, size_t len, off_t off)
{
	struct extfs_mount *em = EM(vp);
	struct extfs_node *n = NODE(vp);
	struct ext2_inode inode;
	unsigned int got = 0;
	size_t done = 0;
	errcode_t err;

	if (off < 0)
		return -EINVAL;
	if (len > CHUNK)
		len = CHUNK;
	lock(em);
	err = n->file ? 0 : ext2fs_read_inode(em->fs, n->ino, &inode);
	if (!err && !n->file && !(inode.i_flags & EXT4_INLINE_DATA_FL)) {
		err = extfs_read_direct(em, n->ino, &inode, buf, len, (__u64)off,
				  &done);
		got = (unsigned int)done;
	} else if (!err) {
		err = get_file(em, n);
		if (!err)
			err = ext2fs_file_llseek(n->file, (__u64)off,
						 EXT2_SEEK_SET, NULL);
		if (!err)
			err = ext2fs_file_read(n->file, buf, (unsigned int)len,
					       &got);
	}
	unlock(em);
	if (err && !got)
		return extfs_errno(err);
	return (ssize_t)got;
}

/* The handle's way: inline data, uninitialised extents. */
static errcode_t write_handle(struct extfs_mount *em, struct extfs_node *n,
			      const void *buf, size_t len, off_t off,
			      unsigned int *put)
{
	errcode_t err = get_file(em, n);

	if (!err)
		err = ext2fs_file_llseek(n->file, (__u64)off, EXT2_SEEK_SET,
					 NULL);
	if (!err)
		err = ext2fs_file_write(n->file, buf, (unsigned int)len, put);
	/* the block the write stopped in must be on the disk or gone */
	if (err && *put)
		ext2fs_file_flush(n->file);
	if (*put) {
		struct ext2_inode *inode = ext2fs_file_get_inode(n->file);

		inode->i_mtime = inode->i_ctime = now();
		n->times_dirty = 1;
	}
	return err;
}

static ssize_t extfs_write(struct vnode *vp, const void *buf, size_t len,
			   off_t off)
{
	struct extfs_mount *em = EM(vp);
	struct extfs_node *n = NODE(vp);
	struct ext2_inode inode;
	unsigned int put = 0;
	size_t done = 0;
	errcode_t err;

	if (!em->rw)
		return -EROFS;
	if (off < 0)
		return -EINVAL;
	if (len > CHUNK)
		len = CHUNK;
	lock(em);
	len = extfs_room_for(em, len);
	if (!len) {
		unlock(em);
		return -ENOSPC;
	}
	err = release_file(em, n);
	if (!err)
		err = ext2fs_read_inode(em->fs, n->ino, &inode);
	if (!err && !(inode.i_flags & EXT4_INLINE_DATA_FL)) {
		err = extfs_write_direct(em, n->ino, &inode, buf, len, (__u64)off,
				   &done);
		if (done) {
			errcode_t e2 = 0;

			if ((__u64)off + done > EXT2_I_SIZE(&inode))
				e2 = ext2fs_inode_size_set(em->fs, &inode,
							   (__u64)off + done);
			inode.i_mtime = inode.i_ctime = now();
			if (!e2)
				e2 = ext2fs_write_inode(em->fs, n->ino, &inode);
			if (e2)
				err = e2;
		}
		put = (unsigned int)done;
		if (err == EXT2_ET_UNIMPLEMENTED) {
			unsigned int more = 0;

			err = write_handle(em, n, (const char *)buf + done,
					   len - done, off + (off_t)done,
					   &more);
			put += more;
		}
	} else if (!err) {
		err = write_handle(em, n, buf, len, off, &put);
	}
	unlock(em);
	if (err && !put)
		return extfs_errno(err);
	return (ssize_t)put;
}

static int extfs_truncate(struct vnode *vp, off_t len)
{
	struct extfs_mount *em = EM(vp);
	struct extfs_node *n = NODE(vp);
	errcode_t err;

	if (!em->rw)
		return -EROFS;
	if (len < 0)
		return -EINVAL;
	lock(em);
	err = get_file(em, n);
	if (!err)
		err = ext2fs_file_set_size2(n->file, (ext2_off64_t)len);
	if (!err) {
		struct ext2_inode *inode = ext2fs_file_get_inode(n->file);

		inode->i_mtime = inode->i_ctime = now();
		n->times_dirty = 1;
		err = release_file(em, n);
	}
	unlock(em);
	return extfs_errno(err);
}

static void set_ts(struct timespec *ts, __u32 sec)
{
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = 0;
}

static int extfs_getattr(struct vnode *vp, struct stat *st)
{
	struct extfs_mount *em = EM(vp);
	struct extfs_node *n = NODE(vp);
	struct ext2_inode inode;
	errcode_t err = 0;

	lock(em);
	if (n->file)
		inode = *ext2fs_file_get_inode(n->file);
	else
		err = ext2fs_read_inode(em->fs, n->ino, &inode);
	if (!err) {
		st->st_ino = (ino_t)n->ino;
		st->st_mode = inode.i_mode;
		st->st_nlink = inode.i_links_count;
		st->st_uid = inode_uid(inode);
		st->st_gid = inode_gid(inode);
		st->st_size = (off_t)EXT2_I_SIZE(&inode);
		st->st_blksize = (blksize_t)em->fs->blocksize;
		st->st_blocks =
			(blkcnt_t)ext2fs_get_stat_i_blocks(em->fs, &inode);
		set_ts(&st->st_atim, inode.i_atime);
		set_ts(&st->st_mtim, inode.i_mtime);
		set_ts(&st->st_ctim, inode.i_ctime);
	}
	unlock(em);
	return extfs_errno(err);
}

/* Read, change (fn) and write vp's inode, its handle released first. */
static int update_inode(struct vnode *vp,
			void (*fn)(struct ext2_inode *inode, const void *arg),
			const void *arg)
{
	struct extfs_mount *em = EM(vp);
	struct ext2_inode inode;
	errcode_t err;

	if (!em->rw)
		return -EROFS;
	lock(em);
	err = release_file(em, NODE(vp));
	if (!err)
		err = ext2fs_read_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
	if (!err) {
		fn(&inode, arg);
		inode.i_ctime = now();
		err = ext2fs_write_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
	}
	if (!err)
		vp->mode = inode.i_mode;
	unlock(em);
	return extfs_errno(err);
}

static void do_chmod(struct ext2_inode *inode, const void *arg)
{
	mode_t mode = *(const mode_t *)arg;

	inode->i_mode = (__u16)((inode->i_mode & LINUX_S_IFMT) |
				(mode & 07777));
}

static int extfs_chmod(struct vnode *vp, mode_t mode)
{
	return update_inode(vp, do_chmod, &mode);
}

struct owner {
	uid_t uid;
	gid_t gid;
};

static void do_chown(struct ext2_inode *inode, const void *arg)
{
	const struct owner *o = arg;

	if (o->uid != (uid_t)-1) {
		inode->i_uid = (__u16)o->uid;
		ext2fs_set_i_uid_high(*inode, (__u16)(o->uid >> 16));
	}
	if (o->gid != (gid_t)-1) {
		inode->i_gid = (__u16)o->gid;
		ext2fs_set_i_gid_high(*inode, (__u16)(o->gid >> 16));
	}
}

static int extfs_chown(struct vnode *vp, uid_t uid, gid_t gid)
{
	struct owner o = { uid, gid };

	return update_inode(vp, do_chown, &o);
}

struct times {
	const struct timespec *atime, *mtime;
};

static void do_utimens(struct ext2_inode *inode, const void *arg)
{
	const struct times *t = arg;

	if (t->atime)
		inode->i_atime = (__u32)t->atime->tv_sec;
	if (t->mtime)
		inode->i_mtime = (__u32)t->mtime->tv_sec;
}

static int extfs_utimens(struct vnode *vp, const struct timespec *atime,
			 const struct timespec *mtime)
{
	struct times t = { atime, mtime };

	return update_inode(vp, do_utimens, &t);
}

static ssize_t extfs_readlink(struct vnode *vp, char *buf, size_t len)
{
	struct extfs_mount *em = EM(vp);
	struct ext2_inode inode;
	ext2_file_t file;
	unsigned int got = 0;
	errcode_t err;

	lock(em);
	err = ext2fs_read_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
	if (!err && ext2fs_is_fast_symlink(&inode)) {
		__u64 size = EXT2_I_SIZE(&inode);

		got = size < len ? (unsigned int)size : (unsigned int)len;
		memcpy(buf, inode.i_block, got);
	} else if (!err) {
		err = ext2fs_file_open2(em->fs, (ext2_ino_t)vp->ino, &inode, 0,
					&file);
		if (!err) {
			err = ext2fs_file_read(file, buf,
					       len > CHUNK ? CHUNK
							   : (unsigned int)len,
					       &got);
			ext2fs_file_close(file);
		}
	}
	unlock(em);
	if (err)
		return extfs_errno(err);
	return (ssize_t)got;
}

static unsigned char dtype(int ft)
{
	switch (ft) {
	case EXT2_FT_REG_FILE:
		return DT_REG;
	case EXT2_FT_DIR:
		return DT_DIR;
	case EXT2_FT_SYMLINK:
		return DT_LNK;
	case EXT2_FT_CHRDEV:
		return DT_CHR;
	case EXT2_FT_BLKDEV:
		return DT_BLK;
	case EXT2_FT_FIFO:
		return DT_FIFO;
	case EXT2_FT_SOCK:
		return DT_SOCK;
	default:
		return DT_UNKNOWN;
	}
}

/*
 * readdir positions are places in the directory (block number * block
 * size + offset in the block, plus one): an entry removed before the
 * position does not make a listing skip the next one. Empty entries are
 * iterated too, so that every block shows its offset 0 and the walk
 * knows which block it is in.
 */
struct readdir_ctx {
	off_t want;   /* the first place to return */
	off_t bsize;
	off_t blk;    /* the block of the walk, -1 before the first */
	struct dirent *d;
	off_t next;   /* the position after the entry found; 0: none */
};

static int readdir_one(ext2_ino_t dir, int entry, struct ext2_dir_entry *de,
		       int offset, int blocksize, char *buf, void *priv)
{
	struct readdir_ctx *c = priv;
	int len = ext2fs_dirent_name_len(de);
	off_t place;

	(void)dir, (void)entry, (void)buf, (void)blocksize;
	if (offset == 0)
		c->blk++;
	place = c->blk * c->bsize + offset + 1;
	if (de->inode == 0 || place < c->want)
		return 0;
	c->d->d_ino = de->inode;
	c->d->d_type = dtype(ext2fs_dirent_file_type(de));
	memcpy(c->d->d_name, de->name, (size_t)len);
	c->d->d_name[len] = 0;
	c->next = place + 1;
	return DIRENT_ABORT;
}

static int extfs_readdir(struct vnode *vp, off_t *pos, struct dirent *d)
{
	struct extfs_mount *em = EM(vp);
	struct readdir_ctx c = { *pos, em->fs->blocksize, -1, d, 0 };
	errcode_t err;

	lock(em);
	err = ext2fs_dir_iterate2(em->fs, (ext2_ino_t)vp->ino,
				  DIRENT_FLAG_INCLUDE_EMPTY, NULL, readdir_one,
				  &c);
	unlock(em);
	if (err)
		return extfs_errno(err);
	if (!c.next)
		return 0;
	*pos = c.next;
	return 1;
}

static int extfs_fsync(struct vnode *vp)
{
	struct extfs_mount *em = EM(vp);
	errcode_t err;

	if (!em->rw)
		return 0;
	lock(em);
	err = release_file(em, NODE(vp));
	if (!err)
		err = ext2fs_flush(em->fs); /* ends with the device's flush */
	unlock(em);
	return extfs_errno(err);
}

static void extfs_inactive(struct vnode *vp)
{
	struct extfs_mount *em = EM(vp);
	struct extfs_node *n = NODE(vp), **pp;
	struct ext2_inode inode;
	errcode_t err;

	lock(em);
	err = release_file(em, n);
	for (pp = &em->nodes; *pp != n; pp = &(*pp)->next)
		;
	*pp = n->next;
	if (em->rw && !ext2fs_read_inode(em->fs, n->ino, &inode) &&
	    inode.i_links_count == 0 && n->ino != EXT2_ROOT_INO) {
		errcode_t e2 = free_inode(em, n->ino);

		err = err ? err : e2;
	}
	unlock(em);
	if (err)
		uk_pr_err("extfs: %s: inode %u: %s\n", em->source, n->ino,
			  error_message(err));
	free(n);
}

static const struct vnode_ops extfs_vops = {
	.lookup = extfs_lookup,
	.parent = extfs_parent,
	.create = extfs_create,
	.remove = extfs_remove,
	.rename = extfs_rename,
	.link = extfs_link,
	.read = extfs_read,
	.write = extfs_write,
	.truncate = extfs_truncate,
	.getattr = extfs_getattr,
	.chmod = extfs_chmod,
	.chown = extfs_chown,
	.utimens = extfs_utimens,
	.readlink = extfs_readlink,
	.readdir = extfs_readdir,
	.fsync = extfs_fsync,
	.inactive = extfs_inactive,
};

/*
 * Write everything of em (handles, bitmaps, descriptors, every superblock
 * copy) with the superblock's state as it was at mount, then flush the
 * device. For unmount and exit.
 */
static errcode_t write_clean(struct extfs_mount *em)
{
	struct extfs_node *n;
	errcode_t err = 0, e2;

	if (!em->rw)
		return 0;
	for (n = em->nodes; n; n = n->next) {
		e2 = release_file(em, n);
		err = err ? err : e2;
	}
	em->fs->super->s_state = em->state;
	em->fs->flags &= ~EXT2_FLAG_MASTER_SB_ONLY;
	ext2fs_mark_super_dirty(em->fs);
	e2 = ext2fs_flush(em->fs);
	return err ? err : e2;
}

/* At exit: mounts still there are written clean (no vnode is freed). */
static void extfs_exit_flush(void)
{
	struct extfs_mount *em;
	errcode_t err;

	for (em = mounts; em; em = em->next) {
		lock(em);
		err = write_clean(em);
		unlock(em);
		if (err)
			uk_pr_err("extfs: %s: writing at exit: %s\n",
				  em->source, error_message(err));
	}
}

static int mount_error(const char *source, const char *target, int rc,
		       const char *why)
{
	uk_pr_err("extfs: cannot mount %s on %s: %s\n", source, target, why);
	return rc;
}

/* Open the file system; the checks that make a disk unusable. */
static int open_fs(struct extfs_mount *em, const char *target, int ro)
{
	struct uk_blkdev_info info;
	struct ext2_inode root;
	ext2_filsys fs;
	__u64 need;
	errcode_t err;
	int flags = EXT2_FLAG_64BITS | (ro ? 0 : EXT2_FLAG_RW);

	uk_blkdev_info_get(uk_blkdev_get(
		(unsigned int)extfs_device_index(em->source)), &info);
	err = ext2fs_open2(em->source, NULL, flags, 0, 0,
			   extfs_blkdev_io_manager, &fs);
	if (err == EXT2_ET_BAD_MAGIC)
		return mount_error(em->source, target, -EINVAL,
				   "no ext2/3/4 file system (bad magic)");
	if (err == EXT2_ET_SHORT_READ)
		return mount_error(em->source, target, -EINVAL,
				   "the device is too small for a superblock");
	if (err) {
		uk_pr_err("extfs: cannot mount %s on %s: %s\n", em->source,
			  target, error_message(err));
		return extfs_errno(err) == -EIO ? -EINVAL : extfs_errno(err);
	}
	em->fs = fs;
	need = ext2fs_blocks_count(fs->super) * (__u64)fs->blocksize;
	if (need > info.sectors * info.sector_size) {
		uk_pr_err("extfs: cannot mount %s on %s: truncated: the file system has %llu blocks of %u bytes (%llu bytes), the device %llu bytes\n",
			  em->source, target,
			  (unsigned long long)ext2fs_blocks_count(fs->super),
			  fs->blocksize, (unsigned long long)need,
			  (unsigned long long)(info.sectors *
					       info.sector_size));
		return -EINVAL;
	}
	if (ext2fs_has_feature_journal_needs_recovery(fs->super))
		return mount_error(em->source, target, -EINVAL,
				   "its journal needs recovery, which extfs does not do (run e2fsck -fy on the image)");
	err = ext2fs_check_desc(fs);
	if (err) {
		uk_pr_err("extfs: cannot mount %s on %s: corrupt group descriptors: %s\n",
			  em->source, target, error_message(err));
		return -EINVAL;
	}
	err = ext2fs_read_bitmaps(fs);
	if (err) {
		uk_pr_err("extfs: cannot mount %s on %s: reading the bitmaps: %s\n",
			  em->source, target, error_message(err));
		return -EINVAL;
	}
	err = ext2fs_read_inode(fs, EXT2_ROOT_INO, &root);
	if (err || !LINUX_S_ISDIR(root.i_mode)) {
		uk_pr_err("extfs: cannot mount %s on %s: the root directory is unreadable: %s\n",
			  em->source, target,
			  err ? error_message(err) : "not a directory");
		return -EINVAL;
	}
	return 0;
}

static int extfs_mount(struct vfs_mount *mp, const char *source,
		       const void *data)
{
	struct uk_blkdev_info info;
	struct extfs_mount *em;
	int idx = extfs_device_index(source), ro, rc;

	(void)data;
	if (!source || strlen(source) >= sizeof(em->source) || idx < 0)
		return mount_error(source ? source : "(null)", mp->path,
				   -EINVAL,
				   "the source must name a block device (blk0, blk1, ...)");
	if (!uk_blkdev_get((unsigned int)idx))
		return mount_error(source, mp->path, -ENXIO,
				   "no such block device");
	uk_blkdev_info_get(uk_blkdev_get((unsigned int)idx), &info);
	ro = (mp->flags & MS_RDONLY) != 0;
	if (!ro && info.read_only) {
		uk_pr_warn("extfs: %s is read-only: mounting %s read-only\n",
			   source, mp->path);
		ro = 1;
		mp->flags |= MS_RDONLY;
	}
	em = calloc(1, sizeof(*em));
	if (!em)
		return -ENOMEM;
	uk_mutex_init(&em->lock);
	strcpy(em->source, source);
	rc = open_fs(em, mp->path, ro);
	if (rc < 0) {
		if (em->fs)
			ext2fs_free(em->fs);
		free(em);
		return rc;
	}
	em->block = malloc(em->fs->blocksize);
	if (!em->block) {
		ext2fs_free(em->fs);
		free(em);
		return -ENOMEM;
	}
	em->rw = !ro;
	em->state = em->fs->super->s_state;
	if (em->rw) {
		errcode_t err;

		if (!(em->state & EXT2_VALID_FS) ||
		    (em->state & EXT2_ERROR_FS))
			uk_pr_warn("extfs: %s was not cleanly unmounted or has errors: run e2fsck on it\n",
				   source);
		/* in use from now on, until unmount writes it clean */
		em->fs->super->s_state &= (__u16)~EXT2_VALID_FS;
		em->fs->super->s_mnt_count++;
		em->fs->super->s_mtime = now();
		em->fs->flags |= EXT2_FLAG_MASTER_SB_ONLY;
		ext2fs_mark_super_dirty(em->fs);
		err = ext2fs_flush(em->fs);
		if (err) {
			ext2fs_free(em->fs);
			free(em->block);
			free(em);
			return mount_error(source, mp->path, extfs_errno(err),
					   error_message(err));
		}
	}
	if (!mounts)
		atexit(extfs_exit_flush);
	em->next = mounts;
	mounts = em;
	mp->data = em;
	mp->root_ino = EXT2_ROOT_INO;
	uk_pr_info("extfs: %s on %s: ext%d, %u-byte blocks, %llu of %llu blocks free, %s\n",
		   source, mp->path,
		   ext2fs_has_feature_journal(em->fs->super)
			   ? (ext2fs_has_feature_extents(em->fs->super) ? 4
									 : 3)
			   : (ext2fs_has_feature_extents(em->fs->super) ? 4
									 : 2),
		   em->fs->blocksize,
		   (unsigned long long)ext2fs_free_blocks_count(em->fs->super),
		   (unsigned long long)ext2fs_blocks_count(em->fs->super),
		   em->rw ? "read-write" : "read-only");
	return 0;
}

static int extfs_unmount(struct vfs_mount *mp)
{
	struct extfs_mount *em = mp->data, **pp;
	errcode_t err;

	lock(em);
	err = write_clean(em);
	if (err)
		uk_pr_err("extfs: %s: writing at unmount: %s\n", em->source,
			  error_message(err));
	for (pp = &mounts; *pp != em; pp = &(*pp)->next)
		;
	*pp = em->next;
	ext2fs_free(em->fs); /* write_clean wrote everything */
	unlock(em);
	free(em->block);
	free(em);
	return 0;
}

static int extfs_vget(struct vfs_mount *mp, struct vnode *vp)
{
	struct extfs_mount *em = mp->data;
	struct ext2_inode inode;
	struct extfs_node *n;
	errcode_t err;

	if (vp->ino == 0 || vp->ino > em->fs->super->s_inodes_count)
		return -EIO;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	lock(em);
	err = ext2fs_read_inode(em->fs, (ext2_ino_t)vp->ino, &inode);
	if (!err && inode.i_mode == 0)
		err = EXT2_ET_FILE_NOT_FOUND;
	if (!err) {
		n->ino = (ext2_ino_t)vp->ino;
		n->next = em->nodes;
		em->nodes = n;
		vp->data = n;
		vp->mode = inode.i_mode;
	}
	unlock(em);
	if (err) {
		free(n);
		return extfs_errno(err);
	}
	return 0;
}

#define EXTFS_TYPE(var, fsname)                                                \
	static const struct vfs_fstype var = {                                 \
		.name = fsname,                                                \
		.mount = extfs_mount,                                          \
		.unmount = extfs_unmount,                                      \
		.vget = extfs_vget,                                            \
		.vops = &extfs_vops,                                           \
	};                                                                     \
	UK_FS_REGISTER(var)

/* One implementation, the three names mount(8) knows it by. */
EXTFS_TYPE(extfs_ext4, "ext4");
EXTFS_TYPE(extfs_ext3, "ext3");
EXTFS_TYPE(extfs_ext2, "ext2");
