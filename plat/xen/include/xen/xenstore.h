/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A xenstore client over the store ring (Xen's io/xs_wire.h): requests
 * and replies are xsd_sockmsg headers {type, req_id, tx_id, len} followed
 * by len bytes (NUL-separated strings), written to the req ring and read
 * from the rsp ring of one shared page (1024 bytes each, free-running
 * 32-bit indexes), with an event channel each way. Watch events arrive on
 * the rsp ring between replies. Errors come back as XS_ERROR with the
 * errno's name ("ENOENT"), mapped here to the errno.
 *
 * A domain built by the toolstack has a store (HVM_PARAM_STORE_PFN and
 * _EVTCHN); a dom0less domain has none, and every call then returns
 * -ENODEV. One request at a time: a call made while another is waiting
 * for its reply returns -EBUSY (the client is meant for the drivers'
 * set-up, from one thread).
 */
#ifndef XEN_XENSTORE_H
#define XEN_XENSTORE_H

#include <uk/essentials.h>
#include <uk/plat/time.h>

#define XEN_XS_RING_SIZE 1024
#define XEN_XS_PAYLOAD_MAX 4096

/* xsd_sockmsg types. */
#define XEN_XS_DIRECTORY 1
#define XEN_XS_READ 2
#define XEN_XS_WATCH 4
#define XEN_XS_UNWATCH 5
#define XEN_XS_TRANSACTION_START 6
#define XEN_XS_TRANSACTION_END 7
#define XEN_XS_WRITE 11
#define XEN_XS_RM 13
#define XEN_XS_WATCH_EVENT 15
#define XEN_XS_ERROR 16

struct xen_xs_interface {
	char req[XEN_XS_RING_SIZE];
	char rsp[XEN_XS_RING_SIZE];
	__u32 req_cons, req_prod;
	__u32 rsp_cons, rsp_prod;
	__u32 server_features;
	__u32 connection;
	__u32 error;
};

struct xen_xs_msghdr {
	__u32 type;
	__u32 req_id;
	__u32 tx_id;
	__u32 len;
};

struct xen_xs;

/*
 * A watch: fn(w, path) runs from xen_xs_dispatch for each event (the
 * path that changed, which may be below w->path). Xen fires a watch once
 * when it is set. The caller owns the structure until xen_xs_unwatch.
 */
struct xen_xs_watch {
	const char *path;
	void (*fn)(struct xen_xs_watch *w, const char *path);
	void *arg;
	/* The client's: */
	char token[24];
	struct xen_xs_watch *next;
};

#define XEN_XS_EVENTS 16
#define XEN_XS_EVENT_MAX 256

/* A connection. Its fields are the client's; tests build their own. */
struct xen_xs {
	volatile struct xen_xs_interface *ring;
	/* Tell the other end the rings moved (the event channel). */
	void (*notify)(struct xen_xs *xs);
	/* Wait for the other end, at most until (may return early). */
	void (*wait)(struct xen_xs *xs, __nsec until);
	unsigned int port;
	__nsec timeout; /* for a reply */
	__u32 next_req_id;
	int busy;
	int broken; /* the message stream is lost: every request -EIO */
	/* The message being read from the rsp ring. */
	unsigned int rx_len;
	union {
		struct xen_xs_msghdr hdr;
		__u8 bytes[sizeof(struct xen_xs_msghdr) + XEN_XS_PAYLOAD_MAX + 1];
	} rx;
	int have_reply;
	struct xen_xs_watch *watches;
	/* Watch events received, not yet dispatched (oldest first). */
	struct {
		unsigned int len;
		char data[XEN_XS_EVENT_MAX];
	} events[XEN_XS_EVENTS];
	unsigned int ev_first, ev_count, ev_dropped;
};

/* The domain's store (setup: its page mapped at page, channel port). */
void xen_xs_attach(void *page, unsigned int port);

/*
 * The domain's store connection: NULL if it has none. Binds the store's
 * event channel the first time.
 */
struct xen_xs *xen_xs_default(void);

/* Set up a connection over ring (tests: a fake store). */
void xen_xs_conn_init(struct xen_xs *xs, volatile struct xen_xs_interface *ring,
		      void (*notify)(struct xen_xs *),
		      void (*wait)(struct xen_xs *, __nsec));

/*
 * In all of these xs NULL is the domain's store (-ENODEV without one) and
 * tx is a transaction id (0: none). Errors are negative errnos: the
 * store's (-ENOENT, -EACCES, -EAGAIN...), -ETIMEDOUT when no reply comes
 * within xs->timeout, -EPROTO for a malformed reply, -ENAMETOOLONG for a
 * request above XEN_XS_PAYLOAD_MAX, -EBUSY (see above), -EIO once the
 * stream of messages is lost (a request timed out half written, or the
 * store sent a message longer than the protocol allows).
 */

/* The value at path into buf (NUL-terminated): its length, or -ERANGE
 * if it does not fit in size bytes. */
int xen_xs_read(struct xen_xs *xs, __u32 tx, const char *path, char *buf,
		unsigned int size);
int xen_xs_write(struct xen_xs *xs, __u32 tx, const char *path,
		 const char *value);
int xen_xs_rm(struct xen_xs *xs, __u32 tx, const char *path);
/* The children's names, each NUL-terminated, one after the other in buf:
 * their number, or -ERANGE. */
int xen_xs_directory(struct xen_xs *xs, __u32 tx, const char *path,
		     char *buf, unsigned int size);
/* An unsigned number at path (decimal): 0 or an error (-EINVAL if the
 * value is not a number). */
int xen_xs_read_uint(struct xen_xs *xs, __u32 tx, const char *path,
		     unsigned long *value);
/* printf into the value at path. */
int xen_xs_printf(struct xen_xs *xs, __u32 tx, const char *path,
		  const char *fmt, ...) __printf(4, 5);

int xen_xs_watch(struct xen_xs *xs, struct xen_xs_watch *w);
int xen_xs_unwatch(struct xen_xs *xs, struct xen_xs_watch *w);
/*
 * Read what the store sent and run the callbacks of the watch events
 * received (including those that came while waiting for replies), waiting
 * until one came or until (0: do not wait). Returns how many ran.
 * Events beyond XEN_XS_EVENTS waiting, or with a path longer than
 * XEN_XS_EVENT_MAX, are dropped (counted in ev_dropped): a callback reads
 * the state again rather than trusting a count of events.
 */
int xen_xs_dispatch(struct xen_xs *xs, __nsec until);

int xen_xs_transaction_start(struct xen_xs *xs, __u32 *tx);
/* Commit (or abort): -EAGAIN if another transaction changed what this
 * one read; then everything must be done again. */
int xen_xs_transaction_end(struct xen_xs *xs, __u32 tx, int abort);
/*
 * Run fn(xs, tx, arg) in a transaction and commit, again while the
 * commit says -EAGAIN, at most tries times. fn's error aborts it.
 */
int xen_xs_transaction(struct xen_xs *xs,
		       int (*fn)(struct xen_xs *xs, __u32 tx, void *arg),
		       void *arg, unsigned int tries);

/* The errno of a store error name ("ENOENT" -> ENOENT); EIO if unknown. */
int xen_xs_errno(const char *name);
#endif
