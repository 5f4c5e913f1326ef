/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI bus: devices found by enumerating configuration space at boot,
 * and drivers bound to them by vendor/device ID or class.
 *
 *   static const struct pci_device_id ids[] = {
 *           PCI_DEVICE_ID(0x1af4, 0x1000),       virtio-net (legacy)
 *           PCI_DEVICE_END,
 *   };
 *   static int add(struct pci_device *dev) { ...; return 0; }
 *   static struct pci_driver drv = { .name = "virtio-pci", .ids = ids,
 *                                    .add_dev = add };
 *   UK_PCI_DRIVER_REGISTER(&drv);
 *
 * The bus registers itself with ukbus (<uk/bus.h>); probing happens at
 * boot, in a platform init function. Each device is bound to the first
 * registered driver (link order) whose table matches and whose add_dev
 * returns 0. Configuration space is reached through I/O ports on x86;
 * arm64 adds ECAM behind the same functions.
 */
#ifndef UK_BUS_PCI_H
#define UK_BUS_PCI_H

#include <uk/essentials.h>

#define PCI_ANY_ID 0xffff

/* Configuration space registers used here (type 0 and 1 headers). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID_REG 0x02
#define PCI_COMMAND 0x04
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4

struct pci_address {
	__u16 segment;
	__u8 bus, dev, func;
};

/*
 * One match rule: vendor and device (PCI_ANY_ID for any), and the class
 * code (base << 16 | sub << 8 | prog-if) under class_mask (0: any class).
 */
struct pci_device_id {
	__u16 vendor_id, device_id;
	__u32 class_code, class_mask;
};

#define PCI_DEVICE_ID(v, d) { .vendor_id = (v), .device_id = (d) }
#define PCI_DEVICE_CLASS(cls, mask)                                            \
	{ .vendor_id = PCI_ANY_ID, .device_id = PCI_ANY_ID,                    \
	  .class_code = (cls), .class_mask = (mask) }
/* Ends a table (vendor 0 is no vendor). */
#define PCI_DEVICE_END { 0 }

struct pci_driver;

struct pci_device {
	struct pci_address addr;
	__u16 vendor_id, device_id;
	__u16 subsys_vendor_id, subsys_id;
	__u32 class_code; /* base << 16 | sub << 8 | prog-if */
	__u8 revision, header_type;
	__u8 irq_line; /* for ukplat_irq_register; 0xff: none */
	__u8 irq_pin;  /* 1-4 = INTA-INTD, 0: none */
	const struct pci_driver *drv; /* bound driver, or NULL */
	void *drv_data;               /* the driver's, once bound */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *ids; /* ends with PCI_DEVICE_END */
	/*
	 * Take dev: 0 binds it to this driver; a negative errno leaves it
	 * for the next matching driver. Boot context (may allocate).
	 */
	int (*add_dev)(struct pci_device *dev);
};

#define UK_PCI_DRIVER_REGISTER(drv)                                            \
	static const struct pci_driver *const __used                           \
		__section("uk_pci_drivers") __align(8)                         \
		UK_CONCAT(__uk_pci_driver_, __LINE__) = (drv)

/*
 * Index of the first entry of ids matching the device, or -1. Pure.
 */
int pci_match_id(const struct pci_device_id *ids, __u16 vendor,
		 __u16 device, __u32 class_code);

/* Devices found at boot (in bus/device/function order). Any context. */
int pci_device_count(void);
struct pci_device *pci_device_get(int i);

/*
 * Read or write width (1, 2 or 4) bytes of configuration space at offset
 * off (aligned to width, below 256 with port I/O). Returns 0, -EINVAL for
 * a bad width, offset or address, -ENODEV without a configuration
 * mechanism. A read from an absent function gives all ones. Any context.
 */
int pci_conf_read(const struct pci_address *a, unsigned int off,
		  unsigned int width, __u32 *val);
int pci_conf_write(const struct pci_address *a, unsigned int off,
		   unsigned int width, __u32 val);

/*
 * Base address register bar (0-5) of dev: *base, *size and whether it is
 * an I/O port range (*is_io). Sizing writes all ones to the register
 * for a moment (decoding is switched off meanwhile). Returns 0, -ENOENT
 * for an unimplemented BAR, -EINVAL for a bad index (including the upper
 * half of a 64-bit BAR). Driver set-up only.
 */
int pci_bar_get(struct pci_device *dev, int bar, __u64 *base, __u64 *size,
		int *is_io);

/*
 * Set bits in the command register (PCI_COMMAND_IO/MEMORY/MASTER).
 * Returns 0 or a negative errno from pci_conf_*.
 */
int pci_enable(struct pci_device *dev, __u16 command_bits);

/* Platform side: has the machine a configuration mechanism? (1/0) */
int pci_conf_present(void);
#endif
