/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netfront against the in-memory store and a fake netback that loops
 * every packet sent back to the receive ring: the handshake (keys the
 * front end publishes, the MAC from xenstore), transmit requests read
 * through their read-only grants, receive pages written through their
 * writable grants, a full receive ring dropping, bad sizes refused.
 */
#ifdef CONFIG_XEN_NETFRONT
#include <uk/test.h>
#include <uk/netdev.h>
#include <uk/netbuf.h>
#include <xen/gnttab.h>
#include <xen/netif.h>
#include <xen/ring.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fakestore.h"

#define FE "device/vif/0"
#define BE "backend/vif/1/0"
#define BE_DOMID 1 /* ours: Xen refuses channels to absent domains */

static struct fakestore fs;
static struct {
	volatile struct xen_sring_hdr *tx, *rx;
	__u32 tx_cons, rx_cons;
	unsigned int looped, dropped, bad_grants;
	int hold;  /* 1: do not answer transmit requests yet */
	int split; /* 1: deliver a packet in two pages (MORE_DATA) */
} nb_;

static void *granted(xen_grant_ref_t ref, int write)
{
	struct xen_grant_entry_v1 e = xen_gnttab_entry(ref);

	if ((e.flags & XEN_GTF_TYPE_MASK) != XEN_GTF_PERMIT_ACCESS ||
	    e.domid != BE_DOMID || (write && (e.flags & XEN_GTF_READONLY))) {
		nb_.bad_grants++;
		return NULL;
	}
	return (void *)((__uptr)e.frame << 12);
}

static void back_on_write(struct fakestore *f, const char *path,
			  const char *value)
{
	if (strcmp(path, FE "/state") || strcmp(value, "4"))
		return;
	nb_.tx = granted(strtoul(fakestore_get(f, FE "/tx-ring-ref"), NULL, 10), 1);
	nb_.rx = granted(strtoul(fakestore_get(f, FE "/rx-ring-ref"), NULL, 10), 1);
	fakestore_set(f, BE "/state", "4");
	fakestore_fire(f, BE "/state");
}

static void back_kick(void *arg __unused)
{
	unsigned int ts = xen_ring_size(sizeof(union xen_netif_tx_entry));
	unsigned int rs = xen_ring_size(sizeof(union xen_netif_rx_entry));
	volatile union xen_netif_tx_entry *tx =
		(void *)((__u8 *)nb_.tx + XEN_RING_HDR);
	volatile union xen_netif_rx_entry *rx =
		(void *)((__u8 *)nb_.rx + XEN_RING_HDR);
	__u32 trsp = nb_.tx->rsp_prod, rrsp = nb_.rx->rsp_prod;

	if (nb_.hold)
		return;
	while (nb_.tx_cons != nb_.tx->req_prod) {
		struct xen_netif_tx_request t;
		const __u8 *src;
		__s16 st = XEN_NETIF_RSP_OKAY;

		memcpy(&t, (const void *)&tx[nb_.tx_cons++ & (ts - 1)].req,
		       sizeof(t));
		src = granted(t.gref, 0);
		if (!src || t.offset + t.size > 4096) {
			st = XEN_NETIF_RSP_ERROR;
		} else if (nb_.rx_cons == nb_.rx->req_prod) {
			nb_.dropped++; /* no receive page posted */
		} else if (nb_.split) {
			/* Two responses: 50 bytes "to be continued", the rest. */
			for (int part = 0; part < 2; part++) {
				struct xen_netif_rx_request q;

				memcpy(&q, (const void *)&rx[nb_.rx_cons++ & (rs - 1)].req,
				       sizeof(q));
				rx[rrsp & (rs - 1)].rsp.id = q.id;
				rx[rrsp & (rs - 1)].rsp.offset = 0;
				rx[rrsp & (rs - 1)].rsp.flags =
					part ? 0 : XEN_NETRXF_MORE_DATA;
				rx[rrsp & (rs - 1)].rsp.status =
					part ? t.size - 50 : 50;
				rrsp++;
			}
			nb_.looped++;
		} else {
			struct xen_netif_rx_request q;
			__u8 *dst;

			memcpy(&q, (const void *)&rx[nb_.rx_cons++ & (rs - 1)].req,
			       sizeof(q));
			dst = granted(q.gref, 1);
			rx[rrsp & (rs - 1)].rsp.id = q.id;
			rx[rrsp & (rs - 1)].rsp.offset = 64;
			rx[rrsp & (rs - 1)].rsp.flags = 0;
			rx[rrsp & (rs - 1)].rsp.status =
				dst ? (__s16)t.size : XEN_NETIF_RSP_ERROR;
			if (dst)
				memcpy(dst + 64, src + t.offset, t.size);
			rrsp++;
			nb_.looped++;
		}
		tx[trsp & (ts - 1)].rsp.id = t.id;
		tx[trsp & (ts - 1)].rsp.status = st;
		trsp++;
	}
	nb_.tx->req_event = nb_.tx_cons + 1;
	nb_.rx->req_event = nb_.rx_cons + 1;
	xen_ring_push_responses(nb_.tx, trsp);
	xen_ring_push_responses(nb_.rx, rrsp);
}

static struct uk_netbuf_pool *pool;

static unsigned int alloc_rx(void *arg __unused, struct uk_netbuf **bufs,
			     unsigned int n)
{
	return uk_netbuf_alloc_many(pool, bufs, n);
}

static struct uk_netbuf *packet(unsigned int len, __u8 seed)
{
	struct uk_netbuf *nb = uk_netbuf_alloc(pool);

	if (!nb)
		return NULL;
	for (unsigned int i = 0; i < len; i++)
		((__u8 *)nb->data)[i] = (__u8)(seed + i * 3);
	nb->len = len;
	return nb;
}

UK_TESTCASE(xen_netfront, packets_loop_through_the_rings_and_grants)
{
	struct uk_netdev_rxq_conf rxc = { .alloc_rxbufs = alloc_rx };
	struct uk_netdev_txq_conf txc = { 0 };
	struct uk_netdev_info info;
	struct uk_netbuf *pkts[80], *got[80];
	struct uk_netdev *nd;
	unsigned int free0;
	int idx, n;

	fakestore_init(&fs, 0x7ffffff0U);
	memset(&nb_, 0, sizeof(nb_));
	fs.on_write = back_on_write;
	fakestore_set(&fs, FE "/backend", BE);
	fakestore_set(&fs, FE "/backend-id", "1");
	fakestore_set(&fs, FE "/mac", "00:16:3E:0a:0b:fc");
	fakestore_set(&fs, BE "/state", "2");
	if (!pool)
		pool = uk_netbuf_pool_create(160, 2048, 64);
	UK_TEST_ASSERT(pool != NULL);
	free0 = uk_netbuf_pool_free_count(pool);
	idx = xen_netfront_add(&fs.xs, FE, back_kick, NULL);
	UK_TEST_ASSERT(idx >= 0);
	UK_TEST_EXPECT(strcmp(fakestore_get(&fs, FE "/request-rx-copy"), "1") == 0);
	UK_TEST_EXPECT(strcmp(fakestore_get(&fs, FE "/feature-rx-notify"), "1") == 0);
	UK_TEST_ASSERT(nb_.tx && nb_.rx);
	nd = uk_netdev_get(idx);
	UK_TEST_EXPECT(memcmp(nd->hwaddr, "\x00\x16\x3e\x0a\x0b\xfc", 6) == 0);
	uk_netdev_info_get(nd, &info);
	UK_TEST_EXPECT(!(info.features & UK_NETDEV_F_RX_INTR));
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_configure(nd, &(struct uk_netdev_conf){ 1, 1 }), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_rxq_setup(nd, 0, &rxc), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_txq_setup(nd, 0, &txc), 0);
	UK_TEST_ASSERT_SNUM_EQ(uk_netdev_start(nd), 0);
	/* Three packets out, the same three back. */
	pkts[0] = packet(60, 1);
	pkts[1] = packet(1514, 2);
	pkts[2] = packet(342, 3);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 3), 3);
	UK_TEST_EXPECT_UNUM_EQ(nb_.looped, 3);
	n = uk_netdev_rx_burst(nd, 0, got, 80);
	UK_TEST_ASSERT_SNUM_EQ(n, 3);
	UK_TEST_EXPECT_UNUM_EQ(got[1]->len, 1514);
	for (int i = 0; i < n; i++) {
		struct uk_netbuf *want = packet(got[i]->len, i + 1);

		UK_TEST_EXPECT(memcmp(got[i]->data, want->data, want->len) == 0);
		uk_netbuf_free(want);
		uk_netbuf_free(got[i]);
	}
	/* More than the 64 receive pages at once: the rest are dropped by
	 * the back end, and every page comes back for the next round. */
	nb_.hold = 1;
	for (int i = 0; i < 30; i++)
		pkts[i] = packet(100, 9);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 30), 30);
	for (int i = 0; i < 10; i++)
		pkts[i] = packet(100, 9);
	/* 32 transmit pages, none back yet: two of ten fit. */
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 10), 2);
	for (int i = 2; i < 10; i++)
		uk_netbuf_free(pkts[i]);
	nb_.hold = 0;
	back_kick(NULL);
	UK_TEST_EXPECT_UNUM_EQ(nb_.looped, 35);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_burst(nd, 0, got, 20), 20);
	for (int i = 0; i < 20; i++)
		uk_netbuf_free(got[i]);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_burst(nd, 0, got, 80), 12);
	for (int i = 0; i < 12; i++)
		uk_netbuf_free(got[i]);
	/* A packet in two pages (netback would do so only with feature-sg):
	 * dropped whole, and the next one still comes. */
	nb_.split = 1;
	pkts[0] = packet(300, 4);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 1), 1);
	nb_.split = 0;
	pkts[0] = packet(61, 5);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_burst(nd, 0, got, 80), 1);
	UK_TEST_EXPECT_UNUM_EQ(got[0]->len, 61);
	UK_TEST_EXPECT_UNUM_EQ(nd->stats.rx_dropped, 2);
	uk_netbuf_free(got[0]);
	/* A frame too short or too long is refused, not sent. */
	pkts[0] = packet(10, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_burst(nd, 0, pkts, 1), 1);
	UK_TEST_EXPECT_UNUM_EQ(nd->stats.tx_errors, 1);
	UK_TEST_EXPECT_UNUM_EQ(nb_.bad_grants, 0);
	UK_TEST_EXPECT_UNUM_EQ(nb_.dropped, 0);
	/* Everything sent or received went back to the pool. */
	UK_TEST_EXPECT_UNUM_EQ(uk_netbuf_pool_free_count(pool), free0);
}

UK_TESTCASE(xen_netfront, mac_addresses_parse_strictly)
{
	__u8 mac[6];

	UK_TEST_EXPECT_SNUM_EQ(xen_parse_mac("00:16:3e:00:00:01", mac), 0);
	UK_TEST_EXPECT_UNUM_EQ(mac[2], 0x3e);
	UK_TEST_EXPECT_SNUM_EQ(xen_parse_mac("00:16:3e:00:00", mac), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_parse_mac("00:16:3e:00:00:01:", mac), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_parse_mac("00-16-3e-00-00-01", mac), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_parse_mac("0g:16:3e:00:00:01", mac), -EINVAL);
}
#endif
