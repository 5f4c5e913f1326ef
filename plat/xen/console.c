/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen console: Xen's console_io hypercall (CONSOLEIO_WRITE), which a
 * dom0less domain has (it gets no console page) and so does any domain
 * Xen lets write to its own console. Xen prints a guest's bytes line by
 * line, each prefixed "(dN) ", with guest_loglvl=all. Input has no way
 * in: a dom0less domain has no console ring, and CONSOLEIO_READ is the
 * hardware domain's.
 */
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <xen/hypercall.h>
#include <errno.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	long rc = xen_console_io_write(buf, len);

	ukplat_lcpu_restore_irqf(flags);
	return rc < 0 ? -EIO : (int)len;
}

int ukplat_cink(char *buf __unused, unsigned int maxlen __unused)
{
	return -EIO;
}
