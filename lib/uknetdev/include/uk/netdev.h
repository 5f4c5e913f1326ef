/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices. A driver (virtio-net, linuxu's tap) fills a struct
 * uk_netdev embedded in its own state and registers it at probe time; a
 * network stack (lwip's netif) finds devices by index and drives them:
 *
 *   dev = uk_netdev_get(0);
 *   uk_netdev_info_get(dev, &info);            queues, headroom, offloads
 *   uk_netdev_configure(dev, &(struct uk_netdev_conf){ 1, 1 });
 *   uk_netdev_rxq_setup(dev, 0, &rxconf);      buffer supply, rx event
 *   uk_netdev_txq_setup(dev, 0, &txconf);
 *   uk_netdev_start(dev);
 *   n = uk_netdev_rx_burst(dev, 0, pkts, 32);  received packets (owned)
 *   n = uk_netdev_tx_burst(dev, 0, pkts, k);   packets taken for sending
 *
 * Receive buffers come from the stack: the driver calls the queue's
 * alloc_rxbufs to fill its ring, at set-up and as it hands packets out.
 * Each buffer must have at least info.rx_headroom bytes of headroom and
 * room for info.rx_buflen bytes from data on; the driver may write its own
 * header into the headroom. A received packet arrives with data at the
 * Ethernet header; a packet larger than one buffer is a chain.
 *
 * Interrupt mode: a queue set up with an event callback has its
 * interrupt armed; when packets arrive the driver disarms it and calls
 * event(dev, qid, arg) once, in interrupt context (where the callback
 * may only wake someone). uk_netdev_rx_burst re-arms the interrupt when
 * it leaves the queue empty (it returned fewer than asked), so the
 * receiver loops "rx_burst until short, then wait for the event" and
 * never misses a packet. Without a callback the queue is polled.
 *
 * Transmission: a packet given to tx_burst must have info.tx_headroom
 * bytes of headroom (the driver's header goes there). The driver owns
 * the packets it accepted and frees them (uk_netbuf_free) when the device
 * has sent them; the rest stay with the caller (the ring is full).
 *
 * One thread at a time per queue: the driver takes no lock of its own
 * around a burst (the network stack serialises its calls).
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <uk/essentials.h>
#include <uk/netbuf.h>

#define UK_NETDEV_HWADDR_LEN 6

/* Driver features (uk_netdev_info.features). */
#define UK_NETDEV_F_RX_INTR 0x1 /* rx event callbacks (interrupt mode) */
#define UK_NETDEV_F_TX_CSUM 0x2 /* tx: honours UK_NETBUF_F_CSUM_PARTIAL */
#define UK_NETDEV_F_RX_CSUM 0x4 /* rx: may set UK_NETBUF_F_CSUM_VALID */
#define UK_NETDEV_F_MRG_RXBUF 0x8 /* rx: a large packet may be a chain */

struct uk_netdev;

struct uk_netdev_info {
	unsigned int max_rxq, max_txq; /* queues the device offers */
	__u16 rx_headroom; /* minimum headroom of receive buffers */
	__u16 tx_headroom; /* minimum headroom of packets to send */
	__u32 rx_buflen;   /* minimum bytes from data on in receive buffers */
	__u16 max_rxq_desc, max_txq_desc; /* ring sizes (0: no limit) */
	__u32 features;    /* UK_NETDEV_F_* */
};

struct uk_netdev_conf {
	unsigned int nb_rxq, nb_txq; /* queues to use (at least 1 each) */
};

/* Give up to n receive buffers in bufs; return how many were given. */
typedef unsigned int (*uk_netdev_alloc_rxbufs_t)(void *arg,
						 struct uk_netbuf **bufs,
						 unsigned int n);
/* Packets arrived on queue qid (interrupt context). */
typedef void (*uk_netdev_rx_event_t)(struct uk_netdev *dev, unsigned int qid,
				     void *arg);

struct uk_netdev_rxq_conf {
	unsigned int ndesc; /* ring entries, 0: the driver's default */
	uk_netdev_alloc_rxbufs_t alloc_rxbufs; /* required */
	void *alloc_arg;
	uk_netdev_rx_event_t event; /* NULL: poll mode */
	void *event_arg;
};

struct uk_netdev_txq_conf {
	unsigned int ndesc; /* ring entries, 0: the driver's default */
};

/* Counters the driver keeps (never reset). */
struct uk_netdev_stats {
	__u64 rx_packets, rx_bytes;
	__u64 rx_dropped; /* no buffer, or a malformed packet */
	__u64 tx_packets, tx_bytes;
	__u64 tx_errors;  /* the device refused the packet */
	__u64 rx_irqs;    /* rx events delivered */
};

struct uk_netdev_ops {
	void (*info_get)(struct uk_netdev *dev, struct uk_netdev_info *info);
	int (*configure)(struct uk_netdev *dev,
			 const struct uk_netdev_conf *conf);
	int (*rxq_setup)(struct uk_netdev *dev, unsigned int qid,
			 const struct uk_netdev_rxq_conf *conf);
	int (*txq_setup)(struct uk_netdev *dev, unsigned int qid,
			 const struct uk_netdev_txq_conf *conf);
	int (*start)(struct uk_netdev *dev);
	void (*stop)(struct uk_netdev *dev); /* optional */
	/* Semantics as uk_netdev_rx_burst / uk_netdev_tx_burst. */
	int (*rx_burst)(struct uk_netdev *dev, unsigned int qid,
			struct uk_netbuf **pkts, unsigned int n);
	int (*tx_burst)(struct uk_netdev *dev, unsigned int qid,
			struct uk_netbuf **pkts, unsigned int n);
	/* Switch a queue with an event callback to polling and back. */
	int (*rxq_intr_enable)(struct uk_netdev *dev, unsigned int qid);
	int (*rxq_intr_disable)(struct uk_netdev *dev, unsigned int qid);
	/* 1 link up, 0 down; optional (NULL: always up). */
	int (*link_up)(struct uk_netdev *dev);
};

enum uk_netdev_state {
	UK_NETDEV_UNCONFIGURED = 0,
	UK_NETDEV_CONFIGURED,
	UK_NETDEV_RUNNING,
	UK_NETDEV_STOPPED,
};

struct uk_netdev {
	/* Filled by the driver before uk_netdev_register. */
	const struct uk_netdev_ops *ops;
	const char *drv_name; /* "virtio-net", "tap" */
	__u8 hwaddr[UK_NETDEV_HWADDR_LEN];
	__u16 mtu; /* payload bytes of an Ethernet frame, e.g. 1500 */
	/* Kept by the driver. */
	struct uk_netdev_stats stats;
	/* Set by uknetdev. */
	unsigned int id;
	enum uk_netdev_state state;
	struct uk_netdev_conf conf;
};

/*
 * Add dev to the registry; dev->id becomes its index. Returns the index,
 * -EINVAL for a device without the required operations, -ENOSPC when
 * CONFIG_LIBUKNETDEV_MAXDEVS are registered. Boot or thread context.
 */
int uk_netdev_register(struct uk_netdev *dev);

/* Registered devices, and device i (NULL if none). Any context. */
unsigned int uk_netdev_count(void);
struct uk_netdev *uk_netdev_get(unsigned int i);

void uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info);

/*
 * Set up: configure (queue counts, within info), then every queue, then
 * start. Each returns 0 or a negative errno: -EINVAL for a bad argument
 * or a call out of order (naming nothing; the caller reports), -ENOMEM,
 * -EIO from the device.
 */
int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf);
int uk_netdev_rxq_setup(struct uk_netdev *dev, unsigned int qid,
			const struct uk_netdev_rxq_conf *conf);
int uk_netdev_txq_setup(struct uk_netdev *dev, unsigned int qid,
			const struct uk_netdev_txq_conf *conf);
int uk_netdev_start(struct uk_netdev *dev);
void uk_netdev_stop(struct uk_netdev *dev);

/*
 * Up to n received packets into pkts (the caller owns them); returns how
 * many, or a negative errno. Fewer than n: the queue is empty and its
 * interrupt, in interrupt mode, armed again. Refills the ring.
 */
static inline int uk_netdev_rx_burst(struct uk_netdev *dev, unsigned int qid,
				     struct uk_netbuf **pkts, unsigned int n)
{
	return dev->ops->rx_burst(dev, qid, pkts, n);
}

/*
 * Send up to n packets; returns how many the driver took (it frees
 * them), or a negative errno. Also frees packets the device finished;
 * n may be 0 (pkts NULL) to do only that.
 */
static inline int uk_netdev_tx_burst(struct uk_netdev *dev, unsigned int qid,
				     struct uk_netbuf **pkts, unsigned int n)
{
	return dev->ops->tx_burst(dev, qid, pkts, n);
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, unsigned int qid);
int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, unsigned int qid);

/* 1 if the link is up, 0 if not. */
int uk_netdev_link_up(struct uk_netdev *dev);

/*
 * Address configuration the user gave for device index (kernel
 * parameters netdev.ip=ADDR/PREFIX:GW:DNS0:DNS1:HOSTNAME:DOMAIN, one per
 * device in order, trailing fields optional; or the older
 * netdev.ipv4_addr=, netdev.ipv4_gw_addr=, netdev.ipv4_subnet_mask=, for
 * device 0). Addresses are IPv4, in network byte order; 0 where not
 * given. Parameters are checked at boot: a malformed one stops the boot
 * naming it.
 */
struct uk_netdev_ipconf {
	__u32 addr, netmask, gw, dns[2];
	unsigned int prefix;
	char hostname[64];
	char domain[64];
};

/* 0 and *conf filled; -ENOENT: nothing given (use DHCP). */
int uk_netdev_ipconf_get(unsigned int index, struct uk_netdev_ipconf *conf);

/*
 * Parse one netdev.ip value into *conf (0, or -EINVAL with a reason in
 * *why). Pure; exposed for tests and tools.
 */
int uk_netdev_ipconf_parse(const char *s, struct uk_netdev_ipconf *conf,
			   const char **why);

#endif
