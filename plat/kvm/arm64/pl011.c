/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PL011 UART (ARM PrimeCell UART TRM, DDI 0183): the console. It is
 * taken as the firmware or QEMU left it, only enabled (UARTEN, TXE, RXE)
 * with 8-bit words and FIFOs; the baud rate stays as set (QEMU ignores
 * it). Output is byte for byte what was written ("\r\n" line ends with
 * CONFIG_KVM_SERIAL_CRLF). Before the device tree has named it, output
 * goes to semihosting, if QEMU offers that, so that early errors are
 * seen.
 */
#include <kvm/arm64/devices.h>
#include <kvm/console.h>
#include <uk/arch/io.h>
#include <errno.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define LCR_H_FEN (1U << 4)
#define LCR_H_WLEN8 (3U << 5)
#define CR_UARTEN (1U << 0)
#define CR_TXE (1U << 8)
#define CR_RXE (1U << 9)

static volatile __u8 *uart;

static __u32 rd(unsigned int off)
{
	return ukarch_mmio_read32(uart + off);
}

static void wr(unsigned int off, __u32 v)
{
	ukarch_mmio_write32(uart + off, v);
}

void kvm_pl011_init(__uptr base)
{
	uart = (volatile __u8 *)base;
	if ((rd(UARTCR) & (CR_UARTEN | CR_TXE | CR_RXE)) ==
	    (CR_UARTEN | CR_TXE | CR_RXE))
		return; /* in use already: keep its settings */
	wr(UARTCR, 0);
	wr(UARTLCR_H, LCR_H_FEN | LCR_H_WLEN8);
	wr(UARTIMSC, 0);
	wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void kvm_serial_init(void)
{
	if (kvm_arm64_dt.uart.size)
		kvm_pl011_init((__uptr)kvm_arm64_dt.uart.base);
}

static void putc_raw(char c)
{
	while (rd(UARTFR) & FR_TXFF)
		;
	wr(UARTDR, (unsigned char)c);
}

void kvm_serial_write(const char *buf, unsigned int len)
{
	if (!uart) {
		char chunk[128];
		unsigned int i = 0;

		while (i < len) {
			unsigned int n = 0;

			while (i < len && n < sizeof(chunk) - 1)
				chunk[n++] = buf[i++];
			chunk[n] = '\0';
			if (kvm_semihost_puts(chunk) < 0)
				return;
		}
		return;
	}
	for (unsigned int i = 0; i < len; i++) {
#ifdef CONFIG_KVM_SERIAL_CRLF
		if (buf[i] == '\n')
			putc_raw('\r');
#endif
		putc_raw(buf[i]);
	}
}

int kvm_serial_read(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	if (!uart)
		return -EIO;
	while (n < maxlen && !(rd(UARTFR) & FR_RXFE))
		buf[n++] = (char)rd(UARTDR);
	return (int)n;
}
