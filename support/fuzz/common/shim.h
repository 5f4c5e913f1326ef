/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host-side stand-ins for the kernel services the parsers call (see
 * shim.c), shared by every harness in support/fuzz/.
 */
#ifndef FUZZ_SHIM_H
#define FUZZ_SHIM_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where a deliberate stop of the machine (UK_CRASH, ukplat_exit,
 * ukplat_terminate) lands while a harness has armed it: FUZZ_STOPPED()
 * is 0 when armed and 1 when the code under test stopped the machine,
 * which is a clean refusal of the input, not a bug. Unarmed, such a stop
 * aborts (a crash libFuzzer reports). Failed assertions always abort.
 */
extern jmp_buf fuzz_stop;
extern int fuzz_stop_armed;
#define FUZZ_STOPPED() (fuzz_stop_armed = 1, setjmp(fuzz_stop) != 0)
#define FUZZ_DISARM() (fuzz_stop_armed = 0)

/* A broken invariant of the code under test: print it and abort. */
void fuzz_bug(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond))                                                   \
			fuzz_bug(__VA_ARGS__);                                 \
	} while (0)

/* Whether [p, p + n) lies inside [base, base + len). */
static inline int fuzz_within(const void *p, size_t n, const void *base,
			      size_t len)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= len && n <= len - (a - b);
}

#endif
