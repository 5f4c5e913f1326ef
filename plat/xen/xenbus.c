/* SPDX-License-Identifier: BSD-3-Clause */
/* Xenbus: the front ends' handshake through xenstore (see xenbus.h). */
#include <xen/xenbus.h>
#include <xen/hypercall.h>
#include <uk/print.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XEN_EVTCHNOP_ALLOC_UNBOUND 6
#define WAIT_DEFAULT (10ULL * 1000000000ULL)

struct xen_evtchn_alloc_unbound {
	__u16 dom, remote_dom;
	__u32 port; /* out */
};

UK_CTASSERT(sizeof(struct xen_evtchn_alloc_unbound) == 8);

long xen_evtchn_alloc_unbound(__u16 remote_dom, unsigned int *port)
{
	struct xen_evtchn_alloc_unbound a = { .dom = XEN_DOMID_SELF,
					      .remote_dom = remote_dom };
	long rc = xen_hypercall(XEN_HC_EVENT_CHANNEL_OP,
				XEN_EVTCHNOP_ALLOC_UNBOUND, (unsigned long)&a,
				0, 0, 0);

	if (rc == 0)
		*port = a.port;
	return rc;
}

static const char *const state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised",
	"Connected", "Closing", "Closed",
};

static const char *state_name(int s)
{
	return s >= 0 && s < (int)ARRAY_SIZE(state_names) ? state_names[s] :
							    "(no such state)";
}

int xen_xenbus_dev_init(struct xen_xenbus_dev *dev, struct xen_xs *xs,
			const char *nodename)
{
	char path[XEN_XENBUS_PATH_MAX + 16];
	unsigned long id;
	int rc;

	memset(dev, 0, sizeof(*dev));
	dev->xs = xs;
	dev->timeout = xs ? 2 * xs->timeout : WAIT_DEFAULT;
	if (strlen(nodename) >= sizeof(dev->nodename))
		return -ENAMETOOLONG;
	strcpy(dev->nodename, nodename);
	snprintf(path, sizeof(path), "%s/backend", nodename);
	rc = xen_xs_read(xs, 0, path, dev->backend, sizeof(dev->backend));
	if (rc == 0)
		rc = -EINVAL;
	if (rc < 0) {
		uk_pr_err("xenbus: %s: no back end (%s: %d)\n", nodename, path,
			  rc);
		return rc;
	}
	snprintf(path, sizeof(path), "%s/backend-id", nodename);
	rc = xen_xs_read_uint(xs, 0, path, &id);
	if (rc == 0 && id >= 0x7ff0)
		rc = -EINVAL;
	if (rc < 0) {
		uk_pr_err("xenbus: %s: bad backend-id (%d)\n", nodename, rc);
		return rc;
	}
	dev->backend_id = (__u16)id;
	return 0;
}

int xen_xenbus_printf(struct xen_xenbus_dev *dev, __u32 tx, const char *key,
		      const char *fmt, ...)
{
	char path[XEN_XENBUS_PATH_MAX + 32], value[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || (unsigned int)n >= sizeof(value) ||
	    (unsigned int)snprintf(path, sizeof(path), "%s/%s", dev->nodename,
				   key) >= sizeof(path))
		return -ENAMETOOLONG;
	return xen_xs_write(dev->xs, tx, path, value);
}

int xen_xenbus_switch_state(struct xen_xenbus_dev *dev,
			    enum xen_xenbus_state state)
{
	return xen_xenbus_printf(dev, 0, "state", "%d", (int)state);
}

int xen_xenbus_read_backend(struct xen_xenbus_dev *dev, const char *key,
			    char *buf, unsigned int size)
{
	char path[XEN_XENBUS_PATH_MAX + 32];

	if ((unsigned int)snprintf(path, sizeof(path), "%s/%s", dev->backend,
				   key) >= sizeof(path))
		return -ENAMETOOLONG;
	return xen_xs_read(dev->xs, 0, path, buf, size);
}

int xen_xenbus_backend_uint(struct xen_xenbus_dev *dev, const char *key,
			    unsigned long dflt, unsigned long *value)
{
	char buf[24], *end;
	int rc = xen_xenbus_read_backend(dev, key, buf, sizeof(buf));

	if (rc == -ENOENT) {
		*value = dflt;
		return 0;
	}
	if (rc < 0)
		return rc;
	if (!rc || buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	*value = strtoul(buf, &end, 10);
	return *end ? -EINVAL : 0;
}

int xen_xenbus_backend_state(struct xen_xenbus_dev *dev)
{
	unsigned long s;
	int rc = xen_xenbus_backend_uint(dev, "state", XEN_XENBUS_UNKNOWN, &s);

	return rc < 0 ? rc : (int)s;
}

static void on_state(struct xen_xs_watch *w, const char *path __unused)
{
	(*(int *)w->arg)++;
}

int xen_xenbus_wait_backend(struct xen_xenbus_dev *dev,
			    enum xen_xenbus_state want)
{
	char path[XEN_XENBUS_PATH_MAX + 8];
	int events = 0, state, rc;
	struct xen_xs_watch w = { .path = path, .fn = on_state,
				  .arg = &events };
	__nsec deadline = ukplat_monotonic_clock() + dev->timeout;

	snprintf(path, sizeof(path), "%s/state", dev->backend);
	rc = xen_xs_watch(dev->xs, &w);
	if (rc < 0)
		return rc;
	for (;;) {
		state = xen_xenbus_backend_state(dev);
		if (state < 0 || state == (int)want)
			break;
		if (state == XEN_XENBUS_CLOSING || state == XEN_XENBUS_CLOSED) {
			uk_pr_err("xenbus: %s: the back end %s is %s, waiting for %s\n",
				  dev->nodename, dev->backend,
				  state_name(state), state_name(want));
			state = -ENOTCONN;
			break;
		}
		rc = xen_xs_dispatch(dev->xs, deadline);
		if (rc < 0) {
			state = rc;
			break;
		}
		if (rc == 0 && ukplat_monotonic_clock() >= deadline) {
			uk_pr_err("xenbus: %s: the back end %s stayed %s, waiting for %s\n",
				  dev->nodename, dev->backend,
				  state_name(state), state_name(want));
			state = -ETIMEDOUT;
			break;
		}
	}
	xen_xs_unwatch(dev->xs, &w);
	/* Events of this watch still queued are dropped with it. */
	return state;
}
