/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The block-device ring protocol (Xen's io/blkif.h), and the blkfront
 * driver. Sectors on the wire (sector_number, first_sect, last_sect) are
 * 512-byte units whatever the disk's sector-size; a segment is one
 * granted page.
 */
#ifndef XEN_BLKIF_H
#define XEN_BLKIF_H

#include <uk/essentials.h>
#include <xen/gnttab.h>
#include <xen/xenstore.h>

#define XEN_BLKIF_OP_READ 0
#define XEN_BLKIF_OP_WRITE 1
#define XEN_BLKIF_OP_FLUSH_DISKCACHE 3
#define XEN_BLKIF_MAX_SEGMENTS 11
#define XEN_BLKIF_RSP_EOPNOTSUPP (-2)
#define XEN_BLKIF_RSP_ERROR (-1)
#define XEN_BLKIF_RSP_OKAY 0
#define XEN_VDISK_READONLY 0x4

struct xen_blkif_segment {
	xen_grant_ref_t gref;
	__u8 first_sect, last_sect;
};

struct xen_blkif_request {
	__u8 operation;
	__u8 nr_segments;
	__u16 handle;
	__u64 id;
	__u64 sector_number;
	struct xen_blkif_segment seg[XEN_BLKIF_MAX_SEGMENTS];
};

struct xen_blkif_response {
	__u64 id;
	__u8 operation;
	__s16 status;
};

union xen_blkif_entry {
	struct xen_blkif_request req;
	struct xen_blkif_response rsp;
};

/* Pages (segments) per request and requests in flight of blkfront. */
#define XEN_BLKFRONT_SEGS 8
#define XEN_BLKFRONT_DEPTH 8

/*
 * Connect to the back end of the vbd at nodename (device/vbd/<id>) and
 * register it as a ukblkdev device: the handshake (wait for InitWait;
 * ring-ref, event-channel, protocol; Initialised; wait for Connected;
 * sectors, sector-size, info, feature-flush-cache; Connected). Returns
 * the ukblkdev index or a negative errno, with a message. kick NULL: the
 * back end is told through the event channel, and the device completes
 * requests by its interrupt; otherwise (tests) kick(kick_arg) is called
 * instead and requests complete only by polling.
 */
int xen_blkfront_add(struct xen_xs *xs, const char *nodename,
		     void (*kick)(void *arg), void *kick_arg);
#endif
