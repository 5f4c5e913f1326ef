/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * COM1, a 16550 UART at I/O port 0x3f8: polled output and input, no
 * interrupts. Output is sent as is ("\n" alone; QEMU's stdio keeps the
 * terminal's output processing, which adds the "\r"), or with "\r\n" line
 * ends for real terminals (CONFIG_KVM_SERIAL_CRLF). Whether a UART is
 * there is checked once with its scratch register; without one, output is
 * dropped and input reports -EIO.
 */
#include <kvm/console.h>
#include <uk/arch/io.h>
#include <errno.h>

#define COM1 0x3f8
#define REG_DATA 0   /* RBR/THR; divisor low with DLAB */
#define REG_IER 1    /* divisor high with DLAB */
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_SCR 7
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define MCR_DTR_RTS 0x03
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define DIVISOR_115200 1
/* How long to wait for room in the transmitter before dropping a byte. */
#define TX_SPINS 100000

static int present;

void kvm_serial_init(void)
{
	ukarch_outb(COM1 + REG_SCR, 0x5a);
	if (ukarch_inb(COM1 + REG_SCR) != 0x5a)
		return;
	ukarch_outb(COM1 + REG_IER, 0);
	ukarch_outb(COM1 + REG_LCR, LCR_DLAB);
	ukarch_outb(COM1 + REG_DATA, DIVISOR_115200);
	ukarch_outb(COM1 + REG_IER, 0);
	ukarch_outb(COM1 + REG_LCR, LCR_8N1);
	/*
	 * FIFOs stay as the firmware left them: switching them on clears the
	 * receiver, and would lose input the host sent before this point.
	 */
	ukarch_outb(COM1 + REG_MCR, MCR_DTR_RTS);
	present = 1;
}

static void put(char c)
{
	for (int i = 0; i < TX_SPINS; i++)
		if (ukarch_inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
			break;
	ukarch_outb(COM1 + REG_DATA, (__u8)c);
}

void kvm_serial_write(const char *buf, unsigned int len)
{
	if (!present)
		return;
	for (unsigned int i = 0; i < len; i++) {
#ifdef CONFIG_KVM_SERIAL_CRLF
		if (buf[i] == '\n')
			put('\r');
#endif
		put(buf[i]);
	}
}

int kvm_serial_read(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	if (!present)
		return -EIO;
	while (n < maxlen && (ukarch_inb(COM1 + REG_LSR) & LSR_DATA_READY))
		buf[n++] = (char)ukarch_inb(COM1 + REG_DATA);
	return (int)n;
}
