/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The I/O manager libext2fs reads and writes the disk through: ukblkdev's
 * synchronous helpers, in sectors. libext2fs speaks in blocks of the
 * channel's block size (1024 until the superblock is read, then the file
 * system's), or in bytes when a count is negative.
 */
#include <uk/blkdev.h>
#include <uk/print.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "extfs.h"

struct blkdev_channel {
	struct uk_blkdev *dev;
	__u32 ssize;      /* sector size */
	__u64 bytes;      /* capacity */
	int rw;           /* opened for writing on a writable device */
	unsigned char *bounce; /* one sector, for partial sectors */
};

#define BC(ch) ((struct blkdev_channel *)(ch)->private_data)

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

	if (--ch->refcount > 0)
		return 0;
	free(bc->bounce);
	free(bc);
	free(ch->name);
	free(ch);
	return 0;
}

static errcode_t bc_set_blksize(io_channel ch, int blksize)
{
	if (blksize <= 0)
		return EXT2_ET_INVALID_ARGUMENT;
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

static errcode_t bc_read_blk64(io_channel ch, unsigned long long block,
			       int count, void *data)
{
	return bc_rw(BC(ch), block * (__u64)ch->block_size,
		     blk_bytes(ch, count), data, 0);
}

static errcode_t bc_write_blk64(io_channel ch, unsigned long long block,
				int count, const void *data)
{
	return bc_rw(BC(ch), block * (__u64)ch->block_size,
		     blk_bytes(ch, count), (void *)data, 1);
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
	if (count < 0)
		return EXT2_ET_INVALID_ARGUMENT;
	return bc_rw(BC(ch), offset, (size_t)count, (void *)data, 1);
}

static errcode_t bc_flush(io_channel ch)
{
	struct blkdev_channel *bc = BC(ch);

	if (!bc->rw)
		return 0;
	return dev_err(uk_blkdev_flush(bc->dev));
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
