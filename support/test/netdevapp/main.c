/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test application of support/test/suite_netdev.py: drives network
 * device 0 through <uk/netdev.h> alone, without a TCP/IP stack, against
 * QEMU's user networking (slirp: the guest is 10.0.2.15, the gateway
 * 10.0.2.2). It sends ARP requests for the gateway and takes the
 * replies, then ICMP echo requests (checksum left to the driver, as a
 * partial checksum) and takes the echo replies.
 *
 *   netdevapp poll|intr [ROUNDS [PORT]] [rxbuf=BYTES] [payload=BYTES]
 *
 * With PORT it then waits for a TCP SYN to that port (QEMU sends one when
 * a host program connects to a port forwarded with qemu-guest -p).
 * rxbuf= sizes the receive buffers (headroom included; default 2048:
 * smaller than a frame needs mergeable buffers), payload= the echo
 * requests' data (default 56). The largest reply's segments are counted.
 *
 * poll: rx_burst in a loop. intr: the queue has an event callback; after
 * sending, the app halts the CPU until the callback ran, and only then
 * calls rx_burst (so each reply counts at least one rx event), and again
 * whenever rx_burst comes back short without the reply.
 * Exit status 0 when every reply came, 1 when one did not, 2 without a
 * network device, 3 when setting the device up failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define HEADROOM 64
#define BUFSIZE 2048
#define NBUFS 128
#define BURST 16
#define WAIT_NS (10 * UKPLAT_NSEC_PER_SEC)

#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define MAX_PAYLOAD 1400

static const __u8 my_ip[4] = { 10, 0, 2, 15 };
static const __u8 gw_ip[4] = { 10, 0, 2, 2 };

static struct uk_netdev *dev;
static struct uk_netbuf_pool *pool, *rxpool;
static unsigned int rxbuf = BUFSIZE, payload = 56;
static unsigned int max_segs, max_len; /* of the replies */
static int intr_mode;
static volatile int events;
static __u8 gw_mac[6];

static unsigned int alloc_rxbufs(void *arg, struct uk_netbuf **bufs,
				 unsigned int n)
{
	return uk_netbuf_alloc_many(arg, bufs, n);
}

static void rx_event(struct uk_netdev *d __unused, unsigned int qid __unused,
		     void *arg __unused)
{
	events++;
}

static void put16(__u8 *p, __u16 v)
{
	p[0] = (__u8)(v >> 8);
	p[1] = (__u8)v;
}

static __u16 get16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

/* Ones' complement sum of len bytes, folded, not inverted. */
static __u16 sum16(const __u8 *p, unsigned int len)
{
	__u32 s = 0;

	for (unsigned int i = 0; i + 1 < len; i += 2)
		s += get16(p + i);
	if (len & 1)
		s += (__u32)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

static void eth_header(__u8 *f, const __u8 *dst, __u16 type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, dev->hwaddr, 6);
	put16(f + 12, type);
}

static int send_frame(struct uk_netbuf *nb)
{
	int rc;

	/* Events from here on are for what answers this frame. */
	events = 0;
	rc = uk_netdev_tx_burst(dev, 0, &nb, 1);

	if (rc != 1) {
		printf("netdevapp: tx_burst took %d packets of 1\n", rc);
		if (rc == 0)
			uk_netbuf_free(nb);
		return -1;
	}
	return 0;
}

static int send_arp_request(void)
{
	static const __u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct uk_netbuf *nb = uk_netbuf_alloc(pool);
	__u8 *f;

	if (!nb)
		return -1;
	f = nb->data;
	memset(f, 0, 60);
	eth_header(f, bcast, ETH_ARP);
	put16(f + 14, 1);      /* Ethernet */
	put16(f + 16, ETH_IP); /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, 1);      /* request */
	memcpy(f + 22, dev->hwaddr, 6);
	memcpy(f + 28, my_ip, 4);
	memcpy(f + 38, gw_ip, 4);
	nb->len = 60;
	return send_frame(nb);
}

static int send_echo(__u16 seq)
{
	struct uk_netbuf *nb = uk_netbuf_alloc(pool);
	__u8 *f, *ip, *icmp;

	if (!nb)
		return -1;
	f = nb->data;
	ip = f + 14;
	icmp = ip + 20;
	eth_header(f, gw_mac, ETH_IP);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (__u16)(20 + 8 + payload));
	put16(ip + 4, seq);
	ip[8] = 64;
	ip[9] = 1; /* ICMP */
	memcpy(ip + 12, my_ip, 4);
	memcpy(ip + 16, gw_ip, 4);
	put16(ip + 10, (__u16)~sum16(ip, 20));
	icmp[0] = 8; /* echo request */
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, 0x7e55);
	put16(icmp + 6, seq);
	for (unsigned int i = 0; i < payload; i++)
		icmp[8 + i] = (__u8)(seq + i);
	nb->len = 14 + 20 + 8 + payload;
	/* ICMP has no pseudo-header: the partial sum is 0; the driver (or
	 * the device) computes the checksum. */
	nb->flags = UK_NETBUF_F_CSUM_PARTIAL;
	nb->csum_start = 14 + 20;
	nb->csum_offset = 2;
	return send_frame(nb);
}

#define WAIT_ARP 1
#define WAIT_ECHO 0
#define WAIT_SYN 2

/* Is f (len bytes) a TCP SYN to port? */
static int is_syn(const __u8 *f, __u32 len, __u16 port)
{
	const __u8 *tcp;

	if (get16(f + 12) != ETH_IP || f[14 + 9] != 6)
		return 0;
	tcp = f + 14 + (f[14] & 0xf) * 4;
	if (tcp + 20 > f + len || get16(tcp + 2) != port || !(tcp[13] & 2))
		return 0;
	printf("netdevapp: TCP SYN from %u.%u.%u.%u:%u to port %u\n", f[26],
	       f[27], f[28], f[29], get16(tcp), port);
	return 1;
}

/*
 * Is f (len bytes) what we wait for? 1 yes. what: WAIT_ARP (the
 * gateway's ARP reply; fills gw_mac), WAIT_ECHO (echo reply seq),
 * WAIT_SYN (a SYN to port seq).
 */
static int is_reply(const __u8 *f, __u32 len, int what, __u16 seq)
{
	int arp = what == WAIT_ARP;

	if (len < 42 || memcmp(f, dev->hwaddr, 6))
		return 0;
	if (what == WAIT_SYN)
		return is_syn(f, len, seq);
	if (arp) {
		if (get16(f + 12) != ETH_ARP || get16(f + 20) != 2 ||
		    memcmp(f + 28, gw_ip, 4) || memcmp(f + 38, my_ip, 4))
			return 0;
		memcpy(gw_mac, f + 22, 6);
		return 1;
	}
	if (get16(f + 12) != ETH_IP || f[14 + 9] != 1 ||
	    len < 14 + 20 + 8 + payload)
		return 0;
	f += 14 + (f[14] & 0xf) * 4;
	if (f[0] != 0 || get16(f + 4) != 0x7e55 || get16(f + 6) != seq)
		return 0;
	for (unsigned int i = 0; i < payload; i++)
		if (f[8 + i] != (__u8)(seq + i))
			return 0;
	return 1;
}

/* Flatten a (possibly chained) packet to look at it. */
static __u32 flatten(struct uk_netbuf *nb, __u8 *out, __u32 max)
{
	__u32 n = 0;

	for (; nb && n < max; nb = nb->next) {
		__u32 k = MIN(nb->len, max - n);

		memcpy(out + n, nb->data, k);
		n += k;
	}
	return n;
}

/* Interrupt mode: halt until the event callback ran or the deadline. */
static void wait_event(__nsec deadline)
{
	ukplat_lcpu_disable_irq();
	while (!events && ukplat_monotonic_clock() < deadline)
		ukplat_lcpu_halt_irq_until(deadline);
	ukplat_lcpu_enable_irq();
}

/* Receive until the reply comes: 1, or 0 at the deadline. */
static int wait_reply(int what, __u16 seq, __nsec wait)
{
	__nsec deadline = ukplat_monotonic_clock() + wait;
	static __u8 frame[BUFSIZE];
	int found = 0;

	/* The first packet must announce itself with an event: the queue
	 * is armed since the last short rx_burst (or start). */
	if (intr_mode)
		wait_event(deadline);
	while (!found && ukplat_monotonic_clock() < deadline) {
		struct uk_netbuf *pkts[BURST];
		int n;

		if (intr_mode)
			events = 0;
		n = uk_netdev_rx_burst(dev, 0, pkts, BURST);
		if (n < 0) {
			printf("netdevapp: rx_burst: error %d\n", n);
			return 0;
		}
		for (int i = 0; i < n; i++) {
			__u32 len = flatten(pkts[i], frame, sizeof(frame));

			if (!found && is_reply(frame, len, what, seq)) {
				unsigned int segs = 0;

				for (struct uk_netbuf *s = pkts[i]; s;
				     s = s->next)
					segs++;
				max_segs = MAX(max_segs, segs);
				max_len = MAX(max_len, len);
				found = 1;
			}
			uk_netbuf_free(pkts[i]);
		}
		/* Short burst: the queue is empty (and, with an event
		 * callback, armed again). */
		if (!found && n < BURST && intr_mode)
			wait_event(deadline);
	}
	return found;
}

static int setup(void)
{
	struct uk_netdev_info info;
	struct uk_netdev_conf conf = { 1, 1 };
	struct uk_netdev_rxq_conf rxconf = {
		.alloc_rxbufs = alloc_rxbufs,
		.event = intr_mode ? rx_event : NULL,
	};
	struct uk_netdev_txq_conf txconf = { 0 };
	int rc;

	uk_netdev_info_get(dev, &info);
	if (info.rx_headroom > HEADROOM || info.tx_headroom > HEADROOM) {
		printf("netdevapp: the device wants %u/%u bytes of headroom\n",
		       info.rx_headroom, info.tx_headroom);
		return -1;
	}
	if (intr_mode && !(info.features & UK_NETDEV_F_RX_INTR)) {
		printf("netdevapp: the device has no receive interrupts\n");
		return -1;
	}
	if (rxbuf - HEADROOM < info.rx_buflen &&
	    !(info.features & UK_NETDEV_F_MRG_RXBUF)) {
		printf("netdevapp: rxbuf=%u is below the device's %u bytes, without mergeable buffers\n",
		       rxbuf, info.rx_buflen + HEADROOM);
		return -1;
	}
	pool = uk_netbuf_pool_create(NBUFS / 4, BUFSIZE, HEADROOM);
	rxpool = uk_netbuf_pool_create(NBUFS, rxbuf, HEADROOM);
	if (!pool || !rxpool) {
		printf("netdevapp: no memory for buffers\n");
		return -1;
	}
	rxconf.alloc_arg = rxpool;
	rxconf.ndesc = NBUFS / 2;
	rc = uk_netdev_configure(dev, &conf);
	if (rc == 0)
		rc = uk_netdev_rxq_setup(dev, 0, &rxconf);
	if (rc == 0)
		rc = uk_netdev_txq_setup(dev, 0, &txconf);
	if (rc == 0)
		rc = uk_netdev_start(dev);
	if (rc < 0) {
		printf("netdevapp: setting up netdev0 failed: error %d\n", rc);
		return -1;
	}
	printf("netdevapp: netdev0 %s, %s mode, headroom %u/%u, features 0x%x, link %s\n",
	       dev->drv_name, intr_mode ? "interrupt" : "poll",
	       info.rx_headroom, info.tx_headroom, info.features,
	       uk_netdev_link_up(dev) ? "up" : "down");
	return 0;
}

int main(int argc, char *argv[])
{
	int rounds = 3, port = 0, npos = 0;
	struct uk_netdev_stats *st;

	if (argc < 2 || (strcmp(argv[1], "poll") && strcmp(argv[1], "intr"))) {
		printf("usage: netdevapp poll|intr [ROUNDS [PORT]] [rxbuf=BYTES] [payload=BYTES]\n");
		return 64;
	}
	intr_mode = !strcmp(argv[1], "intr");
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "rxbuf=", 6))
			rxbuf = (unsigned int)atoi(argv[i] + 6);
		else if (!strncmp(argv[i], "payload=", 8))
			payload = (unsigned int)atoi(argv[i] + 8);
		else if (npos++ == 0)
			rounds = atoi(argv[i]);
		else
			port = atoi(argv[i]);
	}
	if (rxbuf <= HEADROOM || rxbuf > 65536 || payload > MAX_PAYLOAD) {
		printf("netdevapp: rxbuf must be %d-65536, payload at most %d\n",
		       HEADROOM + 1, MAX_PAYLOAD);
		return 64;
	}
	dev = uk_netdev_get(0);
	if (!dev) {
		printf("netdevapp: no network device: attach one (qemu-guest -n user)\n");
		return 2;
	}
	if (setup() < 0)
		return 3;
	for (int r = 0; r < rounds; r++) {
		if (send_arp_request() < 0 ||
		    !wait_reply(WAIT_ARP, 0, WAIT_NS)) {
			printf("netdevapp: no ARP reply from 10.0.2.2 (round %d)\n", r);
			return 1;
		}
		printf("netdevapp: ARP: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x\n",
		       gw_mac[0], gw_mac[1], gw_mac[2], gw_mac[3], gw_mac[4],
		       gw_mac[5]);
	}
	for (int r = 0; r < rounds; r++) {
		if (send_echo((__u16)(r + 1)) < 0 ||
		    !wait_reply(WAIT_ECHO, (__u16)(r + 1), WAIT_NS)) {
			printf("netdevapp: no ICMP echo reply from 10.0.2.2 (seq %d)\n", r + 1);
			return 1;
		}
		printf("netdevapp: ICMP echo reply from 10.0.2.2 seq %d\n", r + 1);
	}
	if (port) {
		printf("netdevapp: waiting for a TCP SYN to port %d\n", port);
		if (!wait_reply(WAIT_SYN, (__u16)port, 6 * WAIT_NS)) {
			printf("netdevapp: no TCP SYN to port %d\n", port);
			return 1;
		}
	}
	st = &dev->stats;
	printf("netdevapp: stats rx %llu packets %llu bytes, tx %llu packets %llu bytes, dropped %llu, tx errors %llu, rx events %llu\n",
	       (unsigned long long)st->rx_packets,
	       (unsigned long long)st->rx_bytes,
	       (unsigned long long)st->tx_packets,
	       (unsigned long long)st->tx_bytes,
	       (unsigned long long)st->rx_dropped,
	       (unsigned long long)st->tx_errors,
	       (unsigned long long)st->rx_irqs);
	printf("netdevapp: largest reply %u bytes in %u segments\n", max_len,
	       max_segs);
	printf("netdevapp: tx pool %u of %u buffers free, rx pool %u of %u\n",
	       uk_netbuf_pool_free_count(pool), uk_netbuf_pool_size(pool),
	       uk_netbuf_pool_free_count(rxpool), uk_netbuf_pool_size(rxpool));
	return 0;
}
