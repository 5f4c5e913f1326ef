/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blkfront: a Xen virtual block device (vbd) behind <uk/blkdev.h>, one
 * queue. Each request slot owns XEN_BLKFRONT_SEGS pages granted to the
 * back end once, at connection; a request's data is copied through them
 * (any buffer alignment works, and no grant is made or ended per
 * request). The slot's index is the request id. Submit and completion
 * mask interrupts while they touch the ring.
 */
#include <xen/blkif.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <xen/ring.h>
#include <xen/xenbus.h>
#include <uk/alloc.h>
#include <uk/blkdev.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __aarch64__
#define PROTOCOL "arm-abi"
#else
#define PROTOCOL "x86_64-abi"
#endif

UK_CTASSERT(sizeof(struct xen_blkif_segment) == 8);
UK_CTASSERT(sizeof(struct xen_blkif_request) == 112);
UK_CTASSERT(offsetof(struct xen_blkif_request, id) == 8);
UK_CTASSERT(sizeof(struct xen_blkif_response) == 16);
UK_CTASSERT(XEN_BLKFRONT_SEGS <= XEN_BLKIF_MAX_SEGMENTS);

struct slot {
	struct uk_blkreq *req;
	__u8 *pages;
	xen_grant_ref_t gref[XEN_BLKFRONT_SEGS];
	struct slot *next_free;
};

struct blkfront {
	struct uk_blkdev bd;
	struct xen_xenbus_dev xb;
	volatile struct xen_sring_hdr *sring;
	volatile union xen_blkif_entry *ring;
	unsigned int ring_size;
	__u32 req_prod_pvt, rsp_cons;
	xen_grant_ref_t ring_ref;
	unsigned int port;
	__u16 handle;
	__u64 sectors;
	__u32 sector_size;
	int read_only, flush, intr_ok, intr_mode;
	void (*kick)(void *arg);
	void *kick_arg;
	struct slot slots[XEN_BLKFRONT_DEPTH];
	struct slot *free_slots;
	char name[24];
};

#define to_bf(d) __containerof(d, struct blkfront, bd)

static void info_get(struct uk_blkdev *bd, struct uk_blkdev_info *info)
{
	struct blkfront *b = to_bf(bd);

	memset(info, 0, sizeof(*info));
	info->sectors = b->sectors;
	info->sector_size = b->sector_size;
	info->max_sectors = XEN_BLKFRONT_SEGS * 4096 / b->sector_size;
	info->max_segs = 1;
	info->max_queues = 1;
	info->queue_depth = XEN_BLKFRONT_DEPTH;
	info->read_only = b->read_only;
	info->features = (b->flush ? UK_BLKDEV_F_FLUSH : 0) |
			 (b->intr_ok ? UK_BLKDEV_F_INTR : 0);
}

/* Finish every request the back end answered. Interrupts masked. */
static int drain(struct blkfront *b)
{
	int n = 0;

	do {
		__u32 prod = b->sring->rsp_prod;

		rmb(); /* the index before the responses */
		while (b->rsp_cons != prod) {
			volatile struct xen_blkif_response *r =
				&b->ring[b->rsp_cons++ & (b->ring_size - 1)].rsp;
			__u64 id = r->id;
			struct slot *s;
			struct uk_blkreq *req;
			int result;

			if (id >= XEN_BLKFRONT_DEPTH || !b->slots[id].req) {
				uk_pr_err("%s: response for no request (id %llu)\n",
					  b->name, (unsigned long long)id);
				continue;
			}
			s = &b->slots[id];
			req = s->req;
			result = r->status == XEN_BLKIF_RSP_OKAY ? 0 :
				 r->status == XEN_BLKIF_RSP_EOPNOTSUPP ? -ENOTSUP :
				 -EIO;
			if (!result && req->op == UK_BLKREQ_READ)
				memcpy(req->buf, s->pages,
				       (__sz)req->nsectors * b->sector_size);
			s->req = NULL;
			s->next_free = b->free_slots;
			b->free_slots = s;
			uk_blkreq_finish(req, result);
			n++;
		}
	} while (xen_ring_final_check_responses(b->sring, b->rsp_cons));
	return n;
}

static void on_event(unsigned int port __unused, void *arg)
{
	struct blkfront *b = arg;

	if (b->intr_mode)
		drain(b);
}

static int queue_setup(struct uk_blkdev *bd, unsigned int qid,
		       const struct uk_blkdev_queue_conf *conf)
{
	struct blkfront *b = to_bf(bd);

	if (qid != 0 || (conf->intr && !b->intr_ok))
		return -EINVAL;
	b->intr_mode = conf->intr;
	return 0;
}

static int submit(struct uk_blkdev *bd, unsigned int qid,
		  struct uk_blkreq *req)
{
	struct blkfront *b = to_bf(bd);
	volatile struct xen_blkif_request *r;
	unsigned long flags;
	struct slot *s;
	__sz bytes = 0;
	int notify;

	if (qid != 0)
		return -EINVAL;
	if (req->op == UK_BLKREQ_DISCARD)
		return -ENOTSUP;
	flags = ukplat_lcpu_save_irqf();
	s = b->free_slots;
	if (!s || b->req_prod_pvt - b->rsp_cons >= b->ring_size) {
		ukplat_lcpu_restore_irqf(flags);
		return -ENOSPC;
	}
	b->free_slots = s->next_free;
	s->req = req;
	r = &b->ring[b->req_prod_pvt & (b->ring_size - 1)].req;
	r->id = s - b->slots;
	r->handle = b->handle;
	if (req->op == UK_BLKREQ_FLUSH) {
		r->operation = XEN_BLKIF_OP_FLUSH_DISKCACHE;
		r->nr_segments = 0;
		r->sector_number = 0;
	} else {
		bytes = (__sz)req->nsectors * b->sector_size;
		r->operation = req->op == UK_BLKREQ_WRITE ? XEN_BLKIF_OP_WRITE :
							    XEN_BLKIF_OP_READ;
		r->sector_number = req->sector * (b->sector_size / 512);
		r->nr_segments = (bytes + 4095) / 4096;
		for (unsigned int i = 0; i < r->nr_segments; i++) {
			__sz left = bytes - (__sz)i * 4096;

			r->seg[i].gref = s->gref[i];
			r->seg[i].first_sect = 0;
			r->seg[i].last_sect = (left >= 4096 ? 4096 : left) / 512 - 1;
		}
		if (req->op == UK_BLKREQ_WRITE)
			memcpy(s->pages, req->buf, bytes);
	}
	b->req_prod_pvt++;
	notify = xen_ring_push_requests(b->sring, b->req_prod_pvt);
	ukplat_lcpu_restore_irqf(flags);
	if (notify) {
		if (b->kick)
			b->kick(b->kick_arg);
		else
			xen_evtchn_send(b->port);
	}
	return 0;
}

static int poll(struct uk_blkdev *bd, unsigned int qid)
{
	struct blkfront *b = to_bf(bd);
	unsigned long flags;
	int n;

	if (qid != 0)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	n = drain(b);
	ukplat_lcpu_restore_irqf(flags);
	return n;
}

static const struct uk_blkdev_ops bf_ops = {
	.info_get = info_get,
	.queue_setup = queue_setup,
	.submit = submit,
	.poll = poll,
};

static int publish(struct xen_xs *xs __unused, __u32 tx, void *arg)
{
	struct blkfront *b = arg;
	int rc;

	rc = xen_xenbus_printf(&b->xb, tx, "ring-ref", "%u", b->ring_ref);
	if (!rc)
		rc = xen_xenbus_printf(&b->xb, tx, "event-channel", "%u",
				       b->port);
	if (!rc)
		rc = xen_xenbus_printf(&b->xb, tx, "protocol", "%s", PROTOCOL);
	return rc;
}

/* Grant the ring and the slots' pages to the back end. */
static int grant_all(struct blkfront *b, struct uk_alloc *a)
{
	int ref;

	b->sring = uk_palloc(a, 1);
	if (!b->sring)
		return -ENOMEM;
	memset((void *)b->sring, 0, 4096);
	xen_sring_init(b->sring);
	b->ring = (volatile union xen_blkif_entry *)((__u8 *)b->sring +
						     XEN_RING_HDR);
	b->ring_size = xen_ring_size(sizeof(union xen_blkif_entry));
	ref = xen_gnttab_grant_access(b->xb.backend_id,
				      xen_virt_to_frame((void *)b->sring), 0);
	if (ref < 0)
		return ref;
	b->ring_ref = ref;
	for (int i = 0; i < XEN_BLKFRONT_DEPTH; i++) {
		struct slot *s = &b->slots[i];

		s->pages = uk_palloc(a, XEN_BLKFRONT_SEGS);
		if (!s->pages)
			return -ENOMEM;
		for (int j = 0; j < XEN_BLKFRONT_SEGS; j++) {
			ref = xen_gnttab_grant_access(b->xb.backend_id,
						      xen_virt_to_frame(s->pages + j * 4096),
						      0);
			if (ref < 0)
				return ref;
			s->gref[j] = ref;
		}
		s->next_free = b->free_slots;
		b->free_slots = s;
	}
	return 0;
}

int xen_blkfront_add(struct xen_xs *xs, const char *nodename,
		     void (*kick)(void *arg), void *kick_arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct blkfront *b;
	unsigned long v;
	const char *id;
	int rc;
	long lrc;

	if (!a)
		return -ENOMEM;
	rc = xen_gnttab_init();
	if (rc < 0)
		return rc;
	b = uk_calloc(a, 1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	id = strrchr(nodename, '/');
	id = id ? id + 1 : nodename;
	snprintf(b->name, sizeof(b->name), "blkfront %s", id);
	b->handle = (__u16)strtoul(id, NULL, 10);
	b->kick = kick;
	b->kick_arg = kick_arg;
	rc = xen_xenbus_dev_init(&b->xb, xs, nodename);
	if (rc < 0)
		goto fail;
	rc = xen_xenbus_wait_backend(&b->xb, XEN_XENBUS_INITWAIT);
	if (rc < 0)
		goto fail;
	rc = grant_all(b, a);
	if (rc < 0) {
		uk_pr_err("%s: cannot grant the ring and buffers: %d\n",
			  b->name, rc);
		goto fail;
	}
	lrc = xen_evtchn_alloc_unbound(b->xb.backend_id, &b->port);
	if (lrc < 0) {
		uk_pr_err("%s: EVTCHNOP_alloc_unbound failed: %ld (%s)\n",
			  b->name, lrc, xen_strerror(lrc));
		rc = (int)lrc;
		goto fail;
	}
	if (!kick && xen_evtchn_init() == 0 &&
	    xen_evtchn_bind(b->port, on_event, b) == 0)
		b->intr_ok = 1;
	rc = xen_xs_transaction(xs, publish, b, 10);
	if (rc == 0)
		rc = xen_xenbus_switch_state(&b->xb, XEN_XENBUS_INITIALISED);
	if (rc < 0) {
		uk_pr_err("%s: cannot publish the ring in xenstore: %d\n",
			  b->name, rc);
		goto fail;
	}
	rc = xen_xenbus_wait_backend(&b->xb, XEN_XENBUS_CONNECTED);
	if (rc < 0)
		goto fail;
	if ((rc = xen_xenbus_backend_uint(&b->xb, "sector-size", 512, &v)) < 0)
		goto badkey;
	if (v < 512 || (v & (v - 1)) || v > 65536) {
		uk_pr_err("%s: bad sector-size %lu\n", b->name, v);
		rc = -EINVAL;
		goto fail;
	}
	b->sector_size = v;
	if ((rc = xen_xenbus_backend_uint(&b->xb, "sectors", 0, &v)) < 0)
		goto badkey;
	b->sectors = v;
	if ((rc = xen_xenbus_backend_uint(&b->xb, "info", 0, &v)) < 0)
		goto badkey;
	b->read_only = !!(v & XEN_VDISK_READONLY);
	if ((rc = xen_xenbus_backend_uint(&b->xb, "feature-flush-cache", 0,
					  &v)) < 0)
		goto badkey;
	b->flush = !!v;
	rc = xen_xenbus_switch_state(&b->xb, XEN_XENBUS_CONNECTED);
	if (rc < 0)
		goto fail;
	b->bd.ops = &bf_ops;
	b->bd.drv_name = "blkfront";
	rc = uk_blkdev_register(&b->bd);
	if (rc < 0)
		goto fail;
	uk_pr_info("%s: %s (domain %u), %llu sectors of %u bytes, %s%s, %s\n",
		   b->name, b->xb.backend, b->xb.backend_id,
		   (unsigned long long)b->sectors, b->sector_size,
		   b->read_only ? "read-only" : "read-write",
		   b->flush ? ", flush" : "",
		   b->intr_ok ? "event channel" : "polled");
	return rc;
badkey:
	uk_pr_err("%s: malformed key in %s: %d\n", b->name, b->xb.backend, rc);
fail:
	/* The grants and pages stay: the back end may have mapped them. */
	if (b->xb.nodename[0])
		xen_xenbus_switch_state(&b->xb, XEN_XENBUS_CLOSED);
	return rc;
}
