/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI configuration space through ECAM (the PCI Express enhanced
 * configuration access mechanism: 4 KiB of registers per function,
 * memory-mapped at base + (bus << 20 | dev << 15 | func << 12)), behind
 * the pci_conf_* functions of <uk/bus/pci.h>. The platform finds the
 * window (arm64: the device tree's pci-host-ecam-generic node), maps it
 * as device memory and hands it over here before the bus is probed.
 */
#ifndef UK_BUS_PCI_ECAM_H
#define UK_BUS_PCI_ECAM_H

#include <uk/essentials.h>

/*
 * Use the mapped ECAM window at base, of size bytes, for buses
 * bus_start..bus_end (the window's first MiB is bus_start's). Returns 0,
 * or -EINVAL when the window is smaller than the bus range needs or the
 * range is empty. Boot only.
 */
int pci_ecam_set(__uptr base, __sz size, unsigned int bus_start,
		 unsigned int bus_end);
#endif
