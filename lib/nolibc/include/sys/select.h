/* SPDX-License-Identifier: BSD-3-Clause */
/* select() over posix-poll (descriptors below FD_SETSIZE). */
#ifndef _NOLIBC_SYS_SELECT_H
#define _NOLIBC_SYS_SELECT_H

#include <sys/time.h>

#define FD_SETSIZE 1024

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define __FD_WORD(fd) ((unsigned)(fd) / (8 * sizeof(unsigned long)))
#define __FD_BIT(fd) (1ul << ((unsigned)(fd) % (8 * sizeof(unsigned long))))
#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s) ((s)->fds_bits[__FD_WORD(fd)] |= __FD_BIT(fd))
#define FD_CLR(fd, s) ((s)->fds_bits[__FD_WORD(fd)] &= ~__FD_BIT(fd))
#define FD_ISSET(fd, s) (((s)->fds_bits[__FD_WORD(fd)] & __FD_BIT(fd)) != 0)

int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv);

#endif
