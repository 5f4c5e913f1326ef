/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux's errno numbers, as a host system call (linuxu) or a 9P2000.L
 * server's Rlerror gives them, as this image's: the same numbers, since
 * both C libraries use Linux's values (newlib through our patch
 * 0002-linux-errno-signals-clock; see doc/posix-and-vfs.md). Anything
 * outside Linux's range becomes EIO.
 */
#ifndef UK_ERRNO_LINUX_H
#define UK_ERRNO_LINUX_H

#include <errno.h>

#if ENOSYS != 38 || ENOTEMPTY != 39 || EOPNOTSUPP != 95 || EDQUOT != 122
#error "this C library's errno values are not Linux's"
#endif

static inline int uk_errno_from_linux(int lx)
{
	return lx > 0 && lx < 4096 ? lx : EIO;
}
#endif
