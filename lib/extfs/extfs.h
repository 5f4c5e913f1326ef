/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside extfs: the I/O manager and the error mapping (also for tests). */
#ifndef EXTFS_H
#define EXTFS_H

#include <ext2fs/ext2fs.h>

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
