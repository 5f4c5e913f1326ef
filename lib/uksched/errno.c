/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A per-thread errno for nolibc: overrides nolibc's single global one
 * (declared weak there). Before the scheduler starts, one shared value.
 */
#include <uk/thread.h>
#include <errno.h>

int *__errno_location(void)
{
	static int boot_errno;
	struct uk_thread *t = uk_thread_current();

	return t ? &t->errno_value : &boot_errno;
}
