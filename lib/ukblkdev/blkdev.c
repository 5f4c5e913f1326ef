/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The block device registry, and the checks every request passes before
 * it reaches a driver: a driver sees only requests that fit the device.
 */
#include <uk/blkdev.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

static struct uk_blkdev *devs[CONFIG_LIBUKBLKDEV_MAXDEVS];
static unsigned int ndevs;

/* The capacity in a unit a reader takes in: "1 MiB", "12 GiB", "3 KiB". */
static void print_size(char *out, __sz n, __u64 bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB",
					     "TiB" };
	unsigned int u = 0;

	while (u + 1 < ARRAY_SIZE(units) && bytes >= 1024 && !(bytes % 1024)) {
		bytes /= 1024;
		u++;
	}
	uk_snprintk(out, n, "%llu %s", (unsigned long long)bytes, units[u]);
}

int uk_blkdev_register(struct uk_blkdev *dev)
{
	const struct uk_blkdev_ops *o = dev ? dev->ops : NULL;
	struct uk_blkdev_info *i;
	char size[32];

	if (!o || !o->info_get || !o->queue_setup || !o->submit || !o->poll)
		return -EINVAL;
	i = &dev->info;
	memset(i, 0, sizeof(*i));
	o->info_get(dev, i);
	if (i->sector_size < 512 || (i->sector_size & (i->sector_size - 1)) ||
	    !i->max_queues || !i->queue_depth)
		return -EINVAL;
	if (i->max_queues > UK_BLKDEV_MAX_QUEUES)
		i->max_queues = UK_BLKDEV_MAX_QUEUES;
	if (ndevs == CONFIG_LIBUKBLKDEV_MAXDEVS) {
		uk_pr_warn("blkdev: %s device ignored: %d devices already "
			   "(CONFIG_LIBUKBLKDEV_MAXDEVS)\n",
			   dev->drv_name ? dev->drv_name : "a",
			   CONFIG_LIBUKBLKDEV_MAXDEVS);
		return -ENOSPC;
	}
	dev->id = ndevs;
	memset(dev->queue_ready, 0, sizeof(dev->queue_ready));
	memset(dev->queue_intr, 0, sizeof(dev->queue_intr));
	devs[ndevs++] = dev;
	print_size(size, sizeof(size), i->sectors * i->sector_size);
	uk_pr_info("blkdev%u: %s, %llu sectors of %u bytes (%s), %s\n",
		   dev->id, dev->drv_name ? dev->drv_name : "?",
		   (unsigned long long)i->sectors, i->sector_size, size,
		   i->read_only ? "read-only" : "read-write");
	return (int)dev->id;
}

unsigned int uk_blkdev_count(void)
{
	return ndevs;
}

struct uk_blkdev *uk_blkdev_get(unsigned int i)
{
	return i < ndevs ? devs[i] : NULL;
}

void uk_blkdev_info_get(struct uk_blkdev *dev, struct uk_blkdev_info *info)
{
	*info = dev->info;
}

int uk_blkdev_queue_setup(struct uk_blkdev *dev, unsigned int qid,
			  const struct uk_blkdev_queue_conf *conf)
{
	int rc;

	if (!conf || qid >= dev->info.max_queues)
		return -EINVAL;
	if (conf->intr && !(dev->info.features & UK_BLKDEV_F_INTR))
		return -EINVAL;
	rc = dev->ops->queue_setup(dev, qid, conf);
	if (rc < 0)
		return rc;
	dev->queue_intr[qid] = !!conf->intr;
	dev->queue_ready[qid] = 1;
	return 0;
}

/* 0 if req fits dev, else the error submit returns. */
static int check(const struct uk_blkdev *dev, const struct uk_blkreq *req)
{
	const struct uk_blkdev_info *i = &dev->info;

	switch (req->op) {
	case UK_BLKREQ_FLUSH:
		return 0;
	case UK_BLKREQ_WRITE:
		if (i->read_only)
			return -EROFS;
		/* fall through */
	case UK_BLKREQ_READ:
		if (!req->buf ||
		    (i->max_sectors && req->nsectors > i->max_sectors))
			return -EINVAL;
		break;
	case UK_BLKREQ_DISCARD:
		if (i->read_only)
			return -EROFS;
		if (!(i->features & UK_BLKDEV_F_DISCARD))
			return -ENOTSUP;
		break;
	default:
		return -EINVAL;
	}
	/* Written so that no sum can wrap. */
	if (!req->nsectors || req->sector >= i->sectors ||
	    req->nsectors > i->sectors - req->sector)
		return -EINVAL;
	return 0;
}

int uk_blkdev_submit(struct uk_blkdev *dev, unsigned int qid,
		     struct uk_blkreq *req)
{
	int rc;

	if (!req || qid >= dev->info.max_queues || !dev->queue_ready[qid])
		return -EINVAL;
	rc = check(dev, req);
	if (rc < 0)
		return rc;
	req->finished = 0;
	req->result = 0;
	if (req->op == UK_BLKREQ_FLUSH &&
	    !(dev->info.features & UK_BLKDEV_F_FLUSH)) {
		uk_blkreq_finish(req, 0); /* nothing cached to write back */
		return 0;
	}
	return dev->ops->submit(dev, qid, req);
}

int uk_blkdev_poll(struct uk_blkdev *dev, unsigned int qid)
{
	if (qid >= dev->info.max_queues || !dev->queue_ready[qid])
		return -EINVAL;
	return dev->ops->poll(dev, qid);
}

void uk_blkreq_finish(struct uk_blkreq *req, int result)
{
	uk_blkreq_done_t done = req->done;
	void *arg = req->done_arg;

	req->result = result;
	/* The result before the flag that publishes it. */
	__atomic_store_n(&req->finished, 1, __ATOMIC_RELEASE);
	if (done)
		done(req, arg);
}
