/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LINUXU_INITRD_H
#define LINUXU_INITRD_H

#include <uk/plat/memory.h>

/*
 * The initrd region (the file of linuxu.initrd=, mapped at the first
 * call): returns 1 and fills desc, or 0 when no initrd was given. Stops
 * the boot if the file cannot be mapped.
 */
int linuxu_initrd_map(struct ukplat_memregion_desc *desc);

#endif
