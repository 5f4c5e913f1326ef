/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices. A driver (virtio-blk on kvm, a host file on linuxu)
 * fills a struct uk_blkdev embedded in its own state and registers it at
 * probe time; a user (a file system, an application) finds devices by
 * index and moves whole sectors:
 *
 *   dev = uk_blkdev_get(0);
 *   uk_blkdev_info_get(dev, &info);        capacity, sector size, limits
 *   rc = uk_blkdev_read(dev, sector, n, buf);      waits (thread context)
 *   rc = uk_blkdev_write(dev, sector, n, buf);
 *   rc = uk_blkdev_flush(dev);
 *
 * or asynchronously, on a queue set up first:
 *
 *   uk_blkdev_queue_setup(dev, 0, &(struct uk_blkdev_queue_conf){ .intr = 1 });
 *   req->op = UK_BLKREQ_READ; req->sector = s; req->nsectors = n;
 *   req->buf = buf; req->done = cb; req->done_arg = arg;
 *   rc = uk_blkdev_submit(dev, 0, req);    0: the request is in flight
 *   ...                                    cb(req, arg) once it finished;
 *                                          req->result is 0 or -errno
 *
 * Sectors are counted in units of info.sector_size bytes from the start
 * of the device; a buffer holds nsectors * sector_size bytes, contiguous
 * (kvm maps memory one to one, so no alignment beyond the byte is needed).
 *
 * Completion: a queue set up with intr = 1 (a device with
 * UK_BLKDEV_F_INTR) completes requests from its interrupt handler: the
 * callback runs in interrupt context and may only record or wake. A queue
 * with intr = 0 completes requests only in uk_blkdev_poll, in the caller's
 * context. uk_blkdev_poll works in both modes (it masks interrupts while
 * it takes finished requests). Requests may finish in any order.
 *
 * One thread at a time per queue: neither the driver nor this library
 * locks around submit or poll. The synchronous helpers use queue 0 and
 * share that rule.
 */
#ifndef UK_BLKDEV_H
#define UK_BLKDEV_H

#include <uk/essentials.h>

/* Driver features (uk_blkdev_info.features). */
#define UK_BLKDEV_F_FLUSH 0x1   /* UK_BLKREQ_FLUSH does something */
#define UK_BLKDEV_F_DISCARD 0x2 /* UK_BLKREQ_DISCARD is offered */
#define UK_BLKDEV_F_INTR 0x4    /* queues may complete by interrupt */

#define UK_BLKDEV_MAX_QUEUES 4

struct uk_blkdev;

struct uk_blkdev_info {
	__u64 sectors;       /* capacity */
	__u32 sector_size;   /* bytes, a power of two >= 512 */
	__u32 max_sectors;   /* most sectors in one request (0: no limit) */
	__u32 max_segs;      /* data segments the device takes (0: no limit) */
	unsigned int max_queues; /* at least 1 */
	unsigned int queue_depth; /* requests in flight per queue */
	int read_only;       /* writes and discards give -EROFS */
	__u32 features;      /* UK_BLKDEV_F_* */
};

enum uk_blkreq_op {
	UK_BLKREQ_READ,
	UK_BLKREQ_WRITE,
	UK_BLKREQ_FLUSH,   /* earlier completed writes reach stable storage */
	UK_BLKREQ_DISCARD, /* the sectors' contents may be dropped */
};

struct uk_blkreq;

/* A request finished; req->result says how. Context: see the top. */
typedef void (*uk_blkreq_done_t)(struct uk_blkreq *req, void *arg);

struct uk_blkreq {
	/* Filled by the caller before uk_blkdev_submit. */
	enum uk_blkreq_op op;
	__u64 sector;      /* first sector (READ, WRITE, DISCARD) */
	__u32 nsectors;    /* sectors (READ, WRITE, DISCARD); 0 for FLUSH */
	void *buf;         /* nsectors * sector_size bytes (READ, WRITE) */
	uk_blkreq_done_t done; /* NULL: the caller polls req->finished */
	void *done_arg;
	/* Set by ukblkdev and the driver. */
	volatile int finished; /* 1 once result is valid */
	int result;        /* 0, -EIO (device error), -ENOTSUP */
};

struct uk_blkdev_queue_conf {
	int intr; /* 1: complete from the interrupt handler */
};

struct uk_blkdev_ops {
	void (*info_get)(struct uk_blkdev *dev, struct uk_blkdev_info *info);
	/* Prepare queue qid (again); requests in flight are not allowed. */
	int (*queue_setup)(struct uk_blkdev *dev, unsigned int qid,
			   const struct uk_blkdev_queue_conf *conf);
	/*
	 * Start a checked request: 0 (the driver calls uk_blkreq_finish
	 * later), -ENOSPC (the queue is full: nothing started), -EIO.
	 */
	int (*submit)(struct uk_blkdev *dev, unsigned int qid,
		      struct uk_blkreq *req);
	/* Finish what the device completed; returns how many. */
	int (*poll)(struct uk_blkdev *dev, unsigned int qid);
};

struct uk_blkdev {
	/* Filled by the driver before uk_blkdev_register. */
	const struct uk_blkdev_ops *ops;
	const char *drv_name; /* "virtio-blk", "file" */
	/* Set by ukblkdev. */
	unsigned int id;
	struct uk_blkdev_info info; /* a copy taken at registration */
	__u8 queue_ready[UK_BLKDEV_MAX_QUEUES];
	__u8 queue_intr[UK_BLKDEV_MAX_QUEUES];
};

/*
 * Add dev to the registry; dev->id becomes its index. Prints one line.
 * Returns the index, -EINVAL for a device without the required
 * operations or with a bad sector size, -ENOSPC when
 * CONFIG_LIBUKBLKDEV_MAXDEVS are registered. Boot or thread context.
 */
int uk_blkdev_register(struct uk_blkdev *dev);

/* Registered devices, and device i (NULL if none). Any context. */
unsigned int uk_blkdev_count(void);
struct uk_blkdev *uk_blkdev_get(unsigned int i);

/* The device's description. Any context. */
void uk_blkdev_info_get(struct uk_blkdev *dev, struct uk_blkdev_info *info);

/*
 * Set up queue qid (< info.max_queues) for submit and poll; no request of
 * the queue may be in flight. Returns 0, -EINVAL (bad qid, or intr
 * without UK_BLKDEV_F_INTR), or the driver's error. Thread context.
 */
int uk_blkdev_queue_setup(struct uk_blkdev *dev, unsigned int qid,
			  const struct uk_blkdev_queue_conf *conf);

/*
 * Check req against the device and start it on queue qid. Returns 0
 * (req->done will be called once, and req->finished set), or, with
 * nothing started and no callback:
 *   -EINVAL  queue not set up; nsectors 0 or above info.max_sectors (for
 *            READ/WRITE); sector + nsectors past the capacity; no buf;
 *            an unknown op
 *   -EROFS   WRITE or DISCARD on a read-only device
 *   -ENOTSUP DISCARD without UK_BLKDEV_F_DISCARD
 *   -ENOSPC  the queue is full (info.queue_depth in flight): poll, retry
 *   -EIO     the device failed
 * A FLUSH on a device without UK_BLKDEV_F_FLUSH completes at once with 0
 * (nothing is cached). Thread context (or interrupt context, with care).
 */
int uk_blkdev_submit(struct uk_blkdev *dev, unsigned int qid,
		     struct uk_blkreq *req);

/*
 * Finish the requests of queue qid the device has completed (their
 * callbacks run here). Returns how many, or -EINVAL. Any context.
 */
int uk_blkdev_poll(struct uk_blkdev *dev, unsigned int qid);

/*
 * Synchronous helpers on queue 0 (set up on first use: with interrupts
 * if the device has them and a scheduler is linked, polled otherwise).
 * They split large transfers into requests of at most info.max_sectors,
 * and wait: with uksched in a thread, asleep until the interrupt; without
 * it by polling. Return 0 or the first error, as uk_blkdev_submit and
 * req->result (-EINVAL, -EROFS, -EIO, ...). Thread context.
 */
int uk_blkdev_read(struct uk_blkdev *dev, __u64 sector, __u32 nsectors,
		   void *buf);
int uk_blkdev_write(struct uk_blkdev *dev, __u64 sector, __u32 nsectors,
		    const void *buf);
/* Make every completed write durable (see doc/storage.md). */
int uk_blkdev_flush(struct uk_blkdev *dev);
int uk_blkdev_discard(struct uk_blkdev *dev, __u64 sector, __u32 nsectors);

/*
 * For drivers: req ended with result (0 or -errno): set req->result and
 * req->finished, then call req->done. Any context.
 */
void uk_blkreq_finish(struct uk_blkreq *req, int result);

#endif
