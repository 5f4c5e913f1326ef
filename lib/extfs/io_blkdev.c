/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The I/O manager libext2fs reads and writes the disk through: ukblkdev's
 * synchronous helpers, in sectors. libext2fs speaks in blocks of the
 * channel's block size (1024 until the superblock is read, then the file
 * system's), or in bytes when a count is negative.
 *
 * Single-block transfers (inode tables, directory blocks, extent blocks:
 * what libext2fs reads and rewrites over and over) go through a small
 * write-back cache of EXTFS_CACHE_BLOCKS blocks, least recently used
 * first out; a dirty block reaches the device when it is evicted or at
 * the next flush, in block order, with the dirty blocks next to it in
 * one request. Misses block after block read the
 * following blocks ahead in one request. Larger transfers go straight to the
 * device, after the cached blocks they cover were written back (and, for
 * a write, dropped). flush writes back every dirty block, then flushes
 * the device.
 */
#include <uk/blkdev.h>
#include <uk/print.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "extfs.h"

#define EXTFS_CACHE_BLOCKS 64
#define EXTFS_READAHEAD 16 /* blocks, at most a quarter of the cache */

struct cache_slot {
	__u64 block;      /* in channel blocks */
	unsigned long used; /* last use (the channel's clock) */
	int valid, dirty;
	unsigned char *data; /* one channel block */
};

struct blkdev_channel {
	struct uk_blkdev *dev;
	__u32 ssize;      /* sector size */
	__u64 bytes;      /* capacity */
	int rw;           /* opened for writing on a writable device */
	unsigned char *bounce; /* one sector, for partial sectors */
	struct cache_slot cache[EXTFS_CACHE_BLOCKS];
	size_t cache_bsize; /* the block size the slots were made for */
	unsigned long clock;
	__u64 next_miss;    /* a miss here is sequential: read ahead */
	unsigned char *ra;  /* EXTFS_READAHEAD blocks of ra_bsize */
	size_t ra_bsize;
	unsigned char *wb;  /* EXTFS_CACHE_BLOCKS blocks of wb_bsize */
	size_t wb_bsize;
	unsigned long hits, misses, writebacks, readaheads; /* for tests */
};

#define BC(ch) ((struct blkdev_channel *)(ch)->private_data)

static errcode_t cache_writeback_all(io_channel ch);
static errcode_t bc_flush(io_channel ch);

int extfs_device_index(const char *source)
{
	const char *p;
	long n = 0;

	if (!source)
		return -1;
	if (!strncmp(source, "blkdev", 6))
		p = source + 6;
	else if (!strncmp(source, "blk", 3))
		p = source + 3;
	else
		return -1;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > 1000)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return (int)n;
}

static errcode_t bc_open(const char *name, int flags, io_channel *channel)
{
	struct uk_blkdev_info info;
	struct blkdev_channel *bc;
	struct uk_blkdev *dev;
	io_channel ch;
	int idx = extfs_device_index(name);

	if (idx < 0)
		return EXT2_ET_BAD_DEVICE_NAME;
	dev = uk_blkdev_get((unsigned int)idx);
	if (!dev)
		return ENODEV;
	uk_blkdev_info_get(dev, &info);
	ch = calloc(1, sizeof(*ch));
	bc = calloc(1, sizeof(*bc));
	if (ch)
		ch->name = strdup(name);
	if (bc)
		bc->bounce = malloc(info.sector_size);
	if (!ch || !bc || !ch->name || !bc->bounce) {
		if (ch)
			free(ch->name);
		if (bc)
			free(bc->bounce);
		free(ch);
		free(bc);
		return EXT2_ET_NO_MEMORY;
	}
	bc->dev = dev;
	bc->ssize = info.sector_size;
	bc->bytes = info.sectors * info.sector_size;
	bc->rw = (flags & IO_FLAG_RW) && !info.read_only;
	ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	ch->manager = extfs_blkdev_io_manager;
	ch->block_size = 1024;
	ch->refcount = 1;
	ch->private_data = bc;
	*channel = ch;
	return 0;
}

static errcode_t bc_close(io_channel ch)
{
	struct blkdev_channel *bc = BC(ch);
	errcode_t err = 0;

	if (--ch->refcount > 0)
		return 0;
	if (bc->rw)
		err = bc_flush(ch);
	for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++)
		free(bc->cache[i].data);
	free(bc->ra);
	free(bc->wb);
	free(bc->bounce);
	free(bc);
	free(ch->name);
	free(ch);
	return err;
}

static errcode_t bc_set_blksize(io_channel ch, int blksize)
{
	errcode_t err;

	if (blksize <= 0)
		return EXT2_ET_INVALID_ARGUMENT;
	err = cache_writeback_all(ch); /* slots are remade at the next use */
	if (err)
		return err;
	ch->block_size = blksize;
	return 0;
}

/* ukblkdev's -errno as an errcode_t (errno values are valid ones). */
static errcode_t dev_err(int rc)
{
	return rc < 0 ? (errcode_t)-rc : 0;
}

/*
 * Move len bytes at byte offset off: whole sectors straight between buf
 * and the device, a partial first or last sector through the bounce
 * buffer (read, patch, write back).
 */
static errcode_t bc_rw(struct blkdev_channel *bc, __u64 off, size_t len,
		       void *buf, int write)
{
	unsigned char *p = buf;
	__u32 ss = bc->ssize;

	if (off > bc->bytes || len > bc->bytes - off)
		return write ? EXT2_ET_SHORT_WRITE : EXT2_ET_SHORT_READ;
	if (write && !bc->rw)
		return EROFS;
	while (len) {
		__u64 sec = off / ss;
		__u32 in = (__u32)(off % ss);
		int rc;

		if (in == 0 && len >= ss) {
			__u64 n = len / ss;

			if (n > 0x10000)
				n = 0x10000;
			rc = write ? uk_blkdev_write(bc->dev, sec, (__u32)n, p)
				   : uk_blkdev_read(bc->dev, sec, (__u32)n, p);
			if (rc < 0)
				return dev_err(rc);
			p += n * ss;
			off += n * ss;
			len -= n * ss;
			continue;
		}
		/* a partial sector */
		size_t part = ss - in < len ? ss - in : len;

		rc = uk_blkdev_read(bc->dev, sec, 1, bc->bounce);
		if (rc < 0)
			return dev_err(rc);
		if (write) {
			memcpy(bc->bounce + in, p, part);
			rc = uk_blkdev_write(bc->dev, sec, 1, bc->bounce);
			if (rc < 0)
				return dev_err(rc);
		} else {
			memcpy(p, bc->bounce + in, part);
		}
		p += part;
		off += part;
		len -= part;
	}
	return 0;
}

static size_t blk_bytes(io_channel ch, int count)
{
	return count < 0 ? (size_t)-(long)count
			 : (size_t)count * (size_t)ch->block_size;
}

static struct cache_slot *dirty_slot(struct blkdev_channel *bc, __u64 block)
{
	for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++) {
		struct cache_slot *c = &bc->cache[i];

		if (c->valid && c->dirty && c->block == block)
			return c;
	}
	return NULL;
}

/*
 * Write c back, together with the dirty cached blocks next to it: one
 * request for the whole run (through the staging buffer wb).
 */
static errcode_t slot_writeback(io_channel ch, struct cache_slot *c)
{
	struct blkdev_channel *bc = BC(ch);
	size_t bs = (size_t)ch->block_size;
	__u64 first = c->block, n = 0;
	struct cache_slot *s;
	errcode_t err;

	if (!c->valid || !c->dirty)
		return 0;
	if (!bc->wb || bc->wb_bsize != bs) {
		free(bc->wb);
		bc->wb = malloc(EXTFS_CACHE_BLOCKS * bs);
		bc->wb_bsize = bs;
	}
	if (!bc->wb) {
		err = bc_rw(bc, c->block * (__u64)bs, bs, c->data, 1);
		if (!err) {
			c->dirty = 0;
			bc->writebacks++;
		}
		return err;
	}
	while (first > 0 && dirty_slot(bc, first - 1))
		first--;
	while (n < EXTFS_CACHE_BLOCKS && (s = dirty_slot(bc, first + n))) {
		memcpy(bc->wb + n * bs, s->data, bs);
		n++;
	}
	err = bc_rw(bc, first * (__u64)bs, (size_t)(n * bs), bc->wb, 1);
	if (err)
		return err;
	for (__u64 i = 0; i < n; i++)
		dirty_slot(bc, first + i)->dirty = 0;
	bc->writebacks++;
	return 0;
}

/* Write back every dirty block, lowest block first. */
static errcode_t cache_writeback_all(io_channel ch)
{
	struct blkdev_channel *bc = BC(ch);

	for (;;) {
		struct cache_slot *low = NULL;
		errcode_t err;

		for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++) {
			struct cache_slot *c = &bc->cache[i];

			if (c->valid && c->dirty &&
			    (!low || c->block < low->block))
				low = c;
		}
		if (!low)
			return 0;
		err = slot_writeback(ch, low);
		if (err)
			return err;
	}
}

/*
 * Before a direct transfer of bytes [off, off + len): write back the
 * cached blocks it touches, and drop them if it writes.
 */
static errcode_t cache_sync_range(io_channel ch, __u64 off, size_t len,
				  int write)
{
	struct blkdev_channel *bc = BC(ch);
	__u64 bs = (__u64)ch->block_size;

	for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++) {
		struct cache_slot *c = &bc->cache[i];
		errcode_t err;

		if (!c->valid || c->block * bs >= off + len ||
		    (c->block + 1) * bs <= off)
			continue;
		err = slot_writeback(ch, c);
		if (err)
			return err;
		if (write)
			c->valid = 0;
	}
	return 0;
}

/*
 * The slot of block, or NULL: a miss takes the least recently used slot
 * (written back first) with valid = 0. Slots are (re)made for the
 * channel's block size; a change of it writes back and drops them all.
 */
static errcode_t cache_slot(io_channel ch, __u64 block,
			    struct cache_slot **out)
{
	struct blkdev_channel *bc = BC(ch);
	struct cache_slot *victim = NULL;
	errcode_t err;

	if (bc->cache_bsize != (size_t)ch->block_size) {
		/* set_blksize wrote every dirty block back */
		for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++) {
			unsigned char *d = realloc(bc->cache[i].data,
						   (size_t)ch->block_size);

			if (!d)
				return EXT2_ET_NO_MEMORY;
			bc->cache[i].data = d;
			bc->cache[i].valid = 0;
		}
		bc->cache_bsize = (size_t)ch->block_size;
	}
	bc->clock++;
	for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++) {
		struct cache_slot *c = &bc->cache[i];

		if (c->valid && c->block == block) {
			c->used = bc->clock;
			bc->hits++;
			*out = c;
			return 0;
		}
		if (!victim || !c->valid ||
		    (victim->valid && c->used < victim->used))
			victim = c;
	}
	bc->misses++;
	err = slot_writeback(ch, victim);
	if (err)
		return err;
	victim->valid = 0;
	victim->block = block;
	victim->used = bc->clock;
	*out = victim;
	return 0;
}

static int cached(struct blkdev_channel *bc, __u64 block)
{
	for (int i = 0; i < EXTFS_CACHE_BLOCKS; i++)
		if (bc->cache[i].valid && bc->cache[i].block == block)
			return 1;
	return 0;
}

/*
 * After a miss on block: if the misses go block after block (a file read
 * in small pieces), read the next EXTFS_READAHEAD blocks in one request
 * into the cache, stopping before a block it holds already or the end of
 * the device. A failed read-ahead is no error (nothing is cached).
 */
static errcode_t readahead(io_channel ch, __u64 block)
{
	struct blkdev_channel *bc = BC(ch);
	__u64 bs = (__u64)ch->block_size, n = 0;
	int seq = block == bc->next_miss;

	bc->next_miss = block + 1;
	if (!seq)
		return 0;
	if (!bc->ra) {
		bc->ra = malloc(EXTFS_READAHEAD * (size_t)bs);
		bc->ra_bsize = (size_t)bs;
		if (!bc->ra)
			return 0;
	}
	if (bc->ra_bsize != (size_t)bs)
		return 0;
	while (n < EXTFS_READAHEAD && (block + 2 + n) * bs <= bc->bytes &&
	       !cached(bc, block + 1 + n))
		n++;
	if (!n || bc_rw(bc, (block + 1) * bs, (size_t)(n * bs), bc->ra, 0))
		return 0;
	for (__u64 i = 0; i < n; i++) {
		struct cache_slot *c;
		errcode_t err = cache_slot(ch, block + 1 + i, &c);

		if (err)
			return err;
		memcpy(c->data, bc->ra + i * bs, (size_t)bs);
		c->valid = 1;
		c->dirty = 0;
	}
	bc->readaheads++;
	bc->next_miss = block + 1 + n;
	return 0;
}

static errcode_t bc_read_blk64(io_channel ch, unsigned long long block,
			       int count, void *data)
{
	struct blkdev_channel *bc = BC(ch);
	__u64 off = block * (__u64)ch->block_size;
	size_t len = blk_bytes(ch, count);
	struct cache_slot *c;
	errcode_t err;

	if (count != 1) {
		err = cache_sync_range(ch, off, len, 0);
		return err ? err : bc_rw(bc, off, len, data, 0);
	}
	err = cache_slot(ch, block, &c);
	if (err)
		return err;
	if (!c->valid) {
		err = bc_rw(bc, off, len, c->data, 0);
		if (err)
			return err;
		c->valid = 1;
		c->dirty = 0;
		memcpy(data, c->data, len);
		return readahead(ch, block);
	}
	memcpy(data, c->data, len);
	return 0;
}

static errcode_t bc_write_blk64(io_channel ch, unsigned long long block,
				int count, const void *data)
{
	struct blkdev_channel *bc = BC(ch);
	__u64 off = block * (__u64)ch->block_size;
	size_t len = blk_bytes(ch, count);
	struct cache_slot *c;
	errcode_t err;

	if (!bc->rw)
		return EROFS;
	if (off > bc->bytes || len > bc->bytes - off)
		return EXT2_ET_SHORT_WRITE;
	if (count != 1) {
		err = cache_sync_range(ch, off, len, 1);
		return err ? err : bc_rw(bc, off, len, (void *)data, 1);
	}
	err = cache_slot(ch, block, &c);
	if (err)
		return err;
	memcpy(c->data, data, len);
	c->valid = 1;
	c->dirty = 1;
	return 0;
}

void extfs_io_stats(io_channel ch, unsigned long *hits, unsigned long *misses,
		    unsigned long *writebacks)
{
	*hits = BC(ch)->hits;
	*misses = BC(ch)->misses;
	*writebacks = BC(ch)->writebacks;
}

static errcode_t bc_read_blk(io_channel ch, unsigned long block, int count,
			     void *data)
{
	return bc_read_blk64(ch, block, count, data);
}

static errcode_t bc_write_blk(io_channel ch, unsigned long block, int count,
			      const void *data)
{
	return bc_write_blk64(ch, block, count, data);
}

static errcode_t bc_write_byte(io_channel ch, unsigned long offset,
			       int count, const void *data)
{
	errcode_t err;

	if (count < 0)
		return EXT2_ET_INVALID_ARGUMENT;
	err = cache_sync_range(ch, offset, (size_t)count, 1);
	if (err)
		return err;
	return bc_rw(BC(ch), offset, (size_t)count, (void *)data, 1);
}

static errcode_t bc_flush(io_channel ch)
{
	struct blkdev_channel *bc = BC(ch);
	errcode_t err;

	if (!bc->rw)
		return 0;
	err = cache_writeback_all(ch);
	return err ? err : dev_err(uk_blkdev_flush(bc->dev));
}

static errcode_t bc_set_option(io_channel ch, const char *opt,
			       const char *arg)
{
	(void)ch, (void)opt, (void)arg;
	return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager blkdev_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "ukblkdev",
	.open = bc_open,
	.close = bc_close,
	.set_blksize = bc_set_blksize,
	.read_blk = bc_read_blk,
	.write_blk = bc_write_blk,
	.flush = bc_flush,
	.write_byte = bc_write_byte,
	.set_option = bc_set_option,
	.read_blk64 = bc_read_blk64,
	.write_blk64 = bc_write_blk64,
};

io_manager extfs_blkdev_io_manager = &blkdev_manager;
