/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registers of the interrupted context from an arm64 Linux ucontext:
 * uc_mcontext (a struct sigcontext) starts at byte 176 with the fault
 * address, x0-x30, sp, pc and pstate; then a list of records, one of
 * which (when the kernel provides it) holds the exception syndrome.
 */
#include <linuxu/signal.h>

#define MCONTEXT_OFFSET 176
#define RESERVED_OFFSET (MCONTEXT_OFFSET + 288)
#define RESERVED_SIZE 4096
#define ESR_MAGIC 0x45535201

struct record {
	__u32 magic;
	__u32 size;
};

/* The ESR record among the extra records, or 0. */
static unsigned long find_esr(const unsigned char *res)
{
	__sz off = 0;

	while (off + sizeof(struct record) <= RESERVED_SIZE) {
		const struct record *r = (const struct record *)(res + off);

		if (!r->magic || r->size < sizeof(*r) ||
		    r->size > RESERVED_SIZE - off)
			break;
		if (r->magic == ESR_MAGIC && r->size >= 16)
			return *(const unsigned long *)(res + off + 8);
		off += r->size;
	}
	return 0;
}

void linuxu_ucontext_regs(const void *ucontext, struct __regs *r)
{
	const unsigned long *mc = (const unsigned long *)
		((const char *)ucontext + MCONTEXT_OFFSET);
	unsigned long *x = (unsigned long *)(void *)r; /* x0-x30 lead */

	r->far = mc[0];
	for (int i = 0; i < 31; i++)
		x[i] = mc[1 + i];
	r->sp = mc[32];
	r->pc = mc[33];
	r->pstate = mc[34];
	r->esr = find_esr((const unsigned char *)ucontext + RESERVED_OFFSET);
}
