/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * malloc & co. without an allocator in the image: every request fails with
 * ENOMEM, and the first one says why on the console.
 */
#include <stdlib.h>
#include <errno.h>
#include <uk/print.h>

static void *no_allocator(void)
{
	static int told;

	if (!told++)
		uk_pr_err("malloc: this image has no memory allocator; select one (ukalloc) in make menuconfig\n");
	errno = ENOMEM;
	return NULL;
}

void *malloc(size_t size)
{
	(void)size;
	return no_allocator();
}

void *calloc(size_t n, size_t size)
{
	(void)n, (void)size;
	return no_allocator();
}

void *realloc(void *p, size_t size)
{
	(void)p, (void)size;
	return no_allocator();
}

void free(void *p)
{
	(void)p;
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	(void)memptr, (void)align, (void)size;
	no_allocator();
	return ENOMEM;
}

void *aligned_alloc(size_t align, size_t size)
{
	(void)align, (void)size;
	return no_allocator();
}
