/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * extfs's data path: regular files' blocks mapped (and allocated) with
 * libext2fs, data moved between the caller's buffer and the device in
 * runs of physically contiguous whole blocks, one request each; partial
 * blocks through em->block and the I/O manager's cache.
 */
#include <string.h>
#include "extfs.h"

/*
 * Blocks a write leaves free for the extent tree and directories: libext2fs
 * fails badly when a block of a file cannot be allocated in the middle of
 * a buffered write (the inode keeps a block it never got), so a write is
 * cut to what the free blocks beyond this reserve can hold, counted as if
 * every byte needed a new block (overwrites too), and fails with ENOSPC
 * when nothing fits.
 */
#define EXTFS_SPARE_BLOCKS 64

size_t extfs_room_for(struct extfs_mount *em, size_t len)
{
	__u64 avail = ext2fs_free_blocks_count(em->fs->super);
	__u64 room;

	if (avail <= EXTFS_SPARE_BLOCKS)
		return 0;
	room = (avail - EXTFS_SPARE_BLOCKS) * em->fs->blocksize;
	return len > room ? (size_t)room : len;
}

/* Most blocks of one device request on the direct path. */
#define RUN_BLOCKS 1024

/*
 * Block lblk of the file: its physical block (0: a hole) and whether it
 * is an uninitialised extent (reads as zeros). alloc: allocate a hole.
 */
static errcode_t map_block(struct extfs_mount *em, ext2_ino_t ino,
			   struct ext2_inode *inode, __u64 lblk, int alloc,
			   blk64_t *pblk, int *uninit)
{
	int ret = 0;
	errcode_t err;

	*pblk = 0;
	err = ext2fs_bmap2(em->fs, ino, inode, NULL, alloc ? BMAP_ALLOC : 0,
			   lblk, &ret, pblk);
	*uninit = (ret & BMAP_RET_UNINIT) != 0;
	return err;
}

/*
 * A new block for lblk of the file, near goal (0: libext2fs's choice),
 * mapped. Unlike BMAP_ALLOC, which writes zeros to every block it
 * allocates, the caller writes the whole block itself. With bigalloc
 * (clusters) libext2fs's own way is kept.
 */
static errcode_t alloc_block(struct extfs_mount *em, ext2_ino_t ino,
			     struct ext2_inode *inode, __u64 lblk,
			     blk64_t goal, blk64_t *pblk)
{
	ext2_filsys fs = em->fs;
	errcode_t err;
	int uninit;

	if (ext2fs_has_feature_bigalloc(fs->super))
		return map_block(em, ino, inode, lblk, 1, pblk, &uninit);
	if (!goal)
		goal = ext2fs_find_inode_goal(fs, ino, inode, lblk);
	err = ext2fs_new_block2(fs, goal, NULL, pblk);
	if (err)
		return err;
	ext2fs_block_alloc_stats2(fs, *pblk, +1);
	err = ext2fs_bmap2(fs, ino, inode, NULL, BMAP_SET, lblk, NULL, pblk);
	if (!err)
		err = ext2fs_iblk_add_blocks(fs, inode, 1);
	if (err) {
		ext2fs_block_alloc_stats2(fs, *pblk, -1);
		*pblk = 0;
	}
	return err;
}

/* Block lblk mapped, allocated if it is a hole (*fresh then set). */
static errcode_t get_block(struct extfs_mount *em, ext2_ino_t ino,
			   struct ext2_inode *inode, __u64 lblk,
			   blk64_t goal, blk64_t *pblk, int *fresh)
{
	int uninit;
	errcode_t err = map_block(em, ino, inode, lblk, 0, pblk, &uninit);

	*fresh = 0;
	if (!err && uninit)
		return EXT2_ET_UNIMPLEMENTED;
	if (!err && !*pblk) {
		err = alloc_block(em, ino, inode, lblk, goal, pblk);
		*fresh = !err;
	}
	return err;
}

/*
 * The direct path of regular files (all but inline-data ones): whole
 * blocks move between the caller's buffer and the device in runs of
 * physically contiguous blocks, one request per run; a partial block
 * goes through em->block. The inode is read and written here.
 */
errcode_t extfs_read_direct(struct extfs_mount *em, ext2_ino_t ino,
			     struct ext2_inode *inode, char *buf, size_t len,
			     __u64 off, size_t *done)
{
	__u64 bs = em->fs->blocksize, size = EXT2_I_SIZE(inode);
	errcode_t err = 0;

	*done = 0;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	while (*done < len) {
		__u64 pos = off + *done, lblk = pos / bs;
		size_t in = (size_t)(pos % bs), left = len - *done;
		blk64_t pblk, next;
		int uninit, nu;
		__u64 n = 1;

		err = map_block(em, ino, inode, lblk, 0, &pblk, &uninit);
		if (err)
			break;
		if (in || left < bs) {
			size_t part = bs - in < left ? bs - in : left;

			if (pblk && !uninit) {
				err = io_channel_read_blk64(em->fs->io, pblk, 1,
							    em->block);
				if (err)
					break;
				memcpy(buf + *done, em->block + in, part);
			} else {
				memset(buf + *done, 0, part);
			}
			*done += part;
			continue;
		}
		while (n < left / bs && n < RUN_BLOCKS) {
			err = map_block(em, ino, inode, lblk + n, 0, &next,
					&nu);
			if (err || nu != uninit ||
			    (pblk ? next != pblk + n : next != 0))
				break;
			n++;
		}
		err = 0;
		if (pblk && !uninit)
			err = io_channel_read_blk64(em->fs->io, pblk, (int)n,
						    buf + *done);
		else
			memset(buf + *done, 0, (size_t)(n * bs));
		if (err)
			break;
		*done += (size_t)(n * bs);
	}
	return *done ? 0 : err;
}

/* EXT2_ET_UNIMPLEMENTED: an uninitialised extent, left to the handle. */
errcode_t extfs_write_direct(struct extfs_mount *em, ext2_ino_t ino,
			      struct ext2_inode *inode, const char *buf,
			      size_t len, __u64 off, size_t *done)
{
	__u64 bs = em->fs->blocksize;
	errcode_t err = 0;
	blk64_t last = 0; /* the block written last: the next one's goal */

	*done = 0;
	while (*done < len) {
		__u64 pos = off + *done, lblk = pos / bs;
		size_t in = (size_t)(pos % bs), left = len - *done;
		blk64_t pblk, next;
		int fresh;
		__u64 n = 1;

		err = get_block(em, ino, inode, lblk, last ? last + 1 : 0,
				&pblk, &fresh);
		if (err)
			break;
		if (in || left < bs) {
			size_t part = bs - in < left ? bs - in : left;

			if (fresh)
				memset(em->block, 0, (size_t)bs);
			else
				err = io_channel_read_blk64(em->fs->io, pblk, 1,
							    em->block);
			if (err)
				break;
			memcpy(em->block + in, buf + *done, part);
			err = io_channel_write_blk64(em->fs->io, pblk, 1,
						     em->block);
			if (err)
				break;
			*done += part;
			last = pblk;
			continue;
		}
		while (n < left / bs && n < RUN_BLOCKS) {
			if (get_block(em, ino, inode, lblk + n, pblk + n, &next,
				      &fresh) ||
			    next != pblk + n)
				break;
			n++;
		}
		err = io_channel_write_blk64(em->fs->io, pblk, (int)n,
					     buf + *done);
		if (err)
			break;
		*done += (size_t)(n * bs);
		last = pblk + n - 1;
	}
	return err;
}
