/* SPDX-License-Identifier: BSD-3-Clause */
/* Device interrupts. */
#ifndef UK_PLAT_IRQ_H
#define UK_PLAT_IRQ_H

#include <uk/essentials.h>

/* Returns 1 if it handled the interrupt, 0 if it was not its device's. */
typedef int (*uk_irq_handler_t)(void *arg);

/*
 * Call handler(arg) in interrupt context when interrupt line irq fires
 * (the number the bus reported for the device: PCI INTx/MSI vector,
 * GSI, GIC SPI). Several handlers may share a line. Unmasks the line.
 * Returns 0, -EINVAL for a line the platform does not have, -ENOMEM.
 */
int ukplat_irq_register(unsigned long irq, uk_irq_handler_t handler,
			void *arg);

#endif
