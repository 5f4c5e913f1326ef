/* SPDX-License-Identifier: BSD-3-Clause */
/* Glue between the boot set-up (init.c) and the interfaces (netif.c). */
#ifndef TESSERA_NETIF_H
#define TESSERA_NETIF_H

#include "lwip/netif.h"

struct uk_netdev;

/*
 * Set up dev (one queue pair, pools, receive thread) and add it to lwip
 * as an interface that is up, with the given IPv4 configuration (zeros:
 * none yet). NULL after printing why. Thread context, core lock not held.
 */
struct netif *uk_lwip_netif_add(struct uk_netdev *dev, const ip4_addr_t *ip,
				const ip4_addr_t *mask, const ip4_addr_t *gw);

#endif
