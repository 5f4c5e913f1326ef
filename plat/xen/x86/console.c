/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen x86_64 console back-ends behind plat/xen/console.c: it uses
 * console_io unless xen_uart_present() says otherwise, and then
 * xen_uart_write. Here the "UART" is Xen's HVM debug port 0xe9 (when Xen
 * refuses console_io to the domain: release builds of Xen allow it only
 * to the hardware domain and to domains marked as console ones) and,
 * without Xen, COM1 besides. So the order on x86 is: the PV ring when the
 * domain has one (an xl-created domain: setup.c), else console_io, else
 * port 0xe9; "the UART" is present only when there is no ring. No input
 * here: an xl-created domain's input is its PV console ring.
 */
#include <uk/arch/io.h>
#include <xen/console.h>
#include <xen/consring.h>
#include <xen/hypercall.h>
#include <xen/x86.h>
#include <xen/x86_console.h>
#include <errno.h>

#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THRE 0x20
#define THRE_SPINS 100000

static enum { CONSOLE_IO, DEBUG_PORT, NO_XEN } mode = CONSOLE_IO;

void xen_x86_console_init(enum xen_x86_console kind)
{
	static const char probe[] = "";

	if (kind == XEN_X86_CONSOLE_NO_XEN) {
		mode = NO_XEN;
		return;
	}
	/* A write of nothing: Xen checks the permission first. */
	if (xen_console_io_write(probe, 0) < 0)
		mode = DEBUG_PORT;
}

int xen_uart_present(void)
{
	return mode != CONSOLE_IO && !xen_pvcons_present();
}

static void com1_putc(char c)
{
	/* Bounded: a missing UART reads 0xff (THRE set) anyway. */
	for (int i = 0; i < THRE_SPINS; i++)
		if (ukarch_inb(COM1_LSR) & LSR_THRE)
			break;
	ukarch_outb(COM1, (__u8)c);
}

void xen_uart_write(const char *buf, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		if (mode == NO_XEN)
			com1_putc(buf[i]);
		ukarch_outb(XEN_X86_DEBUG_PORT, (__u8)buf[i]);
	}
}

int xen_uart_read(char *buf __unused, unsigned int maxlen __unused)
{
	return -EIO;
}
