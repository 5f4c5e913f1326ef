/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen console: Xen's console_io hypercall (CONSOLEIO_WRITE), which a
 * dom0less domain has (it gets no console page) and so does any domain
 * Xen lets write to its own console. Xen prints a guest's bytes line by
 * line, each prefixed "(dN) ", with guest_loglvl=all. With console_io
 * there is no input: a dom0less domain has no console ring, and
 * CONSOLEIO_READ is the hardware domain's. A domain given "vpl011" has
 * Xen's emulated SBSA UART in its device tree: then output and input go
 * through that UART instead (sbsa_uart.c). A domain the toolstack built
 * (xl create) has a console page and event channel (HVM params): then
 * output and input go through that PV ring (consring.c) unless the domain
 * also has the UART. Order: UART, ring, console_io. On x86_64 the
 * "UART" is port 0xe9, which gives way to the ring (x86/console.c):
 * ring, console_io, port 0xe9.
 */
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <xen/console.h>
#include <xen/consring.h>
#include <xen/hypercall.h>
#include <errno.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	long rc = 0;

	if (xen_uart_present())
		xen_uart_write(buf, len);
	else if (xen_pvcons_present())
		rc = xen_pvcons_write(buf, len) == len ? 0 : -1;
	else
		rc = xen_console_io_write(buf, len);
	ukplat_lcpu_restore_irqf(flags);
	return rc < 0 ? -EIO : (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	if (xen_uart_present())
		return maxlen ? xen_uart_read(buf, maxlen) : 0;
	if (xen_pvcons_present())
		return maxlen ? xen_pvcons_read(buf, maxlen) : 0;
	return -EIO;
}

/* Xen's console (console_io or the emulated UART) is a terminal line. */
int ukplat_console_is_terminal(int side)
{
	(void)side;
	return 1;
}
