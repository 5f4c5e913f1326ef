/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Misuses malloc the way allocmisuse.do= says, so the test suite can
 * check that CONFIG_LIBUKALLOC_DEBUG catches it with a clear message:
 *   double_free  free the same block twice
 *   overrun      write 16 bytes past the end of a 48-byte block, free it
 *   header       write over the 32 bytes before a 48-byte block (its own
 *                header in TLSF and region), free it
 *   foreign      free a pointer malloc never returned
 * If the image survives, it says so and exits with status 3.
 */
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <stdlib.h>
#include <string.h>

static const char *what;
UK_LIBPARAM(allocmisuse, do, str, &what,
	    "misuse malloc: double_free, overrun, header or foreign");

/* The compiler must not see through these (it warns about them). */
static void (*volatile free_fn)(void *) = free;
static void *(*volatile memset_fn)(void *, int, size_t) = memset;

static int allocmisuse_run(void)
{
	static char not_from_malloc[64] __align(16);
	char *p, *guard;

	if (!what)
		return 0;
	uk_pr_raw("allocmisuse: %s\n", what);
	p = malloc(48);
	guard = malloc(48); /* the block after p, if the allocator has one */
	if (!p || !guard) {
		uk_pr_raw("allocmisuse: no memory\n");
		ukplat_exit(2);
	}
	if (!strcmp(what, "double_free")) {
		free_fn(p);
		free_fn(p);
	} else if (!strcmp(what, "overrun")) {
		memset_fn(p, 'A', 48 + 16);
		free_fn(p);
	} else if (!strcmp(what, "header")) {
		memset_fn(p - 32, 'A', 32);
		free_fn(p);
	} else if (!strcmp(what, "foreign")) {
		free_fn(not_from_malloc + 16);
	} else {
		uk_pr_raw("allocmisuse: unknown misuse '%s'\n", what);
		ukplat_exit(2);
	}
	uk_pr_raw("allocmisuse: %s went unnoticed\n", what);
	ukplat_exit(3);
}
uk_lib_initcall(allocmisuse_run);
