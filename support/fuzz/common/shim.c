/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's printing, assertion and stop functions, for the code under
 * test on the host. Messages are formatted (so a bad format argument is
 * caught by the sanitizers) and printed only with FUZZ_VERBOSE=1 in the
 * environment, to keep libFuzzer's output readable.
 */
#include "shim.h"
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/bootstrap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

jmp_buf fuzz_stop;
int fuzz_stop_armed;

static int verbose = -1;

static void out(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (verbose < 0) {
		const char *v = getenv("FUZZ_VERBOSE");

		verbose = v && *v == '1';
	}
	if (verbose)
		fputs(line, stderr);
}

void _uk_vprintk(int lvl, const char *libname, const char *file, int line,
		 const char *fmt, va_list ap)
{
	(void)lvl, (void)libname, (void)file, (void)line;
	out(fmt, ap);
}

void _uk_printk(int lvl, const char *libname, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprintk(lvl, libname, file, line, fmt, ap);
	va_end(ap);
}

void uk_vpr_raw(const char *fmt, va_list ap)
{
	out(fmt, ap);
}

void uk_pr_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out(fmt, ap);
	va_end(ap);
}

static void __attribute__((noreturn)) stop(const char *why)
{
	if (fuzz_stop_armed) {
		fuzz_stop_armed = 0;
		longjmp(fuzz_stop, 1);
	}
	fprintf(stderr, "fuzz: the code under test stopped the machine (%s) where the harness did not expect it\n",
		why);
	abort();
}

void _uk_assert_fail(const char *expr, const char *file, int line,
		     const char *func)
{
	fprintf(stderr, "fuzz: assertion '%s' failed at %s:%d (%s)\n", expr,
		file, line, func);
	abort();
}

void _uk_crash(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out(fmt, ap);
	va_end(ap);
	(void)file, (void)line;
	stop("UK_CRASH");
}

void ukplat_exit(int status)
{
	(void)status;
	stop("ukplat_exit");
}

void ukplat_terminate(enum ukplat_gstate request)
{
	(void)request;
	stop("ukplat_terminate");
}

void fuzz_bug(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: BUG: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
