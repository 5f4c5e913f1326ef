/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen's shared I/O rings (io/ring.h): one page shared by a front end
 * (requests) and a back end (responses). The page starts with four 32-bit
 * indexes, req_prod, req_event, rsp_prod, rsp_event, padded to 64 bytes;
 * then the entries (the larger of a request and a response), as many as
 * a power of two that fits. Indexes run free; entry i is at i mod size.
 *
 * Notification avoidance: each side says in *_event the index at which it
 * wants an event; the other sends one only when its new producer index
 * passes it.
 */
#ifndef XEN_RING_H
#define XEN_RING_H

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

#define XEN_RING_HDR 64

struct xen_sring_hdr {
	__u32 req_prod, req_event;
	__u32 rsp_prod, rsp_event;
	__u8 pad[48];
};

/* Entries of entry_size bytes in a one-page ring: a power of two. */
static inline unsigned int xen_ring_size(unsigned int entry_size)
{
	unsigned int n = (4096 - XEN_RING_HDR) / entry_size, p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

/* A new ring page: indexes 0, both sides want an event at 1. */
static inline void xen_sring_init(volatile struct xen_sring_hdr *s)
{
	s->req_prod = s->rsp_prod = 0;
	s->req_event = s->rsp_event = 1;
}

/*
 * Front end: publish requests up to new_prod (after writing them); 1 if
 * the back end asked for an event (the caller notifies).
 */
static inline int xen_ring_push_requests(volatile struct xen_sring_hdr *s,
					 __u32 new_prod)
{
	__u32 old = s->req_prod;

	wmb(); /* the requests before the index */
	s->req_prod = new_prod;
	mb();  /* the index before reading req_event */
	return (__u32)(new_prod - s->req_event) < (__u32)(new_prod - old);
}

/*
 * Front end, after consuming responses up to rsp_cons: ask for an event
 * at the next response; 1 if responses came meanwhile (consume again).
 */
static inline int xen_ring_final_check_responses(volatile struct xen_sring_hdr *s,
						 __u32 rsp_cons)
{
	if (s->rsp_prod != rsp_cons)
		return 1;
	s->rsp_event = rsp_cons + 1;
	mb();
	return s->rsp_prod != rsp_cons;
}

/* Back end (the tests' fakes): publish responses up to new_prod. */
static inline int xen_ring_push_responses(volatile struct xen_sring_hdr *s,
					  __u32 new_prod)
{
	__u32 old = s->rsp_prod;

	wmb();
	s->rsp_prod = new_prod;
	mb();
	return (__u32)(new_prod - s->rsp_event) < (__u32)(new_prod - old);
}
#endif
