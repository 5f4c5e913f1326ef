/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network ring protocol (Xen's io/netif.h) and the netfront driver:
 * a transmit ring (requests name a granted page, an offset and a size)
 * and a receive ring (requests give the back end a granted page to copy
 * a packet into; the response says where and how long, or an error).
 */
#ifndef XEN_NETIF_H
#define XEN_NETIF_H

#include <uk/essentials.h>
#include <xen/gnttab.h>
#include <xen/xenstore.h>

#define XEN_NETTXF_CSUM_BLANK 0x1
#define XEN_NETTXF_DATA_VALIDATED 0x2
#define XEN_NETTXF_MORE_DATA 0x4
#define XEN_NETRXF_DATA_VALIDATED 0x1
#define XEN_NETRXF_CSUM_BLANK 0x2
#define XEN_NETRXF_MORE_DATA 0x4
#define XEN_NETRXF_EXTRA_INFO 0x8
#define XEN_NETIF_RSP_DROPPED (-2)
#define XEN_NETIF_RSP_ERROR (-1)
#define XEN_NETIF_RSP_OKAY 0
#define XEN_NETIF_RSP_NULL 1 /* a padding slot, no packet */

struct xen_netif_tx_request {
	xen_grant_ref_t gref;
	__u16 offset;
	__u16 flags;
	__u16 id;
	__u16 size;
};

struct xen_netif_tx_response {
	__u16 id;
	__s16 status;
};

struct xen_netif_rx_request {
	__u16 id;
	__u16 pad;
	xen_grant_ref_t gref;
};

struct xen_netif_rx_response {
	__u16 id;
	__u16 offset;
	__u16 flags;
	__s16 status; /* > 0: the packet's size */
};

union xen_netif_tx_entry {
	struct xen_netif_tx_request req;
	struct xen_netif_tx_response rsp;
};

union xen_netif_rx_entry {
	struct xen_netif_rx_request req;
	struct xen_netif_rx_response rsp;
};

/* Pages of netfront's own, each granted once: transmit and receive. */
#define XEN_NETFRONT_TX 32
#define XEN_NETFRONT_RX 64

/*
 * Connect to the back end of the vif at nodename (device/vif/<id>) and
 * register it as a uknetdev device: wait for InitWait; tx-ring-ref,
 * rx-ring-ref, event-channel, request-rx-copy, feature-rx-notify,
 * feature-no-csum-offload; Connected; wait for the back end's Connected.
 * The MAC address is the front end's "mac" key (the back end's if it has
 * none). Returns the uknetdev index or a negative errno, with a message.
 * kick NULL: the event channel; otherwise (tests) kick(kick_arg) instead,
 * and no rx interrupt.
 */
int xen_netfront_add(struct xen_xs *xs, const char *nodename,
		     void (*kick)(void *arg), void *kick_arg);

/* "aa:bb:cc:dd:ee:ff" into mac: 0, or -EINVAL. */
int xen_parse_mac(const char *s, __u8 mac[6]);
#endif
