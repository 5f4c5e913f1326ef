/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI configuration space through an ECAM window (see <uk/bus/pci_ecam.h>). */
#include <uk/bus/pci.h>
#include <uk/bus/pci_ecam.h>
#include <uk/arch/io.h>
#include <errno.h>

static __uptr ecam;
static unsigned int first_bus, last_bus;

int pci_ecam_set(__uptr base, __sz size, unsigned int bus_start,
		 unsigned int bus_end)
{
	if (bus_end < bus_start || bus_end > 255 ||
	    size < ((__sz)(bus_end - bus_start + 1) << 20))
		return -EINVAL;
	ecam = base;
	first_bus = bus_start;
	last_bus = bus_end;
	return 0;
}

int pci_conf_present(void)
{
	return ecam != 0;
}

/* Address of register off of function a, or 0 for a bad request. */
static volatile __u8 *reg(const struct pci_address *a, unsigned int off,
			  unsigned int width, int *rc)
{
	if ((width != 1 && width != 2 && width != 4) || off > 4095 ||
	    (off & (width - 1)) || a->segment || a->dev > 31 || a->func > 7 ||
	    a->bus < first_bus || a->bus > last_bus) {
		*rc = -EINVAL;
		return 0;
	}
	if (!ecam) {
		*rc = -ENODEV;
		return 0;
	}
	*rc = 0;
	return (volatile __u8 *)(ecam + ((__uptr)(a->bus - first_bus) << 20 |
					 (__uptr)a->dev << 15 |
					 (__uptr)a->func << 12 | off));
}

int pci_conf_read(const struct pci_address *a, unsigned int off,
		  unsigned int width, __u32 *val)
{
	int rc;
	volatile __u8 *p = reg(a, off, width, &rc);

	if (!p)
		return rc;
	*val = width == 4 ? ukarch_mmio_read32(p)
	     : width == 2 ? ukarch_mmio_read16(p) : ukarch_mmio_read8(p);
	return 0;
}

int pci_conf_write(const struct pci_address *a, unsigned int off,
		   unsigned int width, __u32 val)
{
	int rc;
	volatile __u8 *p = reg(a, off, width, &rc);

	if (!p)
		return rc;
	if (width == 4)
		ukarch_mmio_write32(p, val);
	else if (width == 2)
		ukarch_mmio_write16(p, (__u16)val);
	else
		ukarch_mmio_write8(p, (__u8)val);
	return 0;
}
