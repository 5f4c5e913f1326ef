/* SPDX-License-Identifier: BSD-3-Clause */
/* Scatter/gather I/O (neither newlib for bare targets nor nolibc has it). */
#ifndef _TESSERA_SYS_UIO_H
#define _TESSERA_SYS_UIO_H

#include <sys/types.h>

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#define IOV_MAX 1024

ssize_t readv(int fd, const struct iovec *iov, int n);
ssize_t writev(int fd, const struct iovec *iov, int n);

#endif
