/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PV console ring (Xen's io/console.h): one shared page with an
 * input ring (backend -> guest, 1024 bytes) and an output ring (guest ->
 * backend, 2048 bytes), each with free-running 32-bit producer and
 * consumer indexes (the byte at index i is at i mod the ring's size). The
 * page and its event channel are the domain's HVM_PARAM_CONSOLE_PFN and
 * _EVTCHN; xenconsoled in dom0 is the other end.
 */
#ifndef XEN_CONSRING_H
#define XEN_CONSRING_H

#include <uk/essentials.h>

#define XEN_CONS_IN_SIZE 1024
#define XEN_CONS_OUT_SIZE 2048

struct xen_cons_interface {
	char in[XEN_CONS_IN_SIZE];
	char out[XEN_CONS_OUT_SIZE];
	__u32 in_cons, in_prod;
	__u32 out_cons, out_prod;
};

/*
 * Put up to len bytes of buf on the output ring, as many as fit; returns
 * how many (the caller then notifies the other end). Barriers: the
 * consumer index is read before the bytes are written, the bytes are
 * written before the producer index moves.
 */
unsigned int xen_cons_ring_put(volatile struct xen_cons_interface *r,
			       const char *buf, unsigned int len);

/*
 * Take up to maxlen bytes from the input ring; returns how many. A ring
 * whose indexes are more than its size apart is taken as empty, and
 * reset to it (-1 returned once), rather than read out of bounds.
 */
int xen_cons_ring_get(volatile struct xen_cons_interface *r, char *buf,
		      unsigned int maxlen);

/*
 * Use the console page at page (mapped) with event channel port for the
 * console (ukplat_coutk, ukplat_cink). Boot.
 */
void xen_pvcons_init(void *page, unsigned int port);
/* 1 once xen_pvcons_init ran. */
int xen_pvcons_present(void);
/* Write all of buf (waiting for room, at most about 2 s without
 * progress); returns the bytes written. Any context. */
unsigned int xen_pvcons_write(const char *buf, unsigned int len);
/* Read what waits, up to maxlen bytes. */
int xen_pvcons_read(char *buf, unsigned int maxlen);
#endif
