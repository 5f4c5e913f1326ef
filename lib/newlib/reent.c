/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's state (struct _reent: errno, strtok and rand state, ...) in an
 * image without threads: newlib is built with __DYNAMIC_REENT__ and asks
 * __getreent(); there is only the global one. (reent_thread.c is the
 * version for images with a scheduler.)
 */
#include <reent.h>
#include <uk/newlib.h>

struct _reent *__getreent(void)
{
	return _impure_ptr;
}

void uk_newlib_thread_exit(void)
{
}
