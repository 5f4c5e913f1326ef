/* SPDX-License-Identifier: BSD-3-Clause */
/* exit, atexit, abort and assert failures. */
#include <stdlib.h>
#include <stdio.h>
#include <assert.h>
#include <errno.h>
#include <uk/assert.h>
#include <uk/plat/bootstrap.h>

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	fflush(stdout);
	ukplat_exit(status);
}

void _Exit(int status)
{
	ukplat_exit(status);
}

void abort(void)
{
	fflush(stdout);
	UK_CRASH("abort() called");
}

void __assert_fail(const char *expr, const char *file, int line,
		   const char *func)
{
	fflush(stdout);
	_uk_assert_fail(expr, file, line, func);
}
