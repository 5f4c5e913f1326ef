/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Address parameters: netdev.ip (one per device, in order), and the
 * older netdev.ipv4_addr / ipv4_gw_addr / ipv4_subnet_mask for device 0.
 * Every given value is checked by an init function early in the boot, so
 * a typo stops the image with the parameter named instead of leaving a
 * silent, unreachable guest.
 */
#include <uk/netdev.h>
#include <uk/libparam.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <string.h>

static const char *ip_vals[CONFIG_LIBUKNETDEV_MAXDEVS];
static struct uk_libparam_strv ip_params = UK_LIBPARAM_STRV_INIT(ip_vals);
UK_LIBPARAM(netdev, ip, strv, &ip_params,
	    "ADDR/PREFIX:GW:DNS0:DNS1:HOSTNAME:DOMAIN, one per device "
	    "(trailing fields optional)");

static const char *old_addr, *old_gw, *old_mask;
UK_LIBPARAM(netdev, ipv4_addr, str, &old_addr,
	    "IPv4 address of device 0 (older form of netdev.ip)");
UK_LIBPARAM(netdev, ipv4_gw_addr, str, &old_gw,
	    "IPv4 gateway of device 0 (older form)");
UK_LIBPARAM(netdev, ipv4_subnet_mask, str, &old_mask,
	    "IPv4 netmask of device 0 (older form)");

/* Dotted quad from s[0..n-1] into *out (network order): 0, or -EINVAL. */
static int parse_ipv4(const char *s, __sz n, __u32 *out)
{
	__u8 b[4];
	int part = 0;
	__sz i = 0;

	if (n == 0)
		return -EINVAL;
	while (part < 4) {
		unsigned int v = 0, digits = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned int)(s[i++] - '0');
			if (++digits > 3 || v > 255)
				return -EINVAL;
		}
		if (!digits)
			return -EINVAL;
		b[part++] = (__u8)v;
		if (part < 4) {
			if (i >= n || s[i] != '.')
				return -EINVAL;
			i++;
		}
	}
	if (i != n)
		return -EINVAL;
	memcpy(out, b, 4);
	return 0;
}

static __u32 prefix_mask(unsigned int prefix)
{
	__u32 host = prefix ? 0xffffffffU << (32 - prefix) : 0;
	__u8 b[4] = { (__u8)(host >> 24), (__u8)(host >> 16),
		      (__u8)(host >> 8), (__u8)host };
	__u32 m;

	memcpy(&m, b, 4);
	return m;
}

/* A netmask's prefix length, or -1 for a mask that is not contiguous. */
static int mask_prefix(__u32 mask)
{
	const __u8 *b = (const __u8 *)&mask;
	__u32 h = (__u32)b[0] << 24 | (__u32)b[1] << 16 | (__u32)b[2] << 8 |
		  b[3];
	int n = 0;

	while (n < 32 && (h & (0x80000000U >> n)))
		n++;
	return (h << n) == 0 || n == 32 ? n : -1;
}

int uk_netdev_ipconf_parse(const char *s, struct uk_netdev_ipconf *c,
			   const char **why)
{
	const char *f[6] = { 0 };
	__sz len[6] = { 0 };
	int nf = 0;
	const char *p = s, *slash;
	unsigned int prefix = 0;

	memset(c, 0, sizeof(*c));
	for (;;) {
		const char *colon = strchr(p, ':');

		if (nf == 6) {
			*why = "more than 6 ':'-separated fields";
			return -EINVAL;
		}
		f[nf] = p;
		len[nf] = colon ? (__sz)(colon - p) : strlen(p);
		nf++;
		if (!colon)
			break;
		p = colon + 1;
	}
	slash = memchr(f[0], '/', len[0]);
	if (!slash) {
		*why = "the address needs a /PREFIX length, as in 10.0.2.15/24";
		return -EINVAL;
	}
	if (parse_ipv4(f[0], (__sz)(slash - f[0]), &c->addr) < 0) {
		*why = "the address is not a dotted IPv4 address";
		return -EINVAL;
	}
	{
		const char *d = slash + 1, *end = f[0] + len[0];

		if (d == end || end - d > 2) {
			*why = "the prefix length is not a number from 0 to 32";
			return -EINVAL;
		}
		for (; d < end; d++) {
			if (*d < '0' || *d > '9') {
				*why = "the prefix length is not a number from 0 to 32";
				return -EINVAL;
			}
			prefix = prefix * 10 + (unsigned int)(*d - '0');
		}
		if (prefix > 32) {
			*why = "the prefix length is not a number from 0 to 32";
			return -EINVAL;
		}
	}
	c->prefix = prefix;
	c->netmask = prefix_mask(prefix);
	if (nf > 1 && len[1] && parse_ipv4(f[1], len[1], &c->gw) < 0) {
		*why = "the gateway is not a dotted IPv4 address";
		return -EINVAL;
	}
	for (int i = 0; i < 2; i++)
		if (nf > 2 + i && len[2 + i] &&
		    parse_ipv4(f[2 + i], len[2 + i], &c->dns[i]) < 0) {
			*why = i ? "the second DNS server is not a dotted IPv4 "
				   "address"
				 : "the first DNS server is not a dotted IPv4 "
				   "address";
			return -EINVAL;
		}
	if (nf > 4 && len[4] >= sizeof(c->hostname)) {
		*why = "the host name is longer than 63 characters";
		return -EINVAL;
	}
	if (nf > 5 && len[5] >= sizeof(c->domain)) {
		*why = "the domain is longer than 63 characters";
		return -EINVAL;
	}
	if (nf > 4)
		memcpy(c->hostname, f[4], len[4]);
	if (nf > 5)
		memcpy(c->domain, f[5], len[5]);
	return 0;
}

static int old_form(struct uk_netdev_ipconf *c, const char **bad,
		    const char **why)
{
	int prefix;

	memset(c, 0, sizeof(*c));
	*bad = "netdev.ipv4_addr";
	if (!old_addr || parse_ipv4(old_addr, strlen(old_addr), &c->addr)) {
		*why = old_addr ? "not a dotted IPv4 address"
				: "missing (the gateway or mask was given)";
		return -EINVAL;
	}
	if (old_mask) {
		*bad = "netdev.ipv4_subnet_mask";
		if (parse_ipv4(old_mask, strlen(old_mask), &c->netmask)) {
			*why = "not a dotted IPv4 netmask";
			return -EINVAL;
		}
		prefix = mask_prefix(c->netmask);
		if (prefix < 0) {
			*why = "not a contiguous netmask";
			return -EINVAL;
		}
	} else {
		prefix = 24;
		c->netmask = prefix_mask(24);
	}
	c->prefix = (unsigned int)prefix;
	if (old_gw) {
		*bad = "netdev.ipv4_gw_addr";
		if (parse_ipv4(old_gw, strlen(old_gw), &c->gw)) {
			*why = "not a dotted IPv4 address";
			return -EINVAL;
		}
	}
	return 0;
}

int uk_netdev_ipconf_get(unsigned int index, struct uk_netdev_ipconf *conf)
{
	const char *why, *bad;

	if (index < ip_params.n)
		return uk_netdev_ipconf_parse(ip_vals[index], conf, &why);
	if (index == 0 && (old_addr || old_gw || old_mask))
		return old_form(conf, &bad, &why);
	return -ENOENT;
}

/* A bad value stops the boot like any malformed kernel parameter. */
static int ipconf_check(void)
{
	struct uk_netdev_ipconf c;
	const char *why, *bad;

	for (unsigned int i = 0; i < ip_params.n; i++)
		if (uk_netdev_ipconf_parse(ip_vals[i], &c, &why) < 0) {
			uk_pr_raw("error: kernel parameter netdev.ip (device %u): "
				  "'%s': %s; expected "
				  "ADDR/PREFIX[:GW[:DNS0[:DNS1[:HOSTNAME"
				  "[:DOMAIN]]]]]\n",
				  i, ip_vals[i], why);
			ukplat_exit(UKPLAT_EXIT_USAGE);
		}
	if (ip_params.n && (old_addr || old_gw || old_mask)) {
		uk_pr_raw("error: kernel parameters netdev.ip and netdev.ipv4_* "
			  "both given; use one form\n");
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	if (!ip_params.n && (old_addr || old_gw || old_mask) &&
	    old_form(&c, &bad, &why) < 0) {
		uk_pr_raw("error: kernel parameter %s: %s\n", bad, why);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	return 0;
}
uk_early_initcall(ipconf_check);
