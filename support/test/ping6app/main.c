/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test application of support/test/suite_xen.py: network device 0 (on
 * Xen, netfront) driven through <uk/netdev.h> alone, on an IPv6 link with
 * no router and no IPv4 (a dom0 bridge with only its link-local address).
 * From its link-local address (fe80:: and the MAC's EUI-64) it sends
 * ICMPv6 echo requests to all nodes (ff02::1) once a second, answers the
 * neighbour solicitations for its address (so that a unicast reply can
 * come back), and stops at the first echo reply:
 *
 *   ping6app [SECONDS]      (default 30)
 *
 * It prints "ping6app: echo reply from ADDR (MAC) after N requests" and
 * exits 0, or exits 1 when no reply came in time, 2 without a network
 * device, 3 when the device could not be set up. The receive queue runs
 * in interrupt mode when the device offers it: the app halts until the
 * rx event, so the reply arrives by the event channel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define NBUFS 96
#define BUFSIZE 2048
#define HEADROOM 64
#define ETH_IP6 0x86dd
#define ICMP6 58
#define ECHO_REQUEST 128
#define ECHO_REPLY 129
#define NEIGH_SOLICIT 135
#define NEIGH_ADVERT 136
#define ECHO_ID 0x5854

static struct uk_netdev *dev;
static struct uk_netbuf_pool *pool;
static volatile int events;
static int intr_mode;
static __u8 my_ip[16];

static const __u8 all_nodes[16] = { 0xff, 2, [15] = 1 };
static const __u8 all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };

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

/* The ICMPv6 checksum of msg (len bytes) from src to dst. */
static __u16 icmp6_csum(const __u8 *src, const __u8 *dst, const __u8 *msg,
			unsigned int len)
{
	__u32 s = len + ICMP6;

	for (int i = 0; i < 16; i += 2)
		s += get16(src + i) + get16(dst + i);
	for (unsigned int i = 0; i + 1 < len; i += 2)
		s += get16(msg + i);
	if (len & 1)
		s += (__u32)msg[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

/* Ethernet and IPv6 headers, then len bytes of ICMPv6 at f + 54. */
static void send_icmp6(const __u8 *dmac, const __u8 *dip, const __u8 *msg,
		       unsigned int len)
{
	struct uk_netbuf *nb = uk_netbuf_alloc(pool);
	__u8 *f;

	if (!nb)
		return;
	f = nb->data;
	memcpy(f, dmac, 6);
	memcpy(f + 6, dev->hwaddr, 6);
	put16(f + 12, ETH_IP6);
	memset(f + 14, 0, 40);
	f[14] = 0x60;
	put16(f + 18, len);
	f[20] = ICMP6;
	f[21] = 255;
	memcpy(f + 22, my_ip, 16);
	memcpy(f + 38, dip, 16);
	memcpy(f + 54, msg, len);
	put16(f + 56, 0);
	put16(f + 56, icmp6_csum(my_ip, dip, f + 54, len));
	nb->len = 54 + len;
	if (uk_netdev_tx_burst(dev, 0, &nb, 1) != 1)
		uk_netbuf_free(nb);
}

static void send_echo(__u16 seq)
{
	__u8 m[8 + 32];

	memset(m, 0, sizeof(m));
	m[0] = ECHO_REQUEST;
	put16(m + 4, ECHO_ID);
	put16(m + 6, seq);
	memcpy(m + 8, "tessera netfront ping6 payload..", 32);
	send_icmp6(all_nodes_mac, all_nodes, m, sizeof(m));
}

static void fmt_ip6(char *out, const __u8 *a)
{
	for (int i = 0; i < 16; i += 2)
		out += sprintf(out, "%s%x", i ? ":" : "", get16(a + i));
}

/* 1 for our echo reply, after answering what needs an answer. */
static int handle(const __u8 *f, unsigned int len)
{
	const __u8 *ip = f + 14, *m = f + 54;
	char a[48];

	if (len < 62 || get16(f + 12) != ETH_IP6 || ip[6] != ICMP6)
		return 0;
	if (m[0] == NEIGH_SOLICIT && len >= 78 && !memcmp(m + 8, my_ip, 16)) {
		__u8 na[32];

		memset(na, 0, sizeof(na));
		na[0] = NEIGH_ADVERT;
		na[4] = 0x60; /* solicited, override */
		memcpy(na + 8, my_ip, 16);
		na[24] = 2;   /* target link-layer address */
		na[25] = 1;
		memcpy(na + 26, dev->hwaddr, 6);
		send_icmp6(f + 6, ip + 8, na, sizeof(na));
		return 0;
	}
	if (m[0] == ECHO_REPLY && get16(m + 4) == ECHO_ID &&
	    !memcmp(ip + 24, my_ip, 16)) {
		fmt_ip6(a, ip + 8);
		printf("ping6app: echo reply from %s (%02x:%02x:%02x:%02x:%02x:%02x) after %u requests\n",
		       a, f[6], f[7], f[8], f[9], f[10], f[11], get16(m + 6));
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct uk_netdev_rxq_conf rxc = { .alloc_rxbufs = alloc_rxbufs };
	struct uk_netdev_txq_conf txc = { 0 };
	struct uk_netdev_info info;
	unsigned int secs = argc > 1 ? strtoul(argv[1], NULL, 10) : 30;
	__nsec give_up, next = 0;
	__u16 seq = 0;
	char a[48];

	dev = uk_netdev_get(0);
	if (!dev) {
		printf("ping6app: no network device\n");
		return 2;
	}
	uk_netdev_info_get(dev, &info);
	pool = uk_netbuf_pool_create(NBUFS, BUFSIZE, HEADROOM);
	intr_mode = !!(info.features & UK_NETDEV_F_RX_INTR);
	rxc.alloc_arg = pool;
	if (intr_mode)
		rxc.event = rx_event;
	if (!pool || uk_netdev_configure(dev, &(struct uk_netdev_conf){ 1, 1 }) ||
	    uk_netdev_rxq_setup(dev, 0, &rxc) || uk_netdev_txq_setup(dev, 0, &txc) ||
	    uk_netdev_start(dev)) {
		printf("ping6app: cannot set the device up\n");
		return 3;
	}
	my_ip[0] = 0xfe;
	my_ip[1] = 0x80;
	memcpy(my_ip + 8, dev->hwaddr, 3);
	my_ip[8] ^= 2;
	my_ip[11] = 0xff;
	my_ip[12] = 0xfe;
	memcpy(my_ip + 13, dev->hwaddr + 3, 3);
	fmt_ip6(a, my_ip);
	printf("ping6app: %s, %s, %s mode, pinging ff02::1 from %s\n",
	       dev->drv_name, "uknetdev", intr_mode ? "interrupt" : "poll", a);
	give_up = ukplat_monotonic_clock() + secs * UKPLAT_NSEC_PER_SEC;
	while (ukplat_monotonic_clock() < give_up) {
		struct uk_netbuf *pk[16];
		int n, done = 0;

		if (ukplat_monotonic_clock() >= next) {
			send_echo(++seq);
			next = ukplat_monotonic_clock() + UKPLAT_NSEC_PER_SEC;
		}
		n = uk_netdev_rx_burst(dev, 0, pk, 16);
		for (int i = 0; i < n; i++) {
			if (!done && pk[i]->len >= 14)
				done = handle(pk[i]->data, pk[i]->len);
			uk_netbuf_free(pk[i]);
		}
		if (done) {
			printf("ping6app: %llu rx events, %llu packets in, %llu out\n",
			       (unsigned long long)dev->stats.rx_irqs,
			       (unsigned long long)dev->stats.rx_packets,
			       (unsigned long long)dev->stats.tx_packets);
			return 0;
		}
		if (n < 16) {
			unsigned long flags = ukplat_lcpu_save_irqf();

			if (!intr_mode || !events)
				ukplat_lcpu_halt_irq_until(next < give_up ? next : give_up);
			events = 0;
			ukplat_lcpu_restore_irqf(flags);
		}
	}
	printf("ping6app: no echo reply in %u s (%u requests)\n", secs, seq);
	return 1;
}
