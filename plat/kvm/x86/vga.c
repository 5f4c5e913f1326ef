/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Output on the 80x25 VGA text screen (buffer at 0xb8000, light grey on
 * black), scrolling at the bottom; the hardware cursor follows.
 */
#include <kvm/console.h>
#include <uk/arch/io.h>

#define VGA_TEXT ((volatile __u16 *)0xb8000)
#define COLS 80
#define ROWS 25
#define ATTR 0x0700
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5
#define CRTC_CURSOR_HI 0x0e
#define CRTC_CURSOR_LO 0x0f

static unsigned int row, col;

static void set_cursor(void)
{
	unsigned int pos = row * COLS + col;

	ukarch_outb(CRTC_INDEX, CRTC_CURSOR_HI);
	ukarch_outb(CRTC_DATA, (__u8)(pos >> 8));
	ukarch_outb(CRTC_INDEX, CRTC_CURSOR_LO);
	ukarch_outb(CRTC_DATA, (__u8)pos);
}

void kvm_vga_init(void)
{
	for (unsigned int i = 0; i < COLS * ROWS; i++)
		VGA_TEXT[i] = ATTR | ' ';
	row = col = 0;
	set_cursor();
}

static void newline(void)
{
	col = 0;
	if (++row < ROWS)
		return;
	for (unsigned int i = 0; i < COLS * (ROWS - 1); i++)
		VGA_TEXT[i] = VGA_TEXT[i + COLS];
	for (unsigned int i = 0; i < COLS; i++)
		VGA_TEXT[COLS * (ROWS - 1) + i] = ATTR | ' ';
	row = ROWS - 1;
}

void kvm_vga_write(const char *buf, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			newline();
		} else if (c == '\r') {
			col = 0;
		} else if (c == '\t') {
			col = (col + 8) & ~7U;
			if (col >= COLS)
				newline();
		} else {
			VGA_TEXT[row * COLS + col] = ATTR | (__u8)c;
			if (++col == COLS)
				newline();
		}
	}
	set_cursor();
}
