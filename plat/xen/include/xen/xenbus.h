/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xenbus: the front ends' side of the device handshake through xenstore.
 * A toolstack-built domain's devices are the directories
 * device/<type>/<id> (type "vif", "vbd"); each names its back end
 * ("backend": a path, "backend-id": a domain), and both ends publish a
 * "state" (XenbusState) the other watches:
 *
 *   front Initialising(1) ... back InitWait(2)
 *   front writes its ring-ref, event-channel, features; Initialised(3)
 *   back Connected(4) (its features and sizes are there now)
 *   front Connected(4)
 *
 * Closing(5), Closed(6) end it. A ukbus bus "xenbus" finds the devices
 * at boot and hands them to the front drivers selected (netfront,
 * blkfront); a domain without a store has none.
 */
#ifndef XEN_XENBUS_H
#define XEN_XENBUS_H

#include <xen/xenstore.h>

enum xen_xenbus_state {
	XEN_XENBUS_UNKNOWN = 0,
	XEN_XENBUS_INITIALISING = 1,
	XEN_XENBUS_INITWAIT = 2,
	XEN_XENBUS_INITIALISED = 3,
	XEN_XENBUS_CONNECTED = 4,
	XEN_XENBUS_CLOSING = 5,
	XEN_XENBUS_CLOSED = 6,
};

#define XEN_XENBUS_PATH_MAX 96

/* One front-end device. */
struct xen_xenbus_dev {
	struct xen_xs *xs;
	char nodename[XEN_XENBUS_PATH_MAX]; /* device/vbd/768 */
	char backend[XEN_XENBUS_PATH_MAX];  /* its "backend" */
	__u16 backend_id;                   /* its "backend-id" */
	__nsec timeout; /* of each wait for the back end: twice the store's */
};

/*
 * Read nodename's backend and backend-id into dev. 0, or an error (the
 * store's; -EINVAL for a malformed value), with a message.
 */
int xen_xenbus_dev_init(struct xen_xenbus_dev *dev, struct xen_xs *xs,
			const char *nodename);

/* Write the front end's state. */
int xen_xenbus_switch_state(struct xen_xenbus_dev *dev,
			    enum xen_xenbus_state state);

/* The back end's state now (or an error). */
int xen_xenbus_backend_state(struct xen_xenbus_dev *dev);

/*
 * Wait (a watch on the back end's state) until the back end is in state
 * want: returns it; -ENOTCONN if it went to Closing or Closed instead,
 * -ETIMEDOUT after dev->timeout (the message names the state it is in).
 * Other states on the way are passed over.
 */
int xen_xenbus_wait_backend(struct xen_xenbus_dev *dev,
			    enum xen_xenbus_state want);

/* Read key under the back end's directory, as a string / a number. */
int xen_xenbus_read_backend(struct xen_xenbus_dev *dev, const char *key,
			    char *buf, unsigned int size);
/* A missing key gives dflt (0 returned); a malformed one -EINVAL. */
int xen_xenbus_backend_uint(struct xen_xenbus_dev *dev, const char *key,
			    unsigned long dflt, unsigned long *value);

/* Write nodename/key = printf(fmt, ...) in transaction tx. */
int xen_xenbus_printf(struct xen_xenbus_dev *dev, __u32 tx, const char *key,
		      const char *fmt, ...) __printf(4, 5);

/* EVTCHNOP_alloc_unbound: a new port of ours for remote_dom to bind. */
long xen_evtchn_alloc_unbound(__u16 remote_dom, unsigned int *port);
#endif
