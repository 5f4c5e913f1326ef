/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI configuration space through I/O ports 0xcf8 (address) and 0xcfc
 * (data): configuration mechanism #1 of the PCI local bus specification.
 * Segment 0 only; registers 0-255.
 */
#include <uk/bus/pci.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <errno.h>

#define CONF_ADDR 0xcf8
#define CONF_DATA 0xcfc
#define CONF_ENABLE 0x80000000U

static int present = -1;

int pci_conf_present(void)
{
	if (present < 0) {
		/* The address register reads back what was written. */
		__u32 old = ukarch_inl(CONF_ADDR);

		ukarch_outl(CONF_ADDR, CONF_ENABLE);
		present = ukarch_inl(CONF_ADDR) == CONF_ENABLE;
		ukarch_outl(CONF_ADDR, old);
	}
	return present;
}

static int select_reg(const struct pci_address *a, unsigned int off,
		      unsigned int width)
{
	if ((width != 1 && width != 2 && width != 4) || off > 255 ||
	    (off & (width - 1)) || a->segment || a->dev > 31 || a->func > 7)
		return -EINVAL;
	if (!pci_conf_present())
		return -ENODEV;
	ukarch_outl(CONF_ADDR, CONF_ENABLE | (__u32)a->bus << 16 |
				       (__u32)a->dev << 11 |
				       (__u32)a->func << 8 | (off & 0xfc));
	return 0;
}

int pci_conf_read(const struct pci_address *a, unsigned int off,
		  unsigned int width, __u32 *val)
{
	unsigned long flags;
	int rc;

	flags = ukarch_irq_save();
	rc = select_reg(a, off, width);
	if (rc == 0) {
		__u16 port = CONF_DATA + (off & 3);

		*val = width == 4 ? ukarch_inl(port)
		     : width == 2 ? ukarch_inw(port) : ukarch_inb(port);
	}
	if (flags)
		ukarch_irq_enable();
	return rc;
}

int pci_conf_write(const struct pci_address *a, unsigned int off,
		   unsigned int width, __u32 val)
{
	unsigned long flags;
	int rc;

	flags = ukarch_irq_save();
	rc = select_reg(a, off, width);
	if (rc == 0) {
		__u16 port = CONF_DATA + (off & 3);

		if (width == 4)
			ukarch_outl(port, val);
		else if (width == 2)
			ukarch_outw(port, (__u16)val);
		else
			ukarch_outb(port, (__u8)val);
	}
	if (flags)
		ukarch_irq_enable();
	return rc;
}
