/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PV console ring: the console of a domain the toolstack created
 * (xl create), whose other end is xenconsoled in dom0 (xl console).
 */
#include <xen/consring.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/time.h>
#include <stddef.h>

#define XEN_SCHEDOP_YIELD 0
#define STALL_NSEC (2ULL * 1000000000ULL)

UK_CTASSERT(offsetof(struct xen_cons_interface, in_cons) == 3072);
UK_CTASSERT(sizeof(struct xen_cons_interface) == 3088);

unsigned int xen_cons_ring_put(volatile struct xen_cons_interface *r,
			       const char *buf, unsigned int len)
{
	__u32 cons, prod, room, n = 0;

	cons = r->out_cons;
	prod = r->out_prod;
	mb(); /* the consumer index before the bytes it frees */
	room = XEN_CONS_OUT_SIZE - (prod - cons);
	if (room > XEN_CONS_OUT_SIZE)
		return 0; /* indexes corrupt: the other end is broken */
	while (n < len && n < room) {
		r->out[(prod + n) & (XEN_CONS_OUT_SIZE - 1)] = buf[n];
		n++;
	}
	wmb(); /* the bytes before the index that publishes them */
	r->out_prod = prod + n;
	return n;
}

int xen_cons_ring_get(volatile struct xen_cons_interface *r, char *buf,
		      unsigned int maxlen)
{
	__u32 cons, prod, avail, n = 0;

	cons = r->in_cons;
	prod = r->in_prod;
	rmb(); /* the producer index before the bytes it publishes */
	avail = prod - cons;
	if (avail > XEN_CONS_IN_SIZE) {
		r->in_cons = prod;
		return -1;
	}
	while (n < maxlen && n < avail) {
		buf[n] = r->in[(cons + n) & (XEN_CONS_IN_SIZE - 1)];
		n++;
	}
	mb(); /* the bytes read before their room is given back */
	r->in_cons = cons + n;
	return (int)n;
}

static volatile struct xen_cons_interface *ring;
static unsigned int ring_port;

void xen_pvcons_init(void *page, unsigned int port)
{
	ring_port = port;
	ring = page;
}

int xen_pvcons_present(void)
{
	return ring != NULL;
}

unsigned int xen_pvcons_write(const char *buf, unsigned int len)
{
	unsigned int done = 0;
	__nsec stall_since = 0;

	while (done < len) {
		unsigned int n = xen_cons_ring_put(ring, buf + done,
						   len - done);

		done += n;
		xen_evtchn_send(ring_port);
		if (n) {
			stall_since = 0;
			continue;
		}
		/* Full: let dom0 run; give up if it never empties it. */
		if (!stall_since)
			stall_since = ukplat_monotonic_clock();
		else if (ukplat_monotonic_clock() - stall_since > STALL_NSEC)
			break;
		xen_hypercall(XEN_HC_SCHED_OP, XEN_SCHEDOP_YIELD, 0, 0, 0, 0);
	}
	return done;
}

int xen_pvcons_read(char *buf, unsigned int maxlen)
{
	int n = xen_cons_ring_get(ring, buf, maxlen);

	if (n > 0)
		xen_evtchn_send(ring_port); /* room for more input */
	return n < 0 ? 0 : n;
}
