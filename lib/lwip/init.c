/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot: start lwip's tcpip thread, turn every uknetdev device into an
 * interface with the address from netdev.ip= (or DHCP), wait a bounded
 * time for DHCP, and print each interface's addresses.
 */
#include "lwip/opt.h"
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/ip4_addr.h"
#include "tessera_netif.h"
#include <uk/netdev.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#include <uk/plat/bootstrap.h>
#include <string.h>

static void tcpip_ready(void *arg)
{
	sys_sem_signal(arg);
}

static void print_netif(struct netif *n, const char *how)
{
	char a[16], m[16], g[16];

	ip4addr_ntoa_r(netif_ip4_addr(n), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_netmask(n), m, sizeof(m));
	ip4addr_ntoa_r(netif_ip4_gw(n), g, sizeof(g));
	uk_pr_info("%c%c%u: %s netmask %s gateway %s (%s)\n", n->name[0],
		   n->name[1], n->num, a, m, g, how);
}

#if LWIP_DHCP
static int dhcp_wait(struct netif **dh, int ndh)
{
	__nsec until = ukplat_monotonic_clock() +
		       (__nsec)CONFIG_LIBLWIP_DHCP_WAIT_MS * 1000000ULL;
	int missing;

	do {
		missing = 0;
		LOCK_TCPIP_CORE();
		for (int i = 0; i < ndh; i++)
			missing += !dhcp_supplied_address(dh[i]);
		UNLOCK_TCPIP_CORE();
		if (!missing)
			return 0;
		uk_sched_sleep(10000000);
	} while (ukplat_monotonic_clock() < until);
	return missing;
}
#endif

static int lwip_boot(void)
{
	struct netif *dh[CONFIG_LIBUKNETDEV_MAXDEVS];
	unsigned int ndev = uk_netdev_count();
	int ndh = 0, nup = 0;
	sys_sem_t ready;

	sys_sem_new(&ready, 0);
	tcpip_init(tcpip_ready, &ready);
	sys_arch_sem_wait(&ready, 0);
	sys_sem_free(&ready);

	for (unsigned int i = 0; i < ndev; i++) {
		struct uk_netdev *dev = uk_netdev_get(i);
		struct uk_netdev_ipconf c;
		ip4_addr_t ip = { 0 }, mask = { 0 }, gw = { 0 };
		int have = uk_netdev_ipconf_get(i, &c) == 0;
		struct netif *n;

		if (have) {
			ip.addr = c.addr;
			mask.addr = c.netmask;
			gw.addr = c.gw;
		}
		n = uk_lwip_netif_add(dev, &ip, &mask, &gw);
		if (!n)
			continue;
		nup++;
		LOCK_TCPIP_CORE();
		if (nup == 1)
			netif_set_default(n);
		if (have) {
#if LWIP_DNS
			for (int k = 0; k < 2; k++)
				if (c.dns[k]) {
					ip_addr_t d = IPADDR4_INIT(c.dns[k]);

					dns_setserver((u8_t)k, &d);
				}
#endif
			if (c.hostname[0]) {
				static char names[CONFIG_LIBUKNETDEV_MAXDEVS]
						 [64];

				strcpy(names[i], c.hostname);
				netif_set_hostname(n, names[i]);
			}
			print_netif(n, "netdev.ip");
		}
#if LWIP_DHCP
		else {
			dhcp_start(n);
			dh[ndh++] = n;
		}
#endif
		UNLOCK_TCPIP_CORE();
	}
#if LWIP_DHCP
	if (ndh) {
		int missing = dhcp_wait(dh, ndh);

		for (int i = 0; i < ndh; i++) {
			LOCK_TCPIP_CORE();
			if (dhcp_supplied_address(dh[i]))
				print_netif(dh[i], "DHCP");
			else
				uk_pr_warn("%c%c%u: no DHCP lease within %d ms; "
					   "still asking (or give netdev.ip=)\n",
					   dh[i]->name[0], dh[i]->name[1],
					   dh[i]->num,
					   CONFIG_LIBLWIP_DHCP_WAIT_MS);
			UNLOCK_TCPIP_CORE();
		}
		(void)missing;
	}
#endif
	if (!nup) {
#ifdef CONFIG_LIBLWIP_NEED_NETDEV
		uk_pr_raw("error: lwip: no network device%s; this image needs "
			  "one (qemu-guest -n user, or linuxu.tap=IFNAME)\n",
			  ndev ? " could be set up" : " found");
		ukplat_exit(UKPLAT_EXIT_USAGE);
#else
		uk_pr_info("lwip: no network device; only the loopback "
			   "interface is up\n");
#endif
	}
	return 0;
}
uk_lib_initcall(lwip_boot);
