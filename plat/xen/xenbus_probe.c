/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "xenbus" ukbus bus: at boot, the devices xenstore lists under
 * device/vbd and device/vif are handed to blkfront and netfront (those
 * selected). A domain without a store (dom0less) has no device. A device
 * that fails to connect is left out with its message; the boot goes on.
 */
#include <xen/xenbus.h>
#include <xen/blkif.h>
#ifdef CONFIG_XEN_NETFRONT
#include <xen/netif.h>
#endif
#include <uk/bus.h>
#include <uk/print.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int probe_type(struct xen_xs *xs, const char *type,
		      int (*add)(struct xen_xs *, const char *,
				 void (*)(void *), void *))
{
	char dir[32], names[512], node[XEN_XENBUS_PATH_MAX];
	const char *name = names;
	int n, found = 0;

	snprintf(dir, sizeof(dir), "device/%s", type);
	n = xen_xs_directory(xs, 0, dir, names, sizeof(names));
	if (n == -ENOENT)
		return 0;
	if (n < 0) {
		uk_pr_err("xenbus: cannot list %s: %d\n", dir, n);
		return 0;
	}
	for (int i = 0; i < n; i++, name += strlen(name) + 1) {
		if (strlen(dir) + strlen(name) + 2 > sizeof(node)) {
			uk_pr_err("xenbus: %s/%s: name too long\n", dir, name);
			continue;
		}
		strcpy(node, dir);
		strcat(node, "/");
		strcat(node, name);
		if (add(xs, node, NULL, NULL) >= 0)
			found++;
	}
	return found;
}

static int xenbus_probe(void)
{
	struct xen_xs *xs = xen_xs_default();
	int found = 0;

	if (!xs)
		return 0;
#ifdef CONFIG_XEN_BLKFRONT
	found += probe_type(xs, "vbd", xen_blkfront_add);
#endif
#ifdef CONFIG_XEN_NETFRONT
	found += probe_type(xs, "vif", xen_netfront_add);
#endif
	return found;
}

static const struct uk_bus xenbus = {
	.name = "xenbus",
	.probe = xenbus_probe,
};

UK_BUS_REGISTER(&xenbus);
