/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside extfs: a mount's and a vnode's state (extfs.c), the data path
 * (data.c), the I/O manager (io_blkdev.c) and the error mapping (also for
 * the tests).
 */
#ifndef EXTFS_H
#define EXTFS_H

#include <ext2fs/ext2fs.h>
#include <uk/mutex.h>
#include <sys/types.h>

/* A vnode's: every field but ino under the mount's lock. */
struct extfs_node {
	ext2_ino_t ino;
	struct extfs_node *next; /* the mount's held nodes */
	ext2_file_t file;        /* open handle of a regular file, or NULL */
	int times_dirty;         /* the handle's inode copy has new times */
};

/* A mount's: fs, block, nodes under lock; the rest set at mount. */
struct extfs_mount {
	ext2_filsys fs;          /* libext2fs is not thread safe */
	char *block;             /* one block, for partial blocks */
	int rw;
	__u16 state;             /* the superblock's state at mount */
	struct uk_mutex lock;
	struct extfs_node *nodes;
	struct extfs_mount *next; /* all mounts, for the exit flush */
	char source[32];
};

/*
 * The data path (data.c), with em's lock held: the direct reads and
 * writes of a regular file's blocks (inode: the caller's copy, which
 * they update and the caller writes), and how much of a write of len
 * bytes the free space takes (0: ENOSPC). extfs_write_direct returns
 * EXT2_ET_UNIMPLEMENTED at an uninitialised extent (*done says how far
 * it got).
 */
size_t extfs_room_for(struct extfs_mount *em, size_t len);
errcode_t extfs_read_direct(struct extfs_mount *em, ext2_ino_t ino,
			    struct ext2_inode *inode, char *buf, size_t len,
			    __u64 off, size_t *done);
errcode_t extfs_write_direct(struct extfs_mount *em, ext2_ino_t ino,
			     struct ext2_inode *inode, const char *buf,
			     size_t len, __u64 off, size_t *done);

/*
 * libext2fs' I/O manager over ukblkdev. The channel name is the device:
 * "blkN" or "blkdevN" (disk N of ukblkdev, as uk_blkdev_get(N)). Blocks
 * of any size map to the device's sectors; a transfer that does not
 * cover whole sectors is read-modify-written through a bounce buffer.
 * Opening without IO_FLAG_RW, or a read-only device, gives a channel
 * whose writes fail with EROFS. flush is the device's flush.
 */
extern io_manager extfs_blkdev_io_manager;

/* The cache's counters of a channel of extfs_blkdev_io_manager (tests). */
void extfs_io_stats(io_channel ch, unsigned long *hits, unsigned long *misses,
		    unsigned long *writebacks);

/* The device index a source names ("blk0", "blkdev1"), or -1. */
int extfs_device_index(const char *source);

/* A libext2fs error (errcode_t) as a negative errno. */
int extfs_errno(errcode_t err);

#endif
