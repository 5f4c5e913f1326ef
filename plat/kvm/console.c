/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kvm console: every selected back-end gets the output; input is COM1's.
 * One call's output goes out with interrupts masked: on one CPU no other
 * thread writes meanwhile, so messages never interleave and the VGA
 * screen's row and column stay consistent under a preemptive scheduler.
 *
 * End of input: a UART has no way to say that the host closed its side,
 * and QEMU 7.2's serial models show nothing when -serial stdio reaches
 * the end of its stdin. So the launcher (support/scripts/qemu-guest),
 * when its stdin is not a terminal, frames the input: it starts with
 * 0xff 0x01, sends every 0xff byte of the data as 0xff 0xff, and ends
 * with 0xff 0x00. Input that starts with 0xff 0x01 is decoded here (the
 * end becomes end of input: reads return 0); any other input is taken as
 * it comes, as before (doc/platform-kvm.md).
 */
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <kvm/console.h>
#include <errno.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	kvm_serial_write(buf, len);
	kvm_vga_write(buf, len);
	ukplat_lcpu_restore_irqf(flags);
	return (int)len;
}

/*
 * The serial line (and the VGA screen) are terminals, whatever QEMU
 * connects to the serial port's other end.
 */
int ukplat_console_is_terminal(int side)
{
	(void)side;
	return 1;
}

#define FRAME_ESC 0xff
#define FRAME_HELLO 0x01
#define FRAME_END 0x00

/* The input's framing; changed only by ukplat_cink's caller (one reader). */
static enum {
	START,      /* nothing read yet */
	START_ESC,  /* the first byte was 0xff */
	RAW,        /* not framed: bytes as they come */
	FRAMED,     /* the launcher's framing */
	FRAMED_ESC, /* framed, after a 0xff */
	ENDED,      /* framed input ended */
} state = START;
static int held = -1; /* a byte read but not handed out yet */

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;
	unsigned char c;
	int r;

	while (n < maxlen) {
		if (held >= 0) {
			buf[n++] = (char)held;
			held = -1;
			continue;
		}
		if (state == ENDED)
			break;
		r = kvm_serial_read((char *)&c, 1);
		if (r < 0 && n == 0)
			return r;
		if (r <= 0)
			break;
		switch (state) {
		case START:
			if (c == FRAME_ESC)
				state = START_ESC;
			else
				state = RAW, buf[n++] = (char)c;
			break;
		case START_ESC:
			if (c == FRAME_HELLO) {
				state = FRAMED;
			} else {
				state = RAW;
				buf[n++] = (char)FRAME_ESC;
				held = c;
			}
			break;
		case FRAMED:
			if (c == FRAME_ESC)
				state = FRAMED_ESC;
			else
				buf[n++] = (char)c;
			break;
		case FRAMED_ESC:
			if (c == FRAME_END) {
				state = ENDED;
			} else {
				state = FRAMED;
				buf[n++] = (char)c; /* 0xff 0xff: one 0xff */
			}
			break;
		default:
			buf[n++] = (char)c;
		}
	}
	if (n == 0 && state == ENDED)
		return -EIO; /* end of input */
	return (int)n;
}
