/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device buses. A bus (PCI, virtio-mmio, xenbus ...) registers itself:
 *
 *   static int pci_probe(void) { ... return number of devices found; }
 *   static const struct uk_bus pci_bus = {
 *           .name = "pci", .init = NULL, .probe = pci_probe,
 *   };
 *   UK_BUS_REGISTER(&pci_bus);
 *
 * At boot (a platform init function, after the allocator's), ukbus calls
 * every bus's init, then every bus's probe, in registration (link) order.
 * Probing finds the devices and binds the drivers registered with that
 * bus (each bus has its own driver registration: <uk/bus/pci.h> for PCI).
 * Buses are registered at link time: the registry needs no allocator.
 */
#ifndef UK_BUS_H
#define UK_BUS_H

#include <uk/essentials.h>

struct uk_bus {
	const char *name;
	/*
	 * Prepare the bus (e.g. find its configuration space). NULL if
	 * nothing to do. Returns 0, or a negative errno: the boot stops.
	 */
	int (*init)(void);
	/*
	 * Find the devices on the bus and bind drivers to them. Returns the
	 * number of devices found (0 when the machine has no such bus), or
	 * a negative errno: the boot stops.
	 */
	int (*probe)(void);
};

/* Register bus (a pointer to a struct uk_bus that lives forever). */
#define UK_BUS_REGISTER(bus)                                                   \
	static const struct uk_bus *const __used __section("uk_bustab")        \
		__align(8) UK_CONCAT(__uk_bus_, __LINE__) = (bus)

/* Number of registered buses. Any context. */
int uk_bus_count(void);

/* Registered bus i (0 <= i < count), or NULL. Any context. */
const struct uk_bus *uk_bus_get(int i);

/*
 * Initialise, then probe, every registered bus. Returns the total number
 * of devices found, or the first negative errno (naming the bus on the
 * console). ukbus calls it once at boot; tests may call it again only for
 * buses whose probe tolerates that.
 */
int uk_bus_probe_all(void);

#endif
