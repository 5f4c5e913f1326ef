/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI enumeration and driver binding. Bus 0 is scanned, and each PCI-PCI
 * bridge's secondary bus (as the firmware numbered it); every function
 * of a multi-function device. Devices go into a static table (no
 * allocator needed), are listed at debug level, then offered to the
 * registered drivers.
 */
#include <uk/bus/pci.h>
#include <uk/bus.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>

#define PCI_MAX_DEVICES 64
#define PCI_MAX_BUSES 256
#define HEADER_MULTIFUNCTION 0x80
#define HEADER_TYPE_MASK 0x7f
#define HEADER_BRIDGE 0x01
#define BAR_IO 0x1
#define BAR_MEM_TYPE_64 0x4
#define BAR_MEM_TYPE_MASK 0x6

extern const struct pci_driver *const __start_uk_pci_drivers[] __weak;
extern const struct pci_driver *const __stop_uk_pci_drivers[] __weak;

static struct pci_device devices[PCI_MAX_DEVICES];
static int ndevices;
static int dropped;
static __u8 bus_seen[PCI_MAX_BUSES / 8];

int pci_match_id(const struct pci_device_id *ids, __u16 vendor,
		 __u16 device, __u32 class_code)
{
	for (int i = 0; ids && ids[i].vendor_id; i++) {
		const struct pci_device_id *id = &ids[i];

		if (id->vendor_id != PCI_ANY_ID && id->vendor_id != vendor)
			continue;
		if (id->device_id != PCI_ANY_ID && id->device_id != device)
			continue;
		if ((class_code & id->class_mask) !=
		    (id->class_code & id->class_mask))
			continue;
		return i;
	}
	return -1;
}

int pci_device_count(void)
{
	return ndevices;
}

struct pci_device *pci_device_get(int i)
{
	return i >= 0 && i < ndevices ? &devices[i] : NULL;
}

static __u32 rd(const struct pci_address *a, unsigned int off,
		unsigned int width)
{
	__u32 v;

	return pci_conf_read(a, off, width, &v) == 0 ? v : 0xffffffffU;
}

static void scan_bus(__u8 bus);

/* Fill in d from the configuration space of the function at a. */
static void record_function(struct pci_device *d,
			    const struct pci_address *a, __u8 header)
{
	__u32 cr = rd(a, PCI_CLASS_REVISION, 4);

	*d = (struct pci_device){
		.addr = *a,
		.vendor_id = (__u16)rd(a, PCI_VENDOR_ID, 2),
		.device_id = (__u16)rd(a, PCI_DEVICE_ID_REG, 2),
		.class_code = cr >> 8,
		.revision = (__u8)cr,
		.header_type = header & HEADER_TYPE_MASK,
		.irq_line = (__u8)rd(a, PCI_INTERRUPT_LINE, 1),
		.irq_pin = (__u8)rd(a, PCI_INTERRUPT_PIN, 1),
	};
	if (d->header_type == 0) {
		d->subsys_vendor_id = (__u16)rd(a, PCI_SUBSYSTEM_VENDOR_ID, 2);
		d->subsys_id = (__u16)rd(a, PCI_SUBSYSTEM_ID, 2);
	}
	if (!d->irq_pin)
		d->irq_line = 0xff;
}

/* Record one function; a bridge's secondary bus is scanned after it. */
static void add_function(const struct pci_address *a, __u8 header)
{
	if (ndevices < PCI_MAX_DEVICES)
		record_function(&devices[ndevices++], a, header);
	else
		dropped++;
	if ((header & HEADER_TYPE_MASK) == HEADER_BRIDGE) {
		__u8 sec = (__u8)rd(a, PCI_SECONDARY_BUS, 1);

		if (sec)
			scan_bus(sec);
	}
}

static void scan_bus(__u8 bus)
{
	if (bus_seen[bus / 8] & (1U << (bus % 8)))
		return; /* a loop in a broken bridge set-up */
	bus_seen[bus / 8] |= 1U << (bus % 8);
	for (__u8 dev = 0; dev < 32; dev++) {
		struct pci_address a = { 0, bus, dev, 0 };
		__u8 header;
		int nfunc;

		if ((__u16)rd(&a, PCI_VENDOR_ID, 2) == 0xffff)
			continue;
		header = (__u8)rd(&a, PCI_HEADER_TYPE, 1);
		nfunc = header & HEADER_MULTIFUNCTION ? 8 : 1;
		for (a.func = 0; a.func < nfunc; a.func++) {
			if (a.func &&
			    (__u16)rd(&a, PCI_VENDOR_ID, 2) == 0xffff)
				continue;
			add_function(&a, a.func ? (__u8)rd(&a, PCI_HEADER_TYPE,
							   1)
						: header);
		}
	}
}

static void bind(struct pci_device *d)
{
	for (const struct pci_driver *const *p = __start_uk_pci_drivers;
	     p < __stop_uk_pci_drivers; p++) {
		const struct pci_driver *drv = *p;
		int rc;

		if (pci_match_id(drv->ids, d->vendor_id, d->device_id,
				 d->class_code) < 0)
			continue;
		rc = drv->add_dev(d);
		if (rc == 0) {
			d->drv = drv;
			uk_pr_info("pci %02x:%02x.%x: driver %s\n", d->addr.bus,
				   d->addr.dev, d->addr.func, drv->name);
			return;
		}
		uk_pr_warn("pci %02x:%02x.%x: driver %s refused the device (%d)\n",
			   d->addr.bus, d->addr.dev, d->addr.func, drv->name,
			   rc);
	}
}

static int pci_probe(void)
{
	if (!pci_conf_present())
		return 0;
	ndevices = dropped = 0;
	for (unsigned int i = 0; i < sizeof(bus_seen); i++)
		bus_seen[i] = 0;
	scan_bus(0);
	if (dropped)
		uk_pr_warn("pci: %d devices beyond the first %d are ignored\n",
			   dropped, PCI_MAX_DEVICES);
	for (int i = 0; i < ndevices; i++) {
		struct pci_device *d = &devices[i];

		uk_pr_debug("pci %02x:%02x.%x %04x:%04x class %06x irq %u\n",
			    d->addr.bus, d->addr.dev, d->addr.func,
			    d->vendor_id, d->device_id, d->class_code,
			    d->irq_line);
	}
	for (int i = 0; i < ndevices; i++)
		bind(&devices[i]);
	return ndevices;
}

static const struct uk_bus pci_bus = { .name = "pci", .probe = pci_probe };
UK_BUS_REGISTER(&pci_bus);

static int bar_is_mem64(__u32 v)
{
	return !(v & BAR_IO) && (v & BAR_MEM_TYPE_MASK) == BAR_MEM_TYPE_64;
}

int pci_bar_get(struct pci_device *dev, int bar, __u64 *base, __u64 *size,
		int *is_io)
{
	const struct pci_address *a = &dev->addr;
	unsigned int off = PCI_BAR0 + 4 * (unsigned int)bar;
	__u32 lo, hi = 0, szlo, szhi = 0xffffffffU, cmd;
	int is64, nbars = dev->header_type == 0 ? 6 : 2;

	if (bar < 0 || bar >= nbars)
		return -EINVAL;
	/* Walk from BAR 0: a 64-bit memory BAR takes two registers. */
	for (int i = 0; i < bar; i++)
		if (bar_is_mem64(rd(a, PCI_BAR0 + 4 * (unsigned int)i, 4)) &&
		    ++i == bar)
			return -EINVAL; /* the upper half of a 64-bit BAR */
	lo = rd(a, off, 4);
	is64 = bar_is_mem64(lo);
	if (is64 && bar + 1 >= nbars)
		return -EINVAL;
	cmd = rd(a, PCI_COMMAND, 2);
	pci_conf_write(a, PCI_COMMAND, 2,
		       cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	pci_conf_write(a, off, 4, 0xffffffffU);
	szlo = rd(a, off, 4);
	pci_conf_write(a, off, 4, lo);
	if (is64) {
		hi = rd(a, off + 4, 4);
		pci_conf_write(a, off + 4, 4, 0xffffffffU);
		szhi = rd(a, off + 4, 4);
		pci_conf_write(a, off + 4, 4, hi);
	}
	pci_conf_write(a, PCI_COMMAND, 2, cmd);
	if (lo & BAR_IO) {
		__u32 mask = szlo & ~0x3U;

		if (!mask)
			return -ENOENT;
		*base = lo & ~0x3U;
		*size = (__u64)((~mask & 0xffff) + 1);
		*is_io = 1;
	} else {
		__u64 mask = ((__u64)szhi << 32) | (szlo & ~0xfU);

		if (!(szlo & ~0xfU) && !(is64 && szhi))
			return -ENOENT;
		if (!is64)
			mask |= 0xffffffff00000000ULL;
		*base = ((__u64)hi << 32) | (lo & ~0xfU);
		*size = ~mask + 1;
		*is_io = 0;
	}
	return 0;
}

int pci_enable(struct pci_device *dev, __u16 command_bits)
{
	__u32 cmd;
	int rc = pci_conf_read(&dev->addr, PCI_COMMAND, 2, &cmd);

	if (rc < 0)
		return rc;
	return pci_conf_write(&dev->addr, PCI_COMMAND, 2, cmd | command_bits);
}
