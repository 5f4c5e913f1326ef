/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.x, 5.1) behind <uk/netdev.h>: queue 0 receives,
 * queue 1 transmits. Every buffer carries the virtio-net header in
 * front of its data, in the netbuf's headroom: 12 bytes for modern
 * devices or with mergeable receive buffers, 10 for legacy devices
 * without. Receive buffers are one descriptor each; transmitted packets
 * one descriptor per segment. The transmit queue never interrupts: its
 * finished packets are freed at the next tx_burst.
 */
#include <uk/virtio/virtio.h>
#include <uk/netdev.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* Feature bits (5.1.3). */
#define NET_F_CSUM 0
#define NET_F_GUEST_CSUM 1
#define NET_F_MTU 3
#define NET_F_MAC 5
#define NET_F_MRG_RXBUF 15
#define NET_F_STATUS 16

/* Configuration (5.1.4). */
#define CFG_MAC 0
#define CFG_STATUS 6
#define CFG_MTU 10
#define NET_S_LINK_UP 1

/* Header flags (5.1.6). */
#define HDR_F_NEEDS_CSUM 1
#define HDR_F_DATA_VALID 2

struct net_hdr {
	__u8 flags;
	__u8 gso_type;
	__u16 hdr_len;
	__u16 gso_size;
	__u16 csum_start;
	__u16 csum_offset;
	__u16 num_buffers; /* modern, or with MRG_RXBUF */
};

#define RXQ 0
#define TXQ 1
#define ETH_OVERHEAD 18 /* Ethernet header and one VLAN tag */
#define MAX_SEGS 16
#define REFILL_BATCH 32

struct vnet {
	struct uk_netdev nd;
	struct virtio_dev *vdev;
	struct virtq *rxq, *txq;
	__u16 hdrlen;
	int have_irq;
	int started;
	/* Receive side, as rxq_setup set it. */
	int rx_ready;
	unsigned int rx_target; /* buffers to keep in the ring */
	unsigned int rx_inring;
	uk_netdev_alloc_rxbufs_t alloc_rxbufs;
	void *alloc_arg;
	uk_netdev_rx_event_t event;
	void *event_arg;
	int intr_mode; /* events wanted (event set and not switched off) */
	volatile int armed; /* an interrupt may call event */
	int tx_ready;
	int warned_headroom;
};

static struct vnet *to_vnet(struct uk_netdev *nd)
{
	return __containerof(nd, struct vnet, nd);
}

static void info_get(struct uk_netdev *nd, struct uk_netdev_info *info)
{
	struct vnet *v = to_vnet(nd);
	struct virtio_dev *vdev = v->vdev;

	info->max_rxq = 1;
	info->max_txq = 1;
	info->rx_headroom = v->hdrlen;
	info->tx_headroom = v->hdrlen;
	info->rx_buflen = (__u32)nd->mtu + ETH_OVERHEAD;
	info->max_rxq_desc = v->rxq->num;
	info->max_txq_desc = v->txq->num;
	info->features = v->have_irq ? UK_NETDEV_F_RX_INTR : 0;
	if (virtio_has(vdev, NET_F_CSUM))
		info->features |= UK_NETDEV_F_TX_CSUM;
	if (virtio_has(vdev, NET_F_GUEST_CSUM))
		info->features |= UK_NETDEV_F_RX_CSUM;
	if (virtio_has(vdev, NET_F_MRG_RXBUF))
		info->features |= UK_NETDEV_F_MRG_RXBUF;
}

static int configure(struct uk_netdev *nd __unused,
		     const struct uk_netdev_conf *conf)
{
	return conf->nb_rxq == 1 && conf->nb_txq == 1 ? 0 : -EINVAL;
}

/* Offer one receive buffer: header and data in one device-written
 * descriptor. 0, or -1 if the buffer cannot be used (it is freed). */
static int rx_offer(struct vnet *v, struct uk_netbuf *nb)
{
	struct virtq_seg seg;
	__u32 room;

	if (uk_netbuf_headroom(nb) < v->hdrlen) {
		if (!v->warned_headroom++)
			uk_pr_err("virtio-net%u: receive buffers need %u bytes of headroom\n",
				  v->nd.id, v->hdrlen);
		uk_netbuf_free(nb);
		return -1;
	}
	room = uk_netbuf_tailroom(nb) + nb->len + v->hdrlen;
	seg.addr = (char *)nb->data - v->hdrlen;
	seg.len = room;
	nb->len = 0;
	if (virtq_add(v->rxq, &seg, 0, 1, nb) < 0) {
		uk_netbuf_free(nb);
		return -1;
	}
	v->rx_inring++;
	return 0;
}

/* Top the receive ring up from the stack's buffers; tell the device. */
static void rx_refill(struct vnet *v)
{
	struct uk_netbuf *bufs[REFILL_BATCH];
	int added = 0;

	while (v->rx_inring < v->rx_target) {
		unsigned int want = MIN(v->rx_target - v->rx_inring,
					(unsigned int)REFILL_BATCH);
		unsigned int got = v->alloc_rxbufs(v->alloc_arg, bufs, want);

		for (unsigned int i = 0; i < got; i++)
			added |= rx_offer(v, bufs[i]) == 0;
		if (got < want)
			break;
	}
	if (added && v->started)
		virtio_vq_kick(v->vdev, v->rxq);
}

static int rxq_setup(struct uk_netdev *nd, unsigned int qid,
		     const struct uk_netdev_rxq_conf *conf)
{
	struct vnet *v = to_vnet(nd);

	if (qid != 0 || (conf->event && !v->have_irq))
		return -EINVAL;
	v->alloc_rxbufs = conf->alloc_rxbufs;
	v->alloc_arg = conf->alloc_arg;
	v->event = conf->event;
	v->event_arg = conf->event_arg;
	v->rx_target = conf->ndesc && conf->ndesc < v->rxq->num
			       ? conf->ndesc
			       : v->rxq->num;
	v->intr_mode = conf->event != NULL;
	v->armed = 0;
	virtq_disable_cb(v->rxq);
	v->rx_ready = 1;
	rx_refill(v);
	return 0;
}

static int txq_setup(struct uk_netdev *nd, unsigned int qid,
		     const struct uk_netdev_txq_conf *conf __unused)
{
	struct vnet *v = to_vnet(nd);

	if (qid != 0)
		return -EINVAL;
	virtq_disable_cb(v->txq);
	v->tx_ready = 1;
	return 0;
}

/* Interrupts for queue 0 on: 1 if packets are already waiting. */
static int rx_arm(struct vnet *v)
{
	v->armed = 1;
	if (!virtq_enable_cb(v->rxq))
		return 0;
	v->armed = 0;
	virtq_disable_cb(v->rxq);
	return 1;
}

static int start(struct uk_netdev *nd)
{
	struct vnet *v = to_vnet(nd);

	if (!v->rx_ready || !v->tx_ready)
		return -EINVAL;
	if (!v->started) {
		if (virtio_driver_ok(v->vdev) < 0)
			return -EIO;
		v->started = 1;
	}
	rx_refill(v);
	virtio_vq_kick(v->vdev, v->rxq);
	if (v->intr_mode && rx_arm(v))
		v->event(nd, 0, v->event_arg);
	return 0;
}

static void stop(struct uk_netdev *nd)
{
	struct vnet *v = to_vnet(nd);

	/* The device keeps its buffers; only the events stop. */
	v->armed = 0;
	virtq_disable_cb(v->rxq);
}

static int sw_csum(struct uk_netbuf *nb);

/*
 * The header's receive flags as netbuf flags. A packet with a partial
 * checksum comes from the host itself (a tap's local traffic) and was
 * never on a wire: its checksum is completed here, since a stack that
 * checks every packet (lwip) would otherwise drop it.
 */
static __u16 rx_flags(const struct net_hdr *h, struct uk_netbuf *nb)
{
	if (h->flags & HDR_F_NEEDS_CSUM) {
		nb->csum_start = h->csum_start;
		nb->csum_offset = h->csum_offset;
		return sw_csum(nb) == 0 ? UK_NETBUF_F_CSUM_VALID : 0;
	}
	return h->flags & HDR_F_DATA_VALID ? UK_NETBUF_F_CSUM_VALID : 0;
}

/* The next received packet, or NULL; *dropped counts bad ones. */
static struct uk_netbuf *rx_one(struct vnet *v)
{
	struct uk_netbuf *nb, *last;
	struct net_hdr hdr = { 0 };
	unsigned int nbufs = 1;
	__u32 len;

	for (;;) {
		nb = virtq_get(v->rxq, &len);
		if (!nb)
			return NULL;
		v->rx_inring--;
		if (len >= v->hdrlen)
			break;
		v->nd.stats.rx_dropped++;
		uk_netbuf_free(nb);
	}
	memcpy(&hdr, (char *)nb->data - v->hdrlen, v->hdrlen);
	nb->len = len - v->hdrlen;
	nb->flags = 0;
	nb->next = NULL;
	if (virtio_has(v->vdev, NET_F_MRG_RXBUF))
		nbufs = hdr.num_buffers ? hdr.num_buffers : 1;
	/* The rest of a merged packet: data from the buffer's start. */
	for (last = nb; --nbufs;) {
		struct uk_netbuf *seg = virtq_get(v->rxq, &len);

		if (!seg) {
			v->nd.stats.rx_dropped++;
			uk_netbuf_free(nb);
			return rx_one(v);
		}
		v->rx_inring--;
		seg->data = (char *)seg->data - v->hdrlen;
		seg->len = len;
		seg->next = NULL;
		last->next = seg;
		last = seg;
	}
	if (virtio_has(v->vdev, NET_F_GUEST_CSUM))
		nb->flags = rx_flags(&hdr, nb);
	v->nd.stats.rx_packets++;
	v->nd.stats.rx_bytes += uk_netbuf_pktlen(nb);
	return nb;
}

static int rx_burst(struct uk_netdev *nd, unsigned int qid,
		    struct uk_netbuf **pkts, unsigned int n)
{
	struct vnet *v = to_vnet(nd);
	unsigned int got = 0;

	if (qid != 0 || !v->started)
		return -EINVAL;
	for (;;) {
		struct uk_netbuf *nb = NULL;

		while (got < n && (nb = rx_one(v)))
			pkts[got++] = nb;
		rx_refill(v);
		if (got == n || !v->intr_mode)
			break;
		/* Leaving the queue empty: ask for an interrupt, and look
		 * again for packets that came before the request was out. */
		if (!rx_arm(v))
			break;
	}
	return (int)got;
}

/* Fill in a checksum the device would have (no CSUM feature). */
static int sw_csum(struct uk_netbuf *nb)
{
	__u32 sum = 0, end = nb->len, at = nb->csum_start;
	__u8 *p = nb->data;
	__u16 c;

	if (nb->next || (__u32)nb->csum_start + nb->csum_offset + 2 > end)
		return -1;
	for (; at + 1 < end; at += 2)
		sum += (__u32)p[at] << 8 | p[at + 1];
	if (at < end)
		sum += (__u32)p[at] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = (__u16)~sum;
	p[nb->csum_start + nb->csum_offset] = (__u8)(c >> 8);
	p[nb->csum_start + nb->csum_offset + 1] = (__u8)c;
	return 0;
}

/* Queue one packet: 0, -ENOSPC (ring full: keep it), -EINVAL (bad). */
static int tx_one(struct vnet *v, struct uk_netbuf *pkt)
{
	struct virtq_seg segs[MAX_SEGS];
	struct net_hdr *h;
	unsigned int n = 0;

	for (struct uk_netbuf *s = pkt; s; s = s->next)
		if (++n > MAX_SEGS)
			return -EINVAL;
	if (n > v->txq->nfree)
		return -ENOSPC;
	if (uk_netbuf_headroom(pkt) < v->hdrlen)
		return -EINVAL;
	if ((pkt->flags & UK_NETBUF_F_CSUM_PARTIAL) &&
	    !virtio_has(v->vdev, NET_F_CSUM) && sw_csum(pkt) < 0)
		return -EINVAL;
	h = (struct net_hdr *)((char *)pkt->data - v->hdrlen);
	memset(h, 0, v->hdrlen);
	if ((pkt->flags & UK_NETBUF_F_CSUM_PARTIAL) &&
	    virtio_has(v->vdev, NET_F_CSUM)) {
		h->flags = HDR_F_NEEDS_CSUM;
		h->csum_start = pkt->csum_start;
		h->csum_offset = pkt->csum_offset;
	}
	segs[0].addr = h;
	segs[0].len = pkt->len + v->hdrlen;
	n = 1;
	for (struct uk_netbuf *s = pkt->next; s; s = s->next, n++) {
		segs[n].addr = s->data;
		segs[n].len = s->len;
	}
	return virtq_add(v->txq, segs, n, 0, pkt);
}

static int tx_burst(struct uk_netdev *nd, unsigned int qid,
		    struct uk_netbuf **pkts, unsigned int n)
{
	struct vnet *v = to_vnet(nd);
	struct uk_netbuf *done;
	unsigned int sent = 0;

	if (qid != 0 || !v->started)
		return -EINVAL;
	while ((done = virtq_get(v->txq, NULL)))
		uk_netbuf_free(done);
	for (; sent < n; sent++) {
		__u32 bytes = uk_netbuf_pktlen(pkts[sent]);
		int rc = tx_one(v, pkts[sent]);

		if (rc == -ENOSPC)
			break;
		if (rc < 0) {
			/* Taken, and dropped: it can never be sent. */
			nd->stats.tx_errors++;
			uk_netbuf_free(pkts[sent]);
			continue;
		}
		nd->stats.tx_packets++;
		nd->stats.tx_bytes += bytes;
	}
	virtio_vq_kick(v->vdev, v->txq);
	return (int)sent;
}

static int rxq_intr_enable(struct uk_netdev *nd, unsigned int qid)
{
	struct vnet *v = to_vnet(nd);

	if (qid != 0 || !v->event)
		return -EINVAL;
	v->intr_mode = 1;
	if (v->started && rx_arm(v))
		v->event(nd, 0, v->event_arg);
	return 0;
}

static int rxq_intr_disable(struct uk_netdev *nd, unsigned int qid)
{
	struct vnet *v = to_vnet(nd);

	if (qid != 0)
		return -EINVAL;
	v->intr_mode = 0;
	v->armed = 0;
	virtq_disable_cb(v->rxq);
	return 0;
}

static int link_up(struct uk_netdev *nd)
{
	struct vnet *v = to_vnet(nd);
	__u16 status;

	if (!virtio_has(v->vdev, NET_F_STATUS))
		return 1;
	virtio_config_read(v->vdev, CFG_STATUS, &status, sizeof(status));
	return !!(status & NET_S_LINK_UP);
}

static int irq_handler(void *arg)
{
	struct vnet *v = arg;
	__u8 isr = virtio_isr_ack(v->vdev);

	if (!isr)
		return 0; /* another device on a shared line */
	if ((isr & VIRTIO_ISR_QUEUE) && v->armed &&
	    virtq_has_used(v->rxq)) {
		v->armed = 0;
		virtq_disable_cb(v->rxq);
		v->nd.stats.rx_irqs++;
		v->event(&v->nd, 0, v->event_arg);
	}
	return 1;
}

static const struct uk_netdev_ops vnet_ops = {
	.info_get = info_get,
	.configure = configure,
	.rxq_setup = rxq_setup,
	.txq_setup = txq_setup,
	.start = start,
	.stop = stop,
	.rx_burst = rx_burst,
	.tx_burst = tx_burst,
	.rxq_intr_enable = rxq_intr_enable,
	.rxq_intr_disable = rxq_intr_disable,
	.link_up = link_up,
};

static const struct virtio_feature_name feature_names[] = {
	{ NET_F_MAC, "mac" },
	{ NET_F_MTU, "mtu" },
	{ NET_F_STATUS, "status" },
	{ NET_F_MRG_RXBUF, "mrg_rxbuf" },
	{ NET_F_CSUM, "csum" },
	{ NET_F_GUEST_CSUM, "guest_csum" },
	{ VIRTIO_RING_F_EVENT_IDX, "event_idx" },
	{ VIRTIO_F_VERSION_1, "version_1" },
};

static void announce(struct vnet *v)
{
	char list[128];
	const __u8 *m = v->nd.hwaddr;

	uk_pr_info("virtio-net: %s (%s), MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u, %s, features %s\n",
		   v->vdev->where, v->vdev->transport, m[0], m[1], m[2], m[3],
		   m[4], m[5], v->nd.mtu, VIRTIO_IRQ_MODE(v->have_irq),
		   virtio_feature_list(v->vdev, feature_names,
				       ARRAY_SIZE(feature_names), list,
				       sizeof(list)));
}

static unsigned int ndevices;

static int add(struct virtio_dev *vdev)
{
	const __u64 wanted = VIRTIO_BIT(NET_F_MAC) | VIRTIO_BIT(NET_F_MTU) |
			     VIRTIO_BIT(NET_F_STATUS) |
			     VIRTIO_BIT(NET_F_MRG_RXBUF) |
			     VIRTIO_BIT(NET_F_CSUM) |
			     VIRTIO_BIT(NET_F_GUEST_CSUM) |
			     VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX);
	struct vnet *v = uk_calloc(uk_alloc_get_default(), 1, sizeof(*v));
	int rc;

	if (!v)
		return -ENOMEM;
	v->vdev = vdev;
	rc = virtio_negotiate(vdev, wanted);
	if (rc < 0) {
		uk_free(uk_alloc_get_default(), v);
		return rc;
	}
	v->hdrlen = vdev->modern || virtio_has(vdev, NET_F_MRG_RXBUF) ? 12 : 10;
	v->rxq = virtio_vq_create(vdev, RXQ, 256, &rc);
	if (v->rxq)
		v->txq = virtio_vq_create(vdev, TXQ, 256, &rc);
	if (!v->rxq || !v->txq) {
		/* The rings stay allocated: the device may know them. */
		virtio_fail(vdev);
		return rc;
	}
	if (virtio_has(vdev, NET_F_MAC)) {
		virtio_config_read(vdev, CFG_MAC, v->nd.hwaddr, 6);
	} else {
		/* Locally administered, unicast, one per device. */
		static const __u8 mac[6] = { 0x02, 0x00, 't', 's', 'r', 0 };

		memcpy(v->nd.hwaddr, mac, 6);
		v->nd.hwaddr[5] = (__u8)ndevices;
	}
	v->nd.mtu = 1500;
	if (virtio_has(vdev, NET_F_MTU))
		virtio_config_read(vdev, CFG_MTU, &v->nd.mtu,
				   sizeof(v->nd.mtu));
	v->have_irq = virtio_irq_register(vdev, irq_handler, v) == 0;
	v->nd.ops = &vnet_ops;
	v->nd.drv_name = "virtio-net";
	vdev->drv_priv = v;
	announce(v);
	ndevices++;
	rc = uk_netdev_register(&v->nd);
	return rc < 0 ? rc : 0;
}

static const struct virtio_driver vnet_driver = {
	.name = "virtio-net",
	.device_type = VIRTIO_ID_NET,
	.add = add,
};
UK_VIRTIO_DRIVER_REGISTER(&vnet_driver);
