/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The I/O manager over a fake device in memory (32 sectors of 4096 bytes,
 * so that 1 KiB channel blocks are partial sectors), its cache, and the
 * names and errors of extfs. Writes reach the fake's "disk" only through
 * the device; flushes are counted.
 */
#include <uk/test.h>
#include <uk/blkdev.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../extfs.h"

#define SS 4096
#define NS 32

struct fake {
	struct uk_blkdev dev;
	int read_only;
	__u8 disk[NS * SS];
	struct uk_blkreq *pending;
	unsigned int writes, flushes;
};

static void fake_info(struct uk_blkdev *dev, struct uk_blkdev_info *i)
{
	i->sectors = NS;
	i->sector_size = SS;
	i->max_sectors = 0;
	i->max_queues = 1;
	i->queue_depth = 1;
	i->read_only = ((struct fake *)dev)->read_only;
	i->features = UK_BLKDEV_F_FLUSH;
}

static int fake_setup(struct uk_blkdev *dev __unused,
		      unsigned int qid __unused,
		      const struct uk_blkdev_queue_conf *c __unused)
{
	return 0;
}

static int fake_submit(struct uk_blkdev *dev, unsigned int qid __unused,
		       struct uk_blkreq *req)
{
	struct fake *f = (struct fake *)dev;

	if (f->pending)
		return -ENOSPC;
	f->pending = req;
	return 0;
}

static int fake_poll(struct uk_blkdev *dev, unsigned int qid __unused)
{
	struct fake *f = (struct fake *)dev;
	struct uk_blkreq *r = f->pending;
	__sz off, len;

	if (!r)
		return 0;
	f->pending = NULL;
	off = (__sz)r->sector * SS;
	len = (__sz)r->nsectors * SS;
	if (r->op == UK_BLKREQ_READ)
		memcpy(r->buf, f->disk + off, len);
	else if (r->op == UK_BLKREQ_WRITE) {
		memcpy(f->disk + off, r->buf, len);
		f->writes++;
	} else if (r->op == UK_BLKREQ_FLUSH)
		f->flushes++;
	uk_blkreq_finish(r, 0);
	return 1;
}

static const struct uk_blkdev_ops fake_ops = {
	.info_get = fake_info,
	.queue_setup = fake_setup,
	.submit = fake_submit,
	.poll = fake_poll,
};

static struct fake rw = { .dev = { .ops = &fake_ops, .drv_name = "fake" } };
static struct fake ro = { .dev = { .ops = &fake_ops, .drv_name = "fake" },
			  .read_only = 1 };

/* A channel on f (registered once), its disk filled with a pattern. */
static io_channel open_fake(struct fake *f, int flags)
{
	static int registered;
	io_channel ch = NULL;
	char name[16];

	if (!registered) {
		uk_blkdev_register(&rw.dev);
		uk_blkdev_register(&ro.dev);
		registered = 1;
	}
	for (unsigned int i = 0; i < sizeof(f->disk); i++)
		f->disk[i] = (__u8)(i * 7 + i / 1024);
	f->writes = f->flushes = 0;
	snprintf(name, sizeof(name), "blk%u", f->dev.id);
	if (extfs_blkdev_io_manager->open(name, flags, &ch))
		return NULL;
	return ch;
}

static int disk_is_pattern(struct fake *f, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++)
		if (f->disk[i] != (__u8)(i * 7 + i / 1024))
			return 0;
	return 1;
}

UK_TESTCASE(extfs, device_names)
{
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blk0"), 0);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blk12"), 12);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blkdev3"), 3);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blk"), -1);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blk1x"), -1);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("sda"), -1);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index(NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(extfs_device_index("blk99999999999"), -1);
}

UK_TESTCASE(extfs, errors_become_errnos)
{
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(0), 0);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EXT2_ET_RO_FILSYS), -EROFS);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EXT2_ET_BLOCK_ALLOC_FAIL), -ENOSPC);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EXT2_ET_INODE_ALLOC_FAIL), -ENOSPC);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EXT2_ET_FILE_NOT_FOUND), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EROFS), -EROFS);
	UK_TEST_EXPECT_SNUM_EQ(extfs_errno(EXT2_ET_DIR_CORRUPTED), -EIO);
	UK_TEST_EXPECT_NOT_NULL(strstr(error_message(EXT2_ET_BAD_MAGIC),
				       "magic"));
}

UK_TESTCASE(extfs, open_needs_an_existing_device)
{
	io_channel ch;

	UK_TEST_EXPECT_SNUM_EQ(extfs_blkdev_io_manager->open("sda", 0, &ch),
			       EXT2_ET_BAD_DEVICE_NAME);
	UK_TEST_EXPECT_SNUM_EQ(extfs_blkdev_io_manager->open("blk999", 0, &ch),
			       ENODEV);
}

/* 1 KiB blocks inside 4 KiB sectors: the rest of the sector is kept. */
UK_TESTCASE(extfs, partial_sectors_are_read_modify_written)
{
	io_channel ch = open_fake(&rw, IO_FLAG_RW);
	__u8 blk[2048], back[1024];

	UK_TEST_ASSERT(ch != NULL);
	memset(blk, 0xab, sizeof(blk));
	/* blocks 5..6: a two-block write goes to the device at once */
	UK_TEST_EXPECT_ZERO(io_channel_write_blk64(ch, 5, -2048, blk));
	UK_TEST_EXPECT(rw.writes > 0);
	UK_TEST_EXPECT_ZERO(io_channel_flush(ch));
	UK_TEST_EXPECT(rw.disk[5 * 1024] == 0xab &&
		       rw.disk[6 * 1024 - 1] == 0xab);
	UK_TEST_EXPECT(disk_is_pattern(&rw, 4096, 5 * 1024));
	UK_TEST_EXPECT(disk_is_pattern(&rw, 7 * 1024, 8192));
	UK_TEST_EXPECT_SNUM_EQ(rw.flushes, 1);
	/* bytes across a sector boundary */
	UK_TEST_EXPECT_ZERO(io_channel_write_byte(ch, 4090, 12, blk));
	UK_TEST_EXPECT(rw.disk[4089] == (__u8)(4089 * 7 + 3) &&
		       rw.disk[4090] == 0xab && rw.disk[4101] == 0xab &&
		       rw.disk[4102] == (__u8)(4102 * 7 + 4));
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 9, 1, back));
	UK_TEST_EXPECT(back[0] == (__u8)(9 * 1024 * 7 + 9));
	io_channel_close(ch);
}

/* Single blocks stay in the cache until a flush (or eviction). */
UK_TESTCASE(extfs, cache_writes_back_at_flush_and_eviction)
{
	io_channel ch = open_fake(&rw, IO_FLAG_RW);
	unsigned long hits, misses, wbs;
	unsigned int w0;
	__u8 blk[1024], back[2048];

	UK_TEST_ASSERT(ch != NULL);
	memset(blk, 0x11, sizeof(blk));
	UK_TEST_EXPECT_ZERO(io_channel_write_blk64(ch, 3, 1, blk));
	UK_TEST_EXPECT_SNUM_EQ(rw.writes, 0);
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 3, 1, back));
	UK_TEST_EXPECT_ZERO(memcmp(back, blk, sizeof(blk)));
	UK_TEST_EXPECT(disk_is_pattern(&rw, 3 * 1024, 4 * 1024));
	/* a direct read of the range sees the cached block */
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 2, -2048, back));
	UK_TEST_EXPECT(back[1024] == 0x11 && rw.disk[3 * 1024] == 0x11);
	/* a direct write over a cached block replaces it */
	memset(blk, 0x22, sizeof(blk));
	UK_TEST_EXPECT_ZERO(io_channel_write_blk64(ch, 3, -1024, blk));
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 3, 1, back));
	UK_TEST_EXPECT(back[0] == 0x22);
	/*
	 * More blocks than the cache holds: the oldest is written back with
	 * its dirty neighbours, in one request.
	 */
	w0 = rw.writes;
	for (unsigned int b = 32; b < 32 + 70; b++) {
		memset(blk, (int)b, sizeof(blk));
		UK_TEST_EXPECT_ZERO(io_channel_write_blk64(ch, b, 1, blk));
	}
	extfs_io_stats(ch, &hits, &misses, &wbs);
	UK_TEST_EXPECT(wbs >= 1);
	UK_TEST_EXPECT(rw.writes - w0 >= 1 && rw.writes - w0 <= 2);
	UK_TEST_EXPECT(rw.disk[32 * 1024] == 32 && rw.disk[60 * 1024] == 60);
	UK_TEST_EXPECT(rw.disk[101 * 1024 + 5] != 101);
	UK_TEST_EXPECT_ZERO(io_channel_flush(ch));
	UK_TEST_EXPECT(rw.disk[101 * 1024 + 5] == 101);
	UK_TEST_EXPECT(rw.writes - w0 <= 3);
	UK_TEST_EXPECT(hits >= 1 && misses >= 70);
	io_channel_close(ch);
}

UK_TESTCASE(extfs, read_only_and_out_of_range)
{
	io_channel ch = open_fake(&ro, IO_FLAG_RW);
	__u8 blk[1024] = { 0 };

	UK_TEST_ASSERT(ch != NULL);
	UK_TEST_EXPECT_SNUM_EQ(io_channel_write_blk64(ch, 1, 1, blk), EROFS);
	UK_TEST_EXPECT(disk_is_pattern(&ro, 0, NS * SS));
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 127, 1, blk));
	UK_TEST_EXPECT_SNUM_EQ(io_channel_read_blk64(ch, 128, 1, blk),
			       EXT2_ET_SHORT_READ);
	UK_TEST_EXPECT_SNUM_EQ(io_channel_read_blk64(ch, 127, -2048, blk),
			       EXT2_ET_SHORT_READ);
	io_channel_close(ch);
}

/* Misses block after block read ahead: the next blocks then hit. */
UK_TESTCASE(extfs, sequential_misses_read_ahead)
{
	io_channel ch = open_fake(&rw, IO_FLAG_RW);
	unsigned long h0, h1, m0, m1, w;
	__u8 back[1024];

	UK_TEST_ASSERT(ch != NULL);
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 40, 1, back));
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 41, 1, back));
	extfs_io_stats(ch, &h0, &m0, &w);
	for (unsigned int b = 42; b < 50; b++) {
		UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, b, 1, back));
		UK_TEST_EXPECT(back[0] == (__u8)(b * 1024 * 7 + b));
	}
	extfs_io_stats(ch, &h1, &m1, &w);
	UK_TEST_EXPECT_SNUM_EQ(h1 - h0, 8);
	UK_TEST_EXPECT_SNUM_EQ(m1 - m0, 0);
	/* the last block of the device: no read-ahead past it */
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 126, 1, back));
	UK_TEST_EXPECT_ZERO(io_channel_read_blk64(ch, 127, 1, back));
	UK_TEST_EXPECT(back[0] == (__u8)(127 * 1024 * 7 + 127));
	io_channel_close(ch);
}
