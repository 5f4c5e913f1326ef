/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An image of 8 MiB of code and 64 MiB of bss: the code runs (a long run
 * of no-ops ending in a return, far past the first megabytes), the bss is
 * zero at its start, middle and end and can be written there.
 */
#include <stdio.h>
#include <string.h>

#define BIG_TEXT (8 << 20)
#define BIG_BSS (64 << 20)

void big_text(void);
__asm__(".section .text.big, \"ax\"\n"
	".globl big_text\n"
	"big_text:\n"
#if defined(__x86_64__)
	".fill " "0x800000" ", 1, 0x90\n"
	"ret\n"
#elif defined(__aarch64__)
	".fill " "0x200000" ", 4, 0xd503201f\n" /* nop */
	"ret\n"
#endif
	".previous\n");

static unsigned char big_bss[BIG_BSS];

int main(void)
{
	volatile unsigned char *b = big_bss;
	unsigned long at[3] = { 0, BIG_BSS / 2, BIG_BSS - 1 };

	big_text();
	printf("bigimage: ran %d MiB of code ending at %p\n", BIG_TEXT >> 20,
	       (void *)((char *)big_text + BIG_TEXT));
	for (int i = 0; i < 3; i++) {
		if (b[at[i]] != 0) {
			printf("bigimage: bss byte %lu is %u, not 0\n", at[i],
			       b[at[i]]);
			return 1;
		}
		b[at[i]] = (unsigned char)(i + 1);
		if (b[at[i]] != i + 1) {
			printf("bigimage: bss byte %lu cannot be written\n",
			       at[i]);
			return 1;
		}
	}
	printf("bigimage: %d MiB of bss, zero and writable, from %p to %p\n",
	       BIG_BSS >> 20, (void *)big_bss, (void *)(big_bss + BIG_BSS));
	return 0;
}
