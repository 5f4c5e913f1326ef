/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SBSA generic UART (Arm Server Base System Architecture, appendix B):
 * the PL011 subset Xen emulates for a domain given "vpl011" (its device
 * tree then has an "arm,sbsa-uart" node). Only the data and flag
 * registers are used: the SBSA UART has no control or line-control
 * registers to set up, and Xen's emulation refuses them.
 */
#include <xen/console.h>
#include <uk/arch/io.h>
#include <stddef.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)

static volatile __u8 *uart;

void xen_uart_init(__uptr base)
{
	uart = (volatile __u8 *)base;
}

int xen_uart_present(void)
{
	return uart != NULL;
}

void xen_uart_write(const char *buf, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		while (ukarch_mmio_read32(uart + UARTFR) & FR_TXFF)
			;
		ukarch_mmio_write32(uart + UARTDR, (unsigned char)buf[i]);
	}
}

int xen_uart_read(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && !(ukarch_mmio_read32(uart + UARTFR) & FR_RXFE))
		buf[n++] = (char)ukarch_mmio_read32(uart + UARTDR);
	return (int)n;
}
