/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwip interfaces over uknetdev devices. Each device gets a receive pool
 * and a transmit pool of network buffers, and a receive thread that
 * sleeps until the device's rx event (or polls, with
 * CONFIG_LIBLWIP_NETDEV_RX_POLL), takes packets in bursts and feeds them
 * to lwip under the core lock. Transmission copies lwip's packet into one
 * buffer (with the driver's headroom) and hands it to the device.
 */
#include "lwip/opt.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/tcpip.h"
#include "lwip/snmp.h"
#include "netif/ethernet.h"
#include "tessera_netif.h"
#include <uk/netdev.h>
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/print.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

#define BURST 32
#define RX_POOL 192
#define TX_POOL 128
#define FRAME_MAX (1514 + 4) /* Ethernet header, 1500 bytes, a VLAN tag */

struct nif {
	struct netif netif;
	struct uk_netdev *dev;
	struct uk_netdev_info info;
	struct uk_netbuf_pool *rxpool, *txpool;
	struct uk_semaphore rx_wake;
	int poll;
};

static unsigned int alloc_rxbufs(void *arg, struct uk_netbuf **bufs,
				 unsigned int n)
{
	struct nif *nif = arg;

	return uk_netbuf_alloc_many(nif->rxpool, bufs, n);
}

static void rx_event(struct uk_netdev *dev __unused, unsigned int qid __unused,
		     void *arg)
{
	struct nif *nif = arg;

	uk_semaphore_up(&nif->rx_wake);
}

static struct pbuf *to_pbuf(struct uk_netbuf *nb)
{
	__u32 len = uk_netbuf_pktlen(nb);
	struct pbuf *p;
	u16_t off = 0;

	if (len == 0 || len > 0xffff)
		return NULL;
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p)
		return NULL;
	for (; nb; nb = nb->next) {
		pbuf_take_at(p, nb->data, (u16_t)nb->len, off);
		off = (u16_t)(off + nb->len);
	}
	return p;
}

static void *rx_thread(void *arg)
{
	struct nif *nif = arg;
	struct uk_netbuf *pkts[BURST];

	for (;;) {
		int n = uk_netdev_rx_burst(nif->dev, 0, pkts, BURST);

		if (n < 0) {
			uk_pr_err("%c%c%u: receive error %d; stopping "
				  "reception\n", nif->netif.name[0],
				  nif->netif.name[1], nif->netif.num, n);
			return NULL;
		}
		if (n > 0) {
			LOCK_TCPIP_CORE();
			for (int i = 0; i < n; i++) {
				struct pbuf *p = to_pbuf(pkts[i]);

				uk_netbuf_free(pkts[i]);
				if (!p) {
					nif->dev->stats.rx_dropped++;
					continue;
				}
				if (ethernet_input(p, &nif->netif) != ERR_OK)
					pbuf_free(p);
			}
			UNLOCK_TCPIP_CORE();
		}
		if (n < BURST) {
			if (nif->poll)
				uk_sched_sleep(1000000);
			else
				uk_semaphore_down(&nif->rx_wake);
		}
	}
	return NULL;
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
	struct nif *nif = (struct nif *)netif;
	struct uk_netbuf *nb;
	int rc = 0;

	if (p->tot_len > FRAME_MAX) {
		nif->dev->stats.tx_errors++;
		return ERR_IF;
	}
	for (int tries = 0; tries < 100; tries++) {
		nb = uk_netbuf_alloc(nif->txpool);
		if (nb)
			break;
		/* buffers come back as the device finishes: let it run */
		uk_netdev_tx_burst(nif->dev, 0, NULL, 0);
		uk_sched_yield();
	}
	if (!nb) {
		nif->dev->stats.tx_errors++;
		return ERR_MEM;
	}
	nb->len = pbuf_copy_partial(p, nb->data, p->tot_len, 0);
	for (int tries = 0; tries < 1000; tries++) {
		rc = uk_netdev_tx_burst(nif->dev, 0, &nb, 1);
		if (rc != 0)
			break;
		uk_sched_yield(); /* the ring is full */
	}
	if (rc <= 0) {
		uk_netbuf_free(nb);
		nif->dev->stats.tx_errors++;
		return ERR_IF;
	}
	return ERR_OK;
}

static err_t nif_init(struct netif *netif)
{
	struct nif *nif = (struct nif *)netif;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, nif->dev->hwaddr, ETH_HWADDR_LEN);
	netif->mtu = nif->dev->mtu ? nif->dev->mtu : 1500;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP;
#if LWIP_IPV4
	netif->output = etharp_output;
#endif
#if LWIP_IPV6
	netif->output_ip6 = ethip6_output;
	netif->flags |= NETIF_FLAG_MLD6;
#endif
	netif->linkoutput = linkoutput;
	return ERR_OK;
}

static int setup_device(struct nif *nif)
{
	struct uk_netdev *dev = nif->dev;
	struct uk_netdev_rxq_conf rxc = { 0 };
	struct uk_netdev_txq_conf txc = { 0 };
	struct uk_netdev_conf conf = { 1, 1 };
	__u32 rxhead, rxlen;
	int rc;

	uk_netdev_info_get(dev, &nif->info);
	rxhead = ALIGN_UP(nif->info.rx_headroom, 8);
	rxlen = MAX(nif->info.rx_buflen, (__u32)FRAME_MAX);
	nif->rxpool = uk_netbuf_pool_create(RX_POOL, rxhead + rxlen, rxhead);
	nif->txpool = uk_netbuf_pool_create(
		TX_POOL, ALIGN_UP(nif->info.tx_headroom, 8) + FRAME_MAX,
		ALIGN_UP(nif->info.tx_headroom, 8));
	if (!nif->rxpool || !nif->txpool)
		return -ENOMEM;
	uk_semaphore_init(&nif->rx_wake, 0);
#ifdef CONFIG_LIBLWIP_NETDEV_RX_POLL
	nif->poll = 1;
#else
	nif->poll = !(nif->info.features & UK_NETDEV_F_RX_INTR);
#endif
	rxc.alloc_rxbufs = alloc_rxbufs;
	rxc.alloc_arg = nif;
	if (!nif->poll) {
		rxc.event = rx_event;
		rxc.event_arg = nif;
	}
	rc = uk_netdev_configure(dev, &conf);
	if (rc == 0)
		rc = uk_netdev_rxq_setup(dev, 0, &rxc);
	if (rc == 0)
		rc = uk_netdev_txq_setup(dev, 0, &txc);
	if (rc == 0)
		rc = uk_netdev_start(dev);
	return rc;
}

struct netif *uk_lwip_netif_add(struct uk_netdev *dev, const ip4_addr_t *ip,
				const ip4_addr_t *mask, const ip4_addr_t *gw)
{
	struct nif *nif = mem_calloc(1, sizeof(*nif));
	struct uk_thread_attr attr = { .stack_size = 32 * 1024 };
	char name[16];
	int rc;

	if (!nif)
		return NULL;
	nif->dev = dev;
	rc = setup_device(nif);
	if (rc < 0) {
		uk_pr_err("lwip: netdev%u (%s) cannot be set up: error %d\n",
			  dev->id, dev->drv_name, rc);
		return NULL;
	}
	LOCK_TCPIP_CORE();
	if (!netif_add(&nif->netif, ip, mask, gw, nif, nif_init, tcpip_input)) {
		UNLOCK_TCPIP_CORE();
		uk_pr_err("lwip: netdev%u cannot be added\n", dev->id);
		return NULL;
	}
#if LWIP_IPV6
	netif_create_ip6_linklocal_address(&nif->netif, 1);
	netif_set_ip6_autoconfig_enabled(&nif->netif, 1);
#endif
	netif_set_up(&nif->netif);
	if (uk_netdev_link_up(dev))
		netif_set_link_up(&nif->netif);
	UNLOCK_TCPIP_CORE();
	snprintf(name, sizeof(name), "lwip-rx%u", dev->id);
	rc = uk_thread_create(NULL, name, &attr, rx_thread, nif);
	if (rc < 0) {
		uk_pr_err("lwip: no receive thread for netdev%u: error %d\n",
			  dev->id, rc);
		return NULL;
	}
	return &nif->netif;
}
