/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-9p (virtio 1.x device type 9, the 9P transport) behind
 * <uk/9p.h>: one request queue (queue 0). A request is one descriptor
 * chain: the T-message's buffers (device-readable), then the buffers the
 * R-message goes to (device-writable); the device returns the chain with
 * the length of the reply. The mount tag comes from the configuration
 * space (tag_len, then tag_len bytes, no NUL) and names the device in the
 * 9P registry.
 *
 * Several threads may have requests in flight: each takes a slot (the
 * chain's cookie) and waits for it. With a scheduler and an interrupt
 * line, a thread sleeps on its slot's semaphore, which the interrupt
 * handler raises; otherwise (no scheduler, no interrupt line, or a call
 * before the scheduler runs) the caller drains the ring itself until its
 * slot is done. The ring and the free slots are touched with interrupts
 * masked.
 */
#include <uk/virtio/virtio.h>
#include <uk/9p.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <errno.h>
#include <string.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/sched.h>
#endif

#define V9P_F_MOUNT_TAG 0
#define QUEUE_SIZE 128
#define MAX_SEGS 4 /* the client sends at most 2 and receives into 2 */

struct slot {
	struct slot *next_free;
	volatile int done;
	__u32 len;
#ifdef CONFIG_LIBUKSCHED
	struct uk_semaphore sem;
#endif
};

struct v9p {
	struct uk_9pdev dev;
	struct virtio_dev *vdev;
	struct virtq *vq;
	struct slot *slots, *free_slots; /* interrupts masked */
	unsigned int depth;
	int have_irq;
#ifdef CONFIG_LIBUKSCHED
	struct uk_semaphore nfree; /* slots free, for sleepers */
#endif
};

/* Mark every chain the device returned done. Interrupts masked. */
static void drain(struct v9p *v)
{
	struct slot *s;
	__u32 len;

	while ((s = virtq_get(v->vq, &len))) {
		s->len = len;
		s->done = 1;
#ifdef CONFIG_LIBUKSCHED
		uk_semaphore_up(&s->sem);
#endif
	}
}

static int irq_handler(void *arg)
{
	struct v9p *v = arg;
	__u8 isr = virtio_isr_ack(v->vdev);

	if (!isr)
		return 0; /* another device on a shared line */
	if (isr & VIRTIO_ISR_QUEUE)
		drain(v);
	return 1;
}

/* Whether the caller may sleep until the interrupt handler wakes it. */
static int can_sleep(struct v9p *v)
{
#ifdef CONFIG_LIBUKSCHED
	return v->have_irq && uk_thread_current();
#else
	(void)v;
	return 0;
#endif
}

/* Let other threads run (or nothing, without a scheduler). */
static void let_others_run(void)
{
#ifdef CONFIG_LIBUKSCHED
	if (uk_thread_current())
		uk_sched_yield();
#endif
}

static int request(struct uk_9pdev *dev, const struct uk_9p_iov *tx,
		   unsigned int ntx, const struct uk_9p_iov *rx,
		   unsigned int nrx, __u32 *rxlen)
{
	struct v9p *v = __containerof(dev, struct v9p, dev);
	struct virtq_seg seg[MAX_SEGS];
	unsigned int n = 0;
	unsigned long flags;
	int sleep = can_sleep(v), rc;
	struct slot *s;

	if (ntx + nrx > MAX_SEGS || !ntx || !nrx)
		return -EINVAL;
	for (unsigned int i = 0; i < ntx; i++, n++) {
		seg[n].addr = tx[i].base;
		seg[n].len = tx[i].len;
	}
	for (unsigned int i = 0; i < nrx; i++, n++) {
		seg[n].addr = rx[i].base;
		seg[n].len = rx[i].len;
	}
#ifdef CONFIG_LIBUKSCHED
	if (sleep)
		uk_semaphore_down(&v->nfree);
#endif
	for (;;) {
		flags = ukplat_lcpu_save_irqf();
		s = v->free_slots;
		if (s && v->vq->nfree >= n)
			break;
		/* only pollers get here: sleepers hold a free slot */
		drain(v);
		ukplat_lcpu_restore_irqf(flags);
		let_others_run();
	}
	v->free_slots = s->next_free;
	s->done = 0;
#ifdef CONFIG_LIBUKSCHED
	uk_semaphore_init(&s->sem, 0);
#endif
	rc = virtq_add(v->vq, seg, ntx, nrx, s);
	if (rc == 0)
		virtio_vq_kick(v->vdev, v->vq);
	ukplat_lcpu_restore_irqf(flags);
	if (rc == 0) {
#ifdef CONFIG_LIBUKSCHED
		if (sleep)
			uk_semaphore_down(&s->sem);
#endif
		while (!s->done) {
			flags = ukplat_lcpu_save_irqf();
			drain(v);
			ukplat_lcpu_restore_irqf(flags);
			if (!s->done)
				let_others_run();
		}
		*rxlen = s->len;
	}
	flags = ukplat_lcpu_save_irqf();
	s->next_free = v->free_slots;
	v->free_slots = s;
	ukplat_lcpu_restore_irqf(flags);
#ifdef CONFIG_LIBUKSCHED
	if (sleep)
		uk_semaphore_up(&v->nfree);
#endif
	return rc < 0 ? -EIO : 0;
}

static const struct uk_9pdev_ops v9p_ops = {
	.request = request,
};

/* The mount tag from the configuration; -EIO without one. */
static int read_tag(void *arg)
{
	struct v9p *v = arg;
	__u16 len;

	if (!virtio_has(v->vdev, V9P_F_MOUNT_TAG)) {
		uk_pr_err("virtio-9p: %s: the device offers no mount tag\n",
			  v->vdev->where);
		return -EIO;
	}
	virtio_config_read(v->vdev, 0, &len, sizeof(len));
	if (len == 0 || len >= sizeof(v->dev.tag)) {
		uk_pr_err("virtio-9p: %s: mount tag of %u bytes (1 to %u allowed)\n",
			  v->vdev->where, len,
			  (unsigned int)sizeof(v->dev.tag) - 1);
		return -EIO;
	}
	for (__u16 i = 0; i < len; i++)
		virtio_config_read(v->vdev, 2 + i, &v->dev.tag[i], 1);
	v->dev.tag[len] = 0;
	return 0;
}

static int add(struct virtio_dev *vdev)
{
	const __u64 wanted = VIRTIO_BIT(V9P_F_MOUNT_TAG) |
			     VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX);
	struct uk_alloc *a = uk_alloc_get_default();
	struct v9p *v = uk_calloc(a, 1, sizeof(*v));
	int rc;

	if (!v)
		return -ENOMEM;
	v->vdev = vdev;
	rc = virtio_start_single(vdev, wanted, read_tag, v, QUEUE_SIZE, &v->vq);
	if (rc < 0) {
		uk_free(a, v);
		return rc;
	}
	/* a chain has at most 4 descriptors (the client uses 2 or 3) */
	v->depth = v->vq->num / 3;
	v->slots = uk_calloc(a, v->depth, sizeof(*v->slots));
	if (!v->slots) {
		virtio_fail(vdev);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < v->depth; i++) {
		v->slots[i].next_free = v->free_slots;
		v->free_slots = &v->slots[i];
	}
#ifdef CONFIG_LIBUKSCHED
	uk_semaphore_init(&v->nfree, v->depth);
#endif
	v->have_irq = virtio_irq_register(vdev, irq_handler, v) == 0;
	if (v->have_irq)
		virtq_enable_cb(v->vq);
	else
		virtq_disable_cb(v->vq);
	if (virtio_driver_ok(vdev) < 0) {
		uk_pr_err("virtio-9p: %s: the device failed at start\n",
			  vdev->where);
		return -EIO;
	}
	v->dev.ops = &v9p_ops;
	v->dev.drv_name = "virtio-9p";
	vdev->drv_priv = v;
	uk_pr_info("virtio-9p: %s (%s), mount tag '%s', %s\n", vdev->where,
		   vdev->transport, v->dev.tag,
		   VIRTIO_IRQ_MODE(v->have_irq));
	rc = uk_9pdev_register(&v->dev);
	return rc < 0 ? rc : 0;
}

static const struct virtio_driver v9p_driver = {
	.name = "virtio-9p",
	.device_type = VIRTIO_ID_9P,
	.add = add,
};
UK_VIRTIO_DRIVER_REGISTER(&v9p_driver);
