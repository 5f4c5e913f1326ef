/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network buffers: one packet (or one segment of a packet) in one
 * contiguous buffer, with room reserved in front of the payload
 * (headroom) for headers a lower layer prepends: virtio-net's header, an
 * Ethernet header.
 *
 *     buf                data            data + len          buf + buflen
 *     |<-- headroom -->|<---- payload ---->|<---- tailroom ---->|
 *
 * Buffers come from pools made once with a fixed count and size
 * (uk_netbuf_pool_create): allocation and freeing are O(1), need no
 * allocator, and work in any context, interrupt handlers included. A
 * buffer that wraps memory owned by someone else (a network stack's own
 * packet) has no pool and a destructor instead (uk_netbuf_wrap).
 *
 * Segments of one packet chain through next (NULL ends it); the first
 * segment's flags describe the whole packet. A driver that accepts a
 * packet for transmission owns it and frees it once the device is done.
 */
#ifndef UK_NETBUF_H
#define UK_NETBUF_H

#include <uk/essentials.h>

/* tx: the device must fill in the checksum at csum_start + csum_offset
 * (the partial pseudo-header sum is already there). */
#define UK_NETBUF_F_CSUM_PARTIAL 0x1
/* rx: the device checked the packet's checksums; they are correct. */
#define UK_NETBUF_F_CSUM_VALID 0x2

struct uk_netbuf_pool;
struct uk_netbuf;

typedef void (*uk_netbuf_dtor_t)(struct uk_netbuf *nb);

struct uk_netbuf {
	struct uk_netbuf *next; /* next segment of this packet, or NULL */
	void *data;             /* payload */
	__u32 len;              /* payload bytes */
	__u32 buflen;           /* bytes at buf */
	void *buf;              /* the whole buffer */
	__u16 flags;            /* UK_NETBUF_F_* */
	__u16 csum_start;       /* from data, with UK_NETBUF_F_CSUM_PARTIAL */
	__u16 csum_offset;      /* from csum_start */
	__u16 _reserved;
	struct uk_netbuf_pool *pool; /* owner pool, or NULL for a wrapper */
	uk_netbuf_dtor_t dtor;       /* wrapper's destructor (pool: NULL) */
	void *priv;                  /* the current owner's */
};

/*
 * A pool of count buffers of bufsize bytes each (payload + headroom),
 * the first headroom bytes of each reserved in front of data. Allocated
 * at once with the default allocator. Returns NULL without memory or
 * for a zero count or a headroom not below bufsize. Boot or thread
 * context.
 */
struct uk_netbuf_pool *uk_netbuf_pool_create(unsigned int count,
					     __u32 bufsize, __u32 headroom);

/* Buffers in pool / free now. Any context. */
unsigned int uk_netbuf_pool_size(const struct uk_netbuf_pool *pool);
unsigned int uk_netbuf_pool_free_count(const struct uk_netbuf_pool *pool);

/*
 * A buffer from pool, reset: data at the pool's headroom, len 0, flags
 * 0, next NULL. NULL when the pool is empty. Any context.
 */
struct uk_netbuf *uk_netbuf_alloc(struct uk_netbuf_pool *pool);

/*
 * Fill bufs[0..n-1] from pool; returns how many (fewer when the pool runs
 * out). Any context.
 */
unsigned int uk_netbuf_alloc_many(struct uk_netbuf_pool *pool,
				  struct uk_netbuf **bufs, unsigned int n);

/*
 * Free a whole packet: nb and every segment chained after it, each back
 * to its pool or through its destructor. NULL is ignored. Any context.
 */
void uk_netbuf_free(struct uk_netbuf *nb);

/*
 * Make nb (memory the caller provides, e.g. inside its own packet
 * structure) describe len bytes at data, inside buf of buflen bytes;
 * uk_netbuf_free(nb) calls dtor(nb). Any context.
 */
void uk_netbuf_wrap(struct uk_netbuf *nb, void *buf, __u32 buflen,
		    void *data, __u32 len, uk_netbuf_dtor_t dtor, void *priv);

/* Bytes in front of data / behind the payload. */
static inline __u32 uk_netbuf_headroom(const struct uk_netbuf *nb)
{
	return (__u32)((char *)nb->data - (char *)nb->buf);
}

static inline __u32 uk_netbuf_tailroom(const struct uk_netbuf *nb)
{
	return nb->buflen - uk_netbuf_headroom(nb) - nb->len;
}

/*
 * Grow the payload by n bytes in front (n > 0, taking headroom) or
 * shrink it from the front (n < 0). Returns 0, or -1 (nothing changed)
 * without enough headroom or payload.
 */
static inline int uk_netbuf_header(struct uk_netbuf *nb, int n)
{
	if (n > 0 && (__u32)n > uk_netbuf_headroom(nb))
		return -1;
	if (n < 0 && (__u32)-n > nb->len)
		return -1;
	nb->data = (char *)nb->data - n;
	nb->len = (__u32)((__s64)nb->len + n);
	return 0;
}

/* Payload bytes of the whole packet (all segments). */
static inline __u32 uk_netbuf_pktlen(const struct uk_netbuf *nb)
{
	__u32 n = 0;

	for (; nb; nb = nb->next)
		n += nb->len;
	return n;
}

#endif
