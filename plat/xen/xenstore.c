/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xenstore client (see include/xen/xenstore.h). Writes go to the req
 * ring in pieces as room frees; the rsp ring is read into xs->rx until a
 * whole message is there: a watch event is queued, anything else is the
 * reply being waited for. The other end is told (event channel) after
 * each write to req and each read from rsp.
 */
#include <xen/xenstore.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR sizeof(struct xen_xs_msghdr)
#define REPLY_TIMEOUT (5ULL * 1000000000ULL)

UK_CTASSERT(sizeof(struct xen_xs_msghdr) == 16);
UK_CTASSERT(offsetof(struct xen_xs_interface, req_cons) == 2048);
UK_CTASSERT(offsetof(struct xen_xs_interface, error) == 2072);

static const struct {
	const char *name;
	int err;
} errors[] = {
	{ "EINVAL", EINVAL },	{ "EACCES", EACCES }, { "EEXIST", EEXIST },
	{ "EISDIR", EISDIR },	{ "ENOENT", ENOENT }, { "ENOMEM", ENOMEM },
	{ "ENOSPC", ENOSPC },	{ "EIO", EIO },	      { "ENOTEMPTY", ENOTEMPTY },
	{ "ENOSYS", ENOSYS },	{ "EROFS", EROFS },   { "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN },	{ "EISCONN", EISCONN }, { "E2BIG", E2BIG },
	{ "EPERM", EPERM },
};

int xen_xs_errno(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(errors); i++)
		if (!strcmp(name, errors[i].name))
			return errors[i].err;
	return EIO;
}

void xen_xs_conn_init(struct xen_xs *xs, volatile struct xen_xs_interface *ring,
		      void (*notify)(struct xen_xs *),
		      void (*wait)(struct xen_xs *, __nsec))
{
	memset(xs, 0, sizeof(*xs));
	xs->ring = ring;
	xs->notify = notify;
	xs->wait = wait;
	xs->timeout = REPLY_TIMEOUT;
	xs->next_req_id = 1;
}

/* ------------------------------------------------------------------ */
/* The domain's store */

static struct xen_xs store;
static void *store_page;
static unsigned int store_port;

static void store_notify(struct xen_xs *xs)
{
	xen_evtchn_send(xs->port);
}

static void store_event(unsigned int port __unused, void *arg __unused)
{
	/* Only to end the halt in store_wait. */
}

static void store_wait(struct xen_xs *xs __unused, __nsec until)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	ukplat_lcpu_halt_irq_until(until);
	ukplat_lcpu_restore_irqf(flags);
}

void xen_xs_attach(void *page, unsigned int port)
{
	store_page = page;
	store_port = port;
}

struct xen_xs *xen_xs_default(void)
{
	static int done;

	if (!store_page)
		return NULL;
	if (!done) {
		int rc;

		done = 1;
		xen_xs_conn_init(&store, store_page, store_notify, store_wait);
		store.port = store_port;
		/* Without the interrupt, waits end on their 10 ms steps. */
		rc = xen_evtchn_init();
		if (!rc)
			rc = xen_evtchn_bind(store_port, store_event, NULL);
		if (rc)
			uk_pr_warn("xen: xenstore event channel %u not bound (%d): polling\n",
				   store_port, rc);
	}
	return &store;
}

static struct xen_xs *conn(struct xen_xs *xs)
{
	return xs ? xs : xen_xs_default();
}

/* ------------------------------------------------------------------ */
/* The rings */

/* Put what fits of buf on the req ring; returns how much. */
static unsigned int req_put(struct xen_xs *xs, const void *buf,
			    unsigned int len)
{
	volatile struct xen_xs_interface *r = xs->ring;
	__u32 cons = r->req_cons, prod = r->req_prod, room, n = 0;

	mb();
	room = XEN_XS_RING_SIZE - (prod - cons);
	if (room > XEN_XS_RING_SIZE)
		return 0;
	for (; n < len && n < room; n++)
		r->req[(prod + n) & (XEN_XS_RING_SIZE - 1)] =
			((const char *)buf)[n];
	wmb();
	r->req_prod = prod + n;
	return n;
}

/* Take up to len bytes from the rsp ring into buf; returns how many. */
static unsigned int rsp_get(struct xen_xs *xs, void *buf, unsigned int len)
{
	volatile struct xen_xs_interface *r = xs->ring;
	__u32 cons = r->rsp_cons, prod = r->rsp_prod, avail, n = 0;

	rmb();
	avail = prod - cons;
	if (avail > XEN_XS_RING_SIZE)
		return 0;
	for (; n < len && n < avail; n++)
		((char *)buf)[n] = r->rsp[(cons + n) & (XEN_XS_RING_SIZE - 1)];
	mb();
	r->rsp_cons = cons + n;
	return n;
}

static void queue_event(struct xen_xs *xs)
{
	unsigned int len = xs->rx.hdr.len, slot;

	if (len > XEN_XS_EVENT_MAX || xs->ev_count == XEN_XS_EVENTS) {
		xs->ev_dropped++;
		return;
	}
	slot = (xs->ev_first + xs->ev_count++) % XEN_XS_EVENTS;
	memcpy(xs->events[slot].data, xs->rx.bytes + HDR, len);
	xs->events[slot].len = len;
}

/*
 * Read the rsp ring: queue whole watch events, stop at a whole reply
 * (have_reply). Returns -EPROTO if the store sent a length above the
 * payload limit (the connection is then unusable).
 */
static int pump(struct xen_xs *xs)
{
	unsigned int got = 0;

	while (!xs->have_reply) {
		unsigned int want = xs->rx_len < HDR ? HDR - xs->rx_len :
				    HDR + xs->rx.hdr.len - xs->rx_len;
		unsigned int n = rsp_get(xs, xs->rx.bytes + xs->rx_len, want);

		got += n;
		xs->rx_len += n;
		if (xs->rx_len == HDR && xs->rx.hdr.len > XEN_XS_PAYLOAD_MAX) {
			uk_pr_err("xen: xenstore sent a message of %u bytes (most: %u): connection given up\n",
				  xs->rx.hdr.len, XEN_XS_PAYLOAD_MAX);
			xs->broken = 1;
			return -EPROTO;
		}
		if (xs->rx_len >= HDR && xs->rx_len == HDR + xs->rx.hdr.len) {
			xs->rx.bytes[xs->rx_len] = 0;
			if (xs->rx.hdr.type == XEN_XS_WATCH_EVENT) {
				queue_event(xs);
				xs->rx_len = 0;
			} else {
				xs->have_reply = 1;
			}
			continue;
		}
		if (!n)
			break;
	}
	if (got)
		xs->notify(xs);
	return 0;
}

static int wait_step(struct xen_xs *xs, __nsec deadline)
{
	__nsec now = ukplat_monotonic_clock();

	if (now >= deadline)
		return -ETIMEDOUT;
	xs->wait(xs, MIN(deadline, now + ukarch_time_msec_to_nsec(10)));
	return 0;
}

/*
 * Send a request of parts (n strings; each but the last with its NUL, the
 * last with it if last_nul) and wait for its reply, left in xs->rx
 * (payload NUL-terminated). Returns the reply's payload length or an
 * error (an XS_ERROR reply: its errno).
 */
static int request(struct xen_xs *xs, __u32 type, __u32 tx,
		   const char *const *parts, unsigned int n, int last_nul)
{
	struct xen_xs_msghdr h = { .type = type, .tx_id = tx };
	__nsec deadline;
	int rc;

	if (!xs)
		return -ENODEV;
	if (__atomic_exchange_n(&xs->busy, 1, __ATOMIC_ACQUIRE))
		return -EBUSY;
	for (unsigned int i = 0; i < n; i++)
		h.len += strlen(parts[i]) + (i + 1 < n || last_nul);
	if (xs->broken) {
		rc = -EIO;
		goto out;
	}
	if (h.len > XEN_XS_PAYLOAD_MAX) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	h.req_id = xs->next_req_id++;
	deadline = ukplat_monotonic_clock() + xs->timeout;
	/* The header, then each part, as room frees on the ring. */
	for (unsigned int i = 0; i <= n; i++) {
		const char *p = i ? parts[i - 1] : (const char *)&h;
		unsigned int len = i ? strlen(p) + (i < n || last_nul) : HDR;

		while (len) {
			unsigned int put = req_put(xs, p, len);

			p += put;
			len -= put;
			xs->notify(xs);
			if (len) {
				if ((rc = pump(xs)) < 0 ||
				    (rc = wait_step(xs, deadline)) < 0) {
					/* Half a message is on the ring. */
					xs->broken = 1;
					goto out;
				}
			}
		}
	}
	for (;;) {
		if ((rc = pump(xs)) < 0)
			goto out;
		if (xs->have_reply) {
			if (xs->rx.hdr.req_id == h.req_id)
				break;
			/* A stray reply (to a request that timed out). */
			xs->have_reply = 0;
			xs->rx_len = 0;
			continue;
		}
		if ((rc = wait_step(xs, deadline)) < 0) {
			uk_pr_err("xen: xenstore did not answer request %u (type %u) in time\n",
				  h.req_id, type);
			goto out;
		}
	}
	xs->have_reply = 0;
	xs->rx_len = 0;
	if (xs->rx.hdr.type == XEN_XS_ERROR)
		rc = -xen_xs_errno((const char *)xs->rx.bytes + HDR);
	else if (xs->rx.hdr.type != type)
		rc = -EPROTO;
	else
		rc = (int)xs->rx.hdr.len;
out:
	__atomic_store_n(&xs->busy, 0, __ATOMIC_RELEASE);
	return rc;
}

static const char *payload(struct xen_xs *xs)
{
	return (const char *)xs->rx.bytes + HDR;
}

/* A reply that must be "OK". */
static int ok_reply(struct xen_xs *xs, int rc)
{
	if (rc < 0)
		return rc;
	return strcmp(payload(xs), "OK") ? -EPROTO : 0;
}

/* ------------------------------------------------------------------ */
/* Requests */

int xen_xs_read(struct xen_xs *xs, __u32 tx, const char *path, char *buf,
		unsigned int size)
{
	const char *parts[] = { path };
	int rc;

	xs = conn(xs);
	rc = request(xs, XEN_XS_READ, tx, parts, 1, 1);
	if (rc < 0)
		return rc;
	if ((unsigned int)rc >= size)
		return -ERANGE;
	memcpy(buf, payload(xs), rc);
	buf[rc] = 0;
	return rc;
}

int xen_xs_write(struct xen_xs *xs, __u32 tx, const char *path,
		 const char *value)
{
	const char *parts[] = { path, value };

	xs = conn(xs);
	return ok_reply(xs, request(xs, XEN_XS_WRITE, tx, parts, 2, 0));
}

int xen_xs_rm(struct xen_xs *xs, __u32 tx, const char *path)
{
	const char *parts[] = { path };

	xs = conn(xs);
	return ok_reply(xs, request(xs, XEN_XS_RM, tx, parts, 1, 1));
}

int xen_xs_directory(struct xen_xs *xs, __u32 tx, const char *path,
		     char *buf, unsigned int size)
{
	const char *parts[] = { path };
	int rc, count = 0;

	xs = conn(xs);
	rc = request(xs, XEN_XS_DIRECTORY, tx, parts, 1, 1);
	if (rc < 0)
		return rc;
	if (rc && payload(xs)[rc - 1] != 0)
		return -EPROTO;
	if ((unsigned int)rc > size)
		return -ERANGE;
	memcpy(buf, payload(xs), rc);
	for (int i = 0; i < rc; i++)
		count += buf[i] == 0;
	return count;
}

int xen_xs_read_uint(struct xen_xs *xs, __u32 tx, const char *path,
		     unsigned long *value)
{
	char buf[24], *end;
	int rc = xen_xs_read(xs, tx, path, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (!rc || buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	*value = strtoul(buf, &end, 10);
	return *end ? -EINVAL : 0;
}

int xen_xs_printf(struct xen_xs *xs, __u32 tx, const char *path,
		  const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (unsigned int)n >= sizeof(buf))
		return -ENAMETOOLONG;
	return xen_xs_write(xs, tx, path, buf);
}

int xen_xs_watch(struct xen_xs *xs, struct xen_xs_watch *w)
{
	const char *parts[2];
	int rc;

	xs = conn(xs);
	if (!xs)
		return -ENODEV;
	if (!w || !w->path || !w->fn)
		return -EINVAL;
	snprintf(w->token, sizeof(w->token), "tw%lx", (unsigned long)(__uptr)w);
	parts[0] = w->path;
	parts[1] = w->token;
	/* Listed first: the event Xen sends at once may precede the reply. */
	w->next = xs->watches;
	xs->watches = w;
	rc = ok_reply(xs, request(xs, XEN_XS_WATCH, 0, parts, 2, 1));
	if (rc < 0)
		xs->watches = w->next;
	return rc;
}

int xen_xs_unwatch(struct xen_xs *xs, struct xen_xs_watch *w)
{
	const char *parts[2];
	struct xen_xs_watch **p;

	xs = conn(xs);
	if (!xs)
		return -ENODEV;
	for (p = &xs->watches; *p && *p != w; p = &(*p)->next)
		;
	if (!*p)
		return -ENOENT;
	*p = w->next;
	parts[0] = w->path;
	parts[1] = w->token;
	return ok_reply(xs, request(xs, XEN_XS_UNWATCH, 0, parts, 2, 1));
}

int xen_xs_dispatch(struct xen_xs *xs, __nsec until)
{
	int ran = 0, rc;

	xs = conn(xs);
	if (!xs)
		return -ENODEV;
	if (__atomic_exchange_n(&xs->busy, 1, __ATOMIC_ACQUIRE))
		return -EBUSY;
	for (;;) {
		if ((rc = pump(xs)) < 0)
			break;
		while (xs->ev_count) {
			unsigned int slot = xs->ev_first;
			char ev[XEN_XS_EVENT_MAX + 1];
			unsigned int len = xs->events[slot].len;
			const char *path = ev, *token;
			struct xen_xs_watch *w;

			memcpy(ev, xs->events[slot].data, len);
			ev[len] = 0;
			xs->ev_first = (slot + 1) % XEN_XS_EVENTS;
			xs->ev_count--;
			token = path + strnlen(path, len) + 1;
			if (token >= ev + len)
				continue; /* no token: not ours */
			for (w = xs->watches; w; w = w->next)
				if (!strcmp(w->token, token))
					break;
			if (!w)
				continue;
			/* The callback may make requests. */
			__atomic_store_n(&xs->busy, 0, __ATOMIC_RELEASE);
			w->fn(w, path);
			__atomic_store_n(&xs->busy, 1, __ATOMIC_SEQ_CST);
			ran++;
		}
		if (ran || !until || wait_step(xs, until) < 0)
			break;
	}
	__atomic_store_n(&xs->busy, 0, __ATOMIC_RELEASE);
	return rc < 0 ? rc : ran;
}

int xen_xs_transaction_start(struct xen_xs *xs, __u32 *tx)
{
	const char *parts[] = { "" };
	unsigned long id;
	char *end;
	int rc;

	xs = conn(xs);
	rc = request(xs, XEN_XS_TRANSACTION_START, 0, parts, 1, 1);
	if (rc < 0)
		return rc;
	id = strtoul(payload(xs), &end, 10);
	if (end == payload(xs) || *end || !id || id > 0xffffffffUL)
		return -EPROTO;
	*tx = (__u32)id;
	return 0;
}

int xen_xs_transaction_end(struct xen_xs *xs, __u32 tx, int abort)
{
	const char *parts[] = { abort ? "F" : "T" };

	xs = conn(xs);
	return ok_reply(xs, request(xs, XEN_XS_TRANSACTION_END, tx, parts, 1, 1));
}

int xen_xs_transaction(struct xen_xs *xs,
		       int (*fn)(struct xen_xs *xs, __u32 tx, void *arg),
		       void *arg, unsigned int tries)
{
	int rc = -EAGAIN;

	xs = conn(xs);
	while (tries-- && rc == -EAGAIN) {
		__u32 tx;

		if ((rc = xen_xs_transaction_start(xs, &tx)) < 0)
			return rc;
		rc = fn(xs, tx, arg);
		if (rc < 0) {
			xen_xs_transaction_end(xs, tx, 1);
			if (rc != -EAGAIN)
				return rc;
			continue;
		}
		rc = xen_xs_transaction_end(xs, tx, 0);
	}
	return rc;
}
