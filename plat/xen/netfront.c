/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netfront: a Xen virtual network interface (vif) behind <uk/netdev.h>,
 * one queue each way. Packets are copied through pages of the driver's
 * own, granted to the back end once at connection: a sent packet is
 * copied into a transmit page (and its netbuf freed at once); the back
 * end copies a received packet into a receive page, from which rx_burst
 * copies it into a buffer of the stack's. No scatter-gather, no offloads
 * (feature-no-csum-offload): a packet is at most one page.
 */
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <xen/netif.h>
#include <xen/ring.h>
#include <xen/xenbus.h>
#include <uk/alloc.h>
#include <uk/netdev.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define MTU 1500
#define FRAME_MAX (MTU + 14 + 4) /* Ethernet header, a VLAN tag */

UK_CTASSERT(sizeof(struct xen_netif_tx_request) == 12);
UK_CTASSERT(sizeof(struct xen_netif_rx_response) == 8);
UK_CTASSERT(sizeof(union xen_netif_tx_entry) == 12);
UK_CTASSERT(sizeof(union xen_netif_rx_entry) == 8);

struct netfront {
	struct uk_netdev nd;
	struct xen_xenbus_dev xb;
	volatile struct xen_sring_hdr *tx_sring, *rx_sring;
	volatile union xen_netif_tx_entry *tx;
	volatile union xen_netif_rx_entry *rx;
	unsigned int tx_size, rx_size;
	__u32 tx_prod, tx_cons, rx_prod, rx_cons;
	xen_grant_ref_t tx_ring_ref, rx_ring_ref;
	unsigned int port;
	/* Pages: transmit slots (free list by index), receive slots. */
	__u8 *tx_pages, *rx_pages;
	xen_grant_ref_t tx_gref[XEN_NETFRONT_TX], rx_gref[XEN_NETFRONT_RX];
	__u16 tx_free[XEN_NETFRONT_TX];
	unsigned int tx_nfree;
	uk_netdev_alloc_rxbufs_t alloc_rxbufs;
	void *alloc_arg;
	uk_netdev_rx_event_t event;
	void *event_arg;
	int intr_ok, intr_armed, started;
	int rx_skip; /* dropping the rest of a multi-page packet */
	void (*kick)(void *arg);
	void *kick_arg;
	char name[24];
};

#define to_nf(d) __containerof(d, struct netfront, nd)

int xen_parse_mac(const char *s, __u8 mac[6])
{
	for (int i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (int j = 0; j < 2; j++) {
			char c = *s++;

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= c - '0';
			else if (c >= 'a' && c <= 'f')
				v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				v |= c - 'A' + 10;
			else
				return -EINVAL;
		}
		if (*s != (i == 5 ? 0 : ':'))
			return -EINVAL;
		s++;
		mac[i] = (__u8)v;
	}
	return 0;
}

static void notify(struct netfront *n)
{
	if (n->kick)
		n->kick(n->kick_arg);
	else
		xen_evtchn_send(n->port);
}

static void info_get(struct uk_netdev *nd, struct uk_netdev_info *info)
{
	struct netfront *n = to_nf(nd);

	memset(info, 0, sizeof(*info));
	info->max_rxq = info->max_txq = 1;
	info->rx_buflen = FRAME_MAX;
	info->max_rxq_desc = XEN_NETFRONT_RX;
	info->max_txq_desc = XEN_NETFRONT_TX;
	info->features = n->intr_ok ? UK_NETDEV_F_RX_INTR : 0;
}

static int configure(struct uk_netdev *nd __unused,
		     const struct uk_netdev_conf *conf)
{
	return conf->nb_rxq == 1 && conf->nb_txq == 1 ? 0 : -EINVAL;
}

static int rxq_setup(struct uk_netdev *nd, unsigned int qid,
		     const struct uk_netdev_rxq_conf *conf)
{
	struct netfront *n = to_nf(nd);

	if (qid || !conf->alloc_rxbufs || (conf->event && !n->intr_ok))
		return -EINVAL;
	n->alloc_rxbufs = conf->alloc_rxbufs;
	n->alloc_arg = conf->alloc_arg;
	n->event = conf->event;
	n->event_arg = conf->event_arg;
	n->intr_armed = !!conf->event;
	return 0;
}

static int txq_setup(struct uk_netdev *nd __unused, unsigned int qid,
		     const struct uk_netdev_txq_conf *conf __unused)
{
	return qid ? -EINVAL : 0;
}

/* Give the back end receive page id again. */
static void post_rx(struct netfront *n, __u16 id)
{
	volatile struct xen_netif_rx_request *r =
		&n->rx[n->rx_prod++ & (n->rx_size - 1)].req;

	r->id = id;
	r->gref = n->rx_gref[id];
}

static int start(struct uk_netdev *nd)
{
	struct netfront *n = to_nf(nd);

	if (!n->started) {
		n->started = 1;
		for (__u16 i = 0; i < XEN_NETFRONT_RX; i++)
			post_rx(n, i);
		if (xen_ring_push_requests(n->rx_sring, n->rx_prod))
			notify(n);
	}
	return 0;
}

static int rx_burst(struct uk_netdev *nd, unsigned int qid,
		    struct uk_netbuf **pkts, unsigned int max)
{
	struct netfront *n = to_nf(nd);
	unsigned int got = 0;
	unsigned long flags;
	int posted = 0;

	if (qid || !n->started)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	do {
		__u32 prod = n->rx_sring->rsp_prod;

		rmb();
		while (n->rx_cons != prod && got < max) {
			volatile struct xen_netif_rx_response *r =
				&n->rx[n->rx_cons++ & (n->rx_size - 1)].rsp;
			__u16 id = r->id, off = r->offset, fl = r->flags;
			__s16 st = r->status;
			struct uk_netbuf *nb = NULL;

			if (id >= XEN_NETFRONT_RX) {
				uk_pr_err("%s: rx response for no page (id %u)\n",
					  n->name, id);
				n->nd.stats.rx_dropped++;
				continue;
			}
			/* A packet in several pages (never asked for: no
			 * feature-sg) is dropped whole. */
			if (n->rx_skip || (fl & XEN_NETRXF_MORE_DATA)) {
				n->rx_skip = !!(fl & XEN_NETRXF_MORE_DATA);
				n->nd.stats.rx_dropped++;
			} else if (st <= 0 || off + st > 4096 ||
			    (fl & XEN_NETRXF_EXTRA_INFO) ||
			    n->alloc_rxbufs(n->alloc_arg, &nb, 1) != 1 ||
			    uk_netbuf_tailroom(nb) + nb->len < (__u32)st) {
				if (nb)
					uk_netbuf_free(nb);
				n->nd.stats.rx_dropped++;
			} else {
				memcpy(nb->data, n->rx_pages + id * 4096 + off, st);
				nb->len = st;
				nb->next = NULL;
				nb->flags = (fl & XEN_NETRXF_DATA_VALIDATED) ?
					    UK_NETBUF_F_CSUM_VALID : 0;
				pkts[got++] = nb;
				n->nd.stats.rx_packets++;
				n->nd.stats.rx_bytes += st;
			}
			post_rx(n, id);
			posted = 1;
		}
		if (got == max)
			break;
		/* Short: ask for an event at the next packet, re-arm. */
		n->intr_armed = !!n->event;
	} while (xen_ring_final_check_responses(n->rx_sring, n->rx_cons));
	if (posted && xen_ring_push_requests(n->rx_sring, n->rx_prod))
		notify(n);
	ukplat_lcpu_restore_irqf(flags);
	return (int)got;
}

/* Take back the transmit pages the back end is done with. */
static void tx_reclaim(struct netfront *n)
{
	do {
		__u32 prod = n->tx_sring->rsp_prod;

		rmb();
		while (n->tx_cons != prod) {
			volatile struct xen_netif_tx_response *r =
				&n->tx[n->tx_cons++ & (n->tx_size - 1)].rsp;
			__u16 id = r->id;

			if (r->status == XEN_NETIF_RSP_NULL)
				continue;
			if (id >= XEN_NETFRONT_TX)
				continue;
			if (r->status != XEN_NETIF_RSP_OKAY)
				n->nd.stats.tx_errors++;
			n->tx_free[n->tx_nfree++] = id;
		}
	} while (xen_ring_final_check_responses(n->tx_sring, n->tx_cons));
}

static int tx_burst(struct uk_netdev *nd, unsigned int qid,
		    struct uk_netbuf **pkts, unsigned int cnt)
{
	struct netfront *n = to_nf(nd);
	unsigned long flags;
	unsigned int i;
	int sent = 0;

	if (qid || !n->started)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	tx_reclaim(n);
	for (i = 0; i < cnt; i++) {
		struct uk_netbuf *nb = pkts[i], *seg;
		__u32 len = uk_netbuf_pktlen(nb), at = 0;
		volatile struct xen_netif_tx_request *r;
		__u16 id;

		if (len > 4096 || len < 14) {
			n->nd.stats.tx_errors++;
			uk_netbuf_free(nb);
			continue;
		}
		if (!n->tx_nfree || n->tx_prod - n->tx_cons >= n->tx_size)
			break;
		id = n->tx_free[--n->tx_nfree];
		for (seg = nb; seg; seg = seg->next) {
			memcpy(n->tx_pages + id * 4096 + at, seg->data, seg->len);
			at += seg->len;
		}
		r = &n->tx[n->tx_prod++ & (n->tx_size - 1)].req;
		r->gref = n->tx_gref[id];
		r->offset = 0;
		r->flags = 0;
		r->id = id;
		r->size = len;
		n->nd.stats.tx_packets++;
		n->nd.stats.tx_bytes += len;
		uk_netbuf_free(nb);
		sent = 1;
	}
	if (sent && xen_ring_push_requests(n->tx_sring, n->tx_prod))
		notify(n);
	ukplat_lcpu_restore_irqf(flags);
	return (int)i;
}

static int rxq_intr_enable(struct uk_netdev *nd, unsigned int qid)
{
	struct netfront *n = to_nf(nd);

	if (qid || !n->event)
		return -EINVAL;
	n->intr_armed = 1;
	return 0;
}

static int rxq_intr_disable(struct uk_netdev *nd, unsigned int qid)
{
	struct netfront *n = to_nf(nd);

	if (qid)
		return -EINVAL;
	n->intr_armed = 0;
	return 0;
}

static void on_event(unsigned int port __unused, void *arg)
{
	struct netfront *n = arg;

	if (n->intr_armed && n->event &&
	    n->rx_sring->rsp_prod != n->rx_cons) {
		n->intr_armed = 0;
		n->nd.stats.rx_irqs++;
		n->event(&n->nd, 0, n->event_arg);
	}
}

static const struct uk_netdev_ops nf_ops = {
	.info_get = info_get,
	.configure = configure,
	.rxq_setup = rxq_setup,
	.txq_setup = txq_setup,
	.start = start,
	.rx_burst = rx_burst,
	.tx_burst = tx_burst,
	.rxq_intr_enable = rxq_intr_enable,
	.rxq_intr_disable = rxq_intr_disable,
};

static int grant_ring(struct netfront *n, struct uk_alloc *a,
		      volatile struct xen_sring_hdr **sring,
		      xen_grant_ref_t *ref)
{
	int r;

	*sring = uk_palloc(a, 1);
	if (!*sring)
		return -ENOMEM;
	memset((void *)*sring, 0, 4096);
	xen_sring_init(*sring);
	r = xen_gnttab_grant_access(n->xb.backend_id,
				    xen_virt_to_frame((void *)*sring), 0);
	if (r < 0)
		return r;
	*ref = r;
	return 0;
}

static int grant_all(struct netfront *n, struct uk_alloc *a)
{
	int rc, r;

	if ((rc = grant_ring(n, a, &n->tx_sring, &n->tx_ring_ref)) < 0 ||
	    (rc = grant_ring(n, a, &n->rx_sring, &n->rx_ring_ref)) < 0)
		return rc;
	n->tx = (volatile union xen_netif_tx_entry *)((__u8 *)n->tx_sring +
						      XEN_RING_HDR);
	n->rx = (volatile union xen_netif_rx_entry *)((__u8 *)n->rx_sring +
						      XEN_RING_HDR);
	n->tx_size = xen_ring_size(sizeof(union xen_netif_tx_entry));
	n->rx_size = xen_ring_size(sizeof(union xen_netif_rx_entry));
	n->tx_pages = uk_palloc(a, XEN_NETFRONT_TX);
	n->rx_pages = uk_palloc(a, XEN_NETFRONT_RX);
	if (!n->tx_pages || !n->rx_pages)
		return -ENOMEM;
	for (int i = 0; i < XEN_NETFRONT_TX; i++) {
		/* Read-only: the back end only reads what we send. */
		r = xen_gnttab_grant_access(n->xb.backend_id,
					    xen_virt_to_frame(n->tx_pages + i * 4096),
					    1);
		if (r < 0)
			return r;
		n->tx_gref[i] = r;
		n->tx_free[n->tx_nfree++] = XEN_NETFRONT_TX - 1 - i;
	}
	for (int i = 0; i < XEN_NETFRONT_RX; i++) {
		r = xen_gnttab_grant_access(n->xb.backend_id,
					    xen_virt_to_frame(n->rx_pages + i * 4096),
					    0);
		if (r < 0)
			return r;
		n->rx_gref[i] = r;
	}
	return 0;
}

static int publish(struct xen_xs *xs __unused, __u32 tx, void *arg)
{
	struct netfront *n = arg;
	struct xen_xenbus_dev *d = &n->xb;
	int rc;

	if ((rc = xen_xenbus_printf(d, tx, "tx-ring-ref", "%u", n->tx_ring_ref)) ||
	    (rc = xen_xenbus_printf(d, tx, "rx-ring-ref", "%u", n->rx_ring_ref)) ||
	    (rc = xen_xenbus_printf(d, tx, "event-channel", "%u", n->port)) ||
	    (rc = xen_xenbus_printf(d, tx, "request-rx-copy", "1")) ||
	    (rc = xen_xenbus_printf(d, tx, "feature-rx-notify", "1")) ||
	    (rc = xen_xenbus_printf(d, tx, "feature-no-csum-offload", "1")))
		return rc;
	return 0;
}

static int read_mac(struct netfront *n)
{
	char path[XEN_XENBUS_PATH_MAX + 8], buf[32];
	int rc;

	snprintf(path, sizeof(path), "%s/mac", n->xb.nodename);
	rc = xen_xs_read(n->xb.xs, 0, path, buf, sizeof(buf));
	if (rc == -ENOENT)
		rc = xen_xenbus_read_backend(&n->xb, "mac", buf, sizeof(buf));
	if (rc < 0) {
		uk_pr_err("%s: no MAC address (mac): %d\n", n->name, rc);
		return rc;
	}
	if (xen_parse_mac(buf, n->nd.hwaddr) < 0) {
		uk_pr_err("%s: malformed MAC address \"%s\"\n", n->name, buf);
		return -EINVAL;
	}
	return 0;
}

int xen_netfront_add(struct xen_xs *xs, const char *nodename,
		     void (*kick)(void *arg), void *kick_arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct netfront *n;
	const char *id;
	long lrc;
	int rc;

	if (!a)
		return -ENOMEM;
	rc = xen_gnttab_init();
	if (rc < 0)
		return rc;
	n = uk_calloc(a, 1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	id = strrchr(nodename, '/');
	snprintf(n->name, sizeof(n->name), "netfront %s", id ? id + 1 : nodename);
	n->kick = kick;
	n->kick_arg = kick_arg;
	if ((rc = xen_xenbus_dev_init(&n->xb, xs, nodename)) < 0 ||
	    (rc = read_mac(n)) < 0 ||
	    (rc = xen_xenbus_wait_backend(&n->xb, XEN_XENBUS_INITWAIT)) < 0)
		goto fail;
	rc = grant_all(n, a);
	if (rc < 0) {
		uk_pr_err("%s: cannot grant the rings and buffers: %d\n",
			  n->name, rc);
		goto fail;
	}
	lrc = xen_evtchn_alloc_unbound(n->xb.backend_id, &n->port);
	if (lrc < 0) {
		uk_pr_err("%s: EVTCHNOP_alloc_unbound failed: %ld (%s)\n",
			  n->name, lrc, xen_strerror(lrc));
		rc = (int)lrc;
		goto fail;
	}
	if (!kick && xen_evtchn_init() == 0 &&
	    xen_evtchn_bind(n->port, on_event, n) == 0)
		n->intr_ok = 1;
	rc = xen_xs_transaction(xs, publish, n, 10);
	if (rc == 0)
		rc = xen_xenbus_switch_state(&n->xb, XEN_XENBUS_CONNECTED);
	if (rc < 0) {
		uk_pr_err("%s: cannot publish the rings in xenstore: %d\n",
			  n->name, rc);
		goto fail;
	}
	rc = xen_xenbus_wait_backend(&n->xb, XEN_XENBUS_CONNECTED);
	if (rc < 0)
		goto fail;
	n->nd.ops = &nf_ops;
	n->nd.drv_name = "netfront";
	n->nd.mtu = MTU;
	rc = uk_netdev_register(&n->nd);
	if (rc < 0)
		goto fail;
	uk_pr_info("%s: %s (domain %u), mac %02x:%02x:%02x:%02x:%02x:%02x, %s\n",
		   n->name, n->xb.backend, n->xb.backend_id, n->nd.hwaddr[0],
		   n->nd.hwaddr[1], n->nd.hwaddr[2], n->nd.hwaddr[3],
		   n->nd.hwaddr[4], n->nd.hwaddr[5],
		   n->intr_ok ? "event channel" : "polled");
	return rc;
fail:
	/* The grants and pages stay: the back end may have mapped them. */
	if (n->xb.nodename[0])
		xen_xenbus_switch_state(&n->xb, XEN_XENBUS_CLOSED);
	return rc;
}
