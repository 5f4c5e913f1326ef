/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk (virtio 1.x, 5.2) behind <uk/blkdev.h>: one request queue
 * (queue 0). A request is one descriptor chain: the 16-byte header
 * (type, sector in 512-byte units), the data (device-readable for a
 * write, device-writable for a read; a discard's range record), and the
 * one-byte status the device writes last. Headers and status bytes live
 * in per-request slots, one slot per chain the ring can hold; the slot
 * is the chain's cookie. A queue in interrupt mode is drained by the
 * interrupt handler, a polled one by uk_blkdev_poll; both, and submit,
 * mask interrupts while they touch the ring.
 */
#include <uk/virtio/virtio.h>
#include <uk/blkdev.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* Feature bits (5.2.3). */
#define BLK_F_SIZE_MAX 1
#define BLK_F_SEG_MAX 2
#define BLK_F_RO 5
#define BLK_F_BLK_SIZE 6
#define BLK_F_FLUSH 9
#define BLK_F_DISCARD 13

/* Configuration (5.2.4). */
#define CFG_CAPACITY 0 /* 512-byte sectors, 64 bits */
#define CFG_SIZE_MAX 8
#define CFG_SEG_MAX 12
#define CFG_BLK_SIZE 20

/* Request types and status values (5.2.6). */
#define REQ_IN 0
#define REQ_OUT 1
#define REQ_FLUSH 4
#define REQ_DISCARD 11
#define S_OK 0
#define S_UNSUPP 2

#define QUEUE_SIZE 128
#define MAX_REQUEST (4UL << 20) /* bytes of one request without size_max */
#define CHAIN_MAX 3 /* header, data, status */

struct req_hdr {
	__u32 type;
	__u32 reserved;
	__u64 sector;
};

struct discard_range {
	__u64 sector;
	__u32 nsectors;
	__u32 flags;
};

/* What one request in flight needs beside its data. */
struct slot {
	struct req_hdr hdr;
	struct discard_range range;
	struct uk_blkreq *req;
	struct slot *next_free;
	__u8 status; /* written by the device */
};

struct vblk {
	struct uk_blkdev bd;
	struct virtio_dev *vdev;
	struct virtq *vq;
	/* Guarded by masking interrupts: the ring and the free slots. */
	struct slot *slots, *free_slots;
	unsigned int depth;
	__u64 sectors;
	__u32 sector_size, max_sectors, seg_max;
	int have_irq;
	volatile int intr_mode;
};

static struct vblk *to_vblk(struct uk_blkdev *bd)
{
	return __containerof(bd, struct vblk, bd);
}

static void info_get(struct uk_blkdev *bd, struct uk_blkdev_info *i)
{
	struct vblk *v = to_vblk(bd);

	i->sectors = v->sectors;
	i->sector_size = v->sector_size;
	i->max_sectors = v->max_sectors;
	i->max_segs = v->seg_max;
	i->max_queues = 1;
	i->queue_depth = v->depth;
	i->read_only = virtio_has(v->vdev, BLK_F_RO);
	if (virtio_has(v->vdev, BLK_F_FLUSH))
		i->features |= UK_BLKDEV_F_FLUSH;
	if (virtio_has(v->vdev, BLK_F_DISCARD))
		i->features |= UK_BLKDEV_F_DISCARD;
	if (v->have_irq)
		i->features |= UK_BLKDEV_F_INTR;
}

static int queue_setup(struct uk_blkdev *bd, unsigned int qid,
		       const struct uk_blkdev_queue_conf *conf)
{
	struct vblk *v = to_vblk(bd);
	unsigned long flags;

	if (qid != 0)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	v->intr_mode = conf->intr;
	if (conf->intr)
		virtq_enable_cb(v->vq);
	else
		virtq_disable_cb(v->vq);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

/* The chain for req in slot s: its segments, how many the device reads. */
static unsigned int build(struct vblk *v, struct slot *s,
			  struct virtq_seg *seg, unsigned int *nout)
{
	struct uk_blkreq *req = s->req;
	__u64 sector512 = req->sector * (v->sector_size / 512);
	unsigned int n = 1;

	s->hdr.reserved = 0;
	s->hdr.sector = sector512;
	seg[0].addr = &s->hdr;
	seg[0].len = sizeof(s->hdr);
	*nout = 1;
	switch (req->op) {
	case UK_BLKREQ_READ:
	case UK_BLKREQ_WRITE:
		s->hdr.type = req->op == UK_BLKREQ_READ ? REQ_IN : REQ_OUT;
		seg[n].addr = req->buf;
		seg[n++].len = req->nsectors * v->sector_size;
		*nout += req->op == UK_BLKREQ_WRITE;
		break;
	case UK_BLKREQ_DISCARD:
		s->hdr.type = REQ_DISCARD;
		s->hdr.sector = 0;
		s->range.sector = sector512;
		s->range.nsectors = req->nsectors * (v->sector_size / 512);
		s->range.flags = 0;
		seg[n].addr = &s->range;
		seg[n++].len = sizeof(s->range);
		*nout += 1;
		break;
	case UK_BLKREQ_FLUSH:
		s->hdr.type = REQ_FLUSH;
		s->hdr.sector = 0;
		break;
	}
	s->status = 0xff;
	seg[n].addr = &s->status;
	seg[n++].len = 1;
	return n;
}

static int submit(struct uk_blkdev *bd, unsigned int qid,
		  struct uk_blkreq *req)
{
	struct vblk *v = to_vblk(bd);
	struct virtq_seg seg[CHAIN_MAX];
	unsigned int n, nout;
	unsigned long flags;
	struct slot *s;
	int rc;

	if (qid != 0)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	s = v->free_slots;
	if (!s || v->vq->nfree < CHAIN_MAX) {
		ukplat_lcpu_restore_irqf(flags);
		return -ENOSPC;
	}
	v->free_slots = s->next_free;
	s->req = req;
	n = build(v, s, seg, &nout);
	rc = virtq_add(v->vq, seg, nout, n - nout, s);
	if (rc < 0) {
		s->next_free = v->free_slots;
		v->free_slots = s;
	} else {
		virtio_vq_kick(v->vdev, v->vq);
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc < 0 ? -EIO : 0;
}

/* Finish every request the device returned. Interrupts masked. */
static int drain(struct vblk *v)
{
	struct slot *s;
	int n = 0;

	while ((s = virtq_get(v->vq, NULL))) {
		struct uk_blkreq *req = s->req;
		int result = s->status == S_OK	    ? 0
			     : s->status == S_UNSUPP ? -ENOTSUP
						     : -EIO;

		s->req = NULL;
		s->next_free = v->free_slots;
		v->free_slots = s;
		uk_blkreq_finish(req, result);
		n++;
	}
	return n;
}

static int poll(struct uk_blkdev *bd, unsigned int qid)
{
	struct vblk *v = to_vblk(bd);
	unsigned long flags;
	int n;

	if (qid != 0)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	n = drain(v);
	ukplat_lcpu_restore_irqf(flags);
	return n;
}

static int irq_handler(void *arg)
{
	struct vblk *v = arg;
	__u8 isr = virtio_isr_ack(v->vdev);

	if (!isr)
		return 0; /* another device on a shared line */
	if ((isr & VIRTIO_ISR_QUEUE) && v->intr_mode)
		drain(v);
	return 1;
}

static const struct uk_blkdev_ops vblk_ops = {
	.info_get = info_get,
	.queue_setup = queue_setup,
	.submit = submit,
	.poll = poll,
};

static const struct virtio_feature_name feature_names[] = {
	{ BLK_F_SIZE_MAX, "size_max" },
	{ BLK_F_SEG_MAX, "seg_max" },
	{ BLK_F_RO, "ro" },
	{ BLK_F_BLK_SIZE, "blk_size" },
	{ BLK_F_FLUSH, "flush" },
	{ BLK_F_DISCARD, "discard" },
	{ VIRTIO_RING_F_EVENT_IDX, "event_idx" },
	{ VIRTIO_F_VERSION_1, "version_1" },
};

static void announce(struct vblk *v)
{
	char list[128];

	uk_pr_info("virtio-blk: %s (%s), %llu sectors of %u bytes, %s, %s, features %s\n",
		   v->vdev->where, v->vdev->transport,
		   (unsigned long long)v->sectors, v->sector_size,
		   virtio_has(v->vdev, BLK_F_RO) ? "read-only" : "read-write",
		   VIRTIO_IRQ_MODE(v->have_irq),
		   virtio_feature_list(v->vdev, feature_names,
				       ARRAY_SIZE(feature_names), list,
				       sizeof(list)));
}

/* Sizes from the configuration space; -EIO for a nonsensical one. */
static int read_config(void *arg)
{
	struct vblk *v = arg;
	struct virtio_dev *vdev = v->vdev;
	__u64 cap512;
	__u32 x;

	virtio_config_read(vdev, CFG_CAPACITY, &cap512, sizeof(cap512));
	v->sector_size = 512;
	if (virtio_has(vdev, BLK_F_BLK_SIZE)) {
		virtio_config_read(vdev, CFG_BLK_SIZE, &x, sizeof(x));
		if (x < 512 || (x & (x - 1)) || x > 65536) {
			uk_pr_err("virtio-blk: %s: bad block size %u\n",
				  vdev->where, x);
			return -EIO;
		}
		v->sector_size = x;
	}
	v->sectors = cap512 / (v->sector_size / 512);
	/* One data descriptor per request: its 32-bit length, and size_max
	 * if the device has one, bound a request. */
	v->max_sectors = MAX_REQUEST / v->sector_size;
	if (virtio_has(vdev, BLK_F_SIZE_MAX)) {
		virtio_config_read(vdev, CFG_SIZE_MAX, &x, sizeof(x));
		if (x / v->sector_size < v->max_sectors)
			v->max_sectors = x / v->sector_size;
		if (!v->max_sectors)
			v->max_sectors = 1;
	}
	if (virtio_has(vdev, BLK_F_SEG_MAX))
		virtio_config_read(vdev, CFG_SEG_MAX, &v->seg_max,
				   sizeof(v->seg_max));
	return 0;
}

static int add(struct virtio_dev *vdev)
{
	const __u64 wanted = VIRTIO_BIT(BLK_F_SIZE_MAX) |
			     VIRTIO_BIT(BLK_F_SEG_MAX) | VIRTIO_BIT(BLK_F_RO) |
			     VIRTIO_BIT(BLK_F_BLK_SIZE) |
			     VIRTIO_BIT(BLK_F_FLUSH) |
			     VIRTIO_BIT(BLK_F_DISCARD) |
			     VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX);
	struct uk_alloc *a = uk_alloc_get_default();
	struct vblk *v = uk_calloc(a, 1, sizeof(*v));
	int rc;

	if (!v)
		return -ENOMEM;
	v->vdev = vdev;
	rc = virtio_start_single(vdev, wanted, read_config, v, QUEUE_SIZE,
				 &v->vq);
	if (rc < 0) {
		uk_free(a, v);
		return rc;
	}
	v->depth = v->vq->num / CHAIN_MAX;
	v->slots = uk_calloc(a, v->depth, sizeof(*v->slots));
	if (!v->slots) {
		virtio_fail(vdev);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < v->depth; i++) {
		v->slots[i].next_free = v->free_slots;
		v->free_slots = &v->slots[i];
	}
	virtq_disable_cb(v->vq);
	v->have_irq = virtio_irq_register(vdev, irq_handler, v) == 0;
	if (virtio_driver_ok(vdev) < 0) {
		uk_pr_err("virtio-blk: %s: the device failed at start\n",
			  vdev->where);
		return -EIO;
	}
	v->bd.ops = &vblk_ops;
	v->bd.drv_name = "virtio-blk";
	vdev->drv_priv = v;
	announce(v);
	rc = uk_blkdev_register(&v->bd);
	return rc < 0 ? rc : 0;
}

static const struct virtio_driver vblk_driver = {
	.name = "virtio-blk",
	.device_type = VIRTIO_ID_BLOCK,
	.add = add,
};
UK_VIRTIO_DRIVER_REGISTER(&vblk_driver);
