/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The synchronous helpers: one request at a time on queue 0, large
 * transfers cut into pieces of at most info.max_sectors.
 */
#include "blkdev_wait.h"
#include <errno.h>
#include <stddef.h>

/* Queue 0 ready for the helpers: 0 or the error of its set-up. */
static int queue0(struct uk_blkdev *dev)
{
	struct uk_blkdev_queue_conf conf = { 0 };

	if (dev->queue_ready[0])
		return 0;
	conf.intr = blkdev_wait_wants_intr() &&
		    (dev->info.features & UK_BLKDEV_F_INTR);
	return uk_blkdev_queue_setup(dev, 0, &conf);
}

static int transfer(struct uk_blkdev *dev, enum uk_blkreq_op op,
		    __u64 sector, __u32 nsectors, void *buf)
{
	__u32 step = dev->info.max_sectors ? dev->info.max_sectors : nsectors;
	int rc = queue0(dev);

	if (rc < 0)
		return rc;
	if (!nsectors)
		return -EINVAL;
	/* Check the whole range first: nothing is done if it cannot all be. */
	if (sector >= dev->info.sectors ||
	    nsectors > dev->info.sectors - sector)
		return -EINVAL;
	while (nsectors) {
		struct uk_blkreq req = {
			.op = op,
			.sector = sector,
			.nsectors = MIN(step, nsectors),
			.buf = buf,
		};

		rc = blkdev_wait_run(dev, &req);
		if (rc < 0)
			return rc;
		sector += req.nsectors;
		nsectors -= req.nsectors;
		if (buf)
			buf = (char *)buf +
			      (__sz)req.nsectors * dev->info.sector_size;
	}
	return 0;
}

int uk_blkdev_read(struct uk_blkdev *dev, __u64 sector, __u32 nsectors,
		   void *buf)
{
	return buf ? transfer(dev, UK_BLKREQ_READ, sector, nsectors, buf)
		   : -EINVAL;
}

int uk_blkdev_write(struct uk_blkdev *dev, __u64 sector, __u32 nsectors,
		    const void *buf)
{
	if (!buf)
		return -EINVAL;
	if (dev->info.read_only)
		return -EROFS;
	return transfer(dev, UK_BLKREQ_WRITE, sector, nsectors, (void *)buf);
}

int uk_blkdev_discard(struct uk_blkdev *dev, __u64 sector, __u32 nsectors)
{
	struct uk_blkreq req = {
		.op = UK_BLKREQ_DISCARD,
		.sector = sector,
		.nsectors = nsectors,
	};
	int rc = queue0(dev);

	return rc < 0 ? rc : blkdev_wait_run(dev, &req);
}

int uk_blkdev_flush(struct uk_blkdev *dev)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_FLUSH };
	int rc = queue0(dev);

	return rc < 0 ? rc : blkdev_wait_run(dev, &req);
}
