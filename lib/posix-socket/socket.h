/* SPDX-License-Identifier: BSD-3-Clause */
/* posix-socket's own parts: the socket file and AF_UNIX streams. */
#ifndef POSIX_SOCKET_PRIV_H
#define POSIX_SOCKET_PRIV_H

#include <uk/file.h>
#include <uk/sockdrv.h>

struct sock {
	const struct uk_sockdrv_ops *ops;
	void *drv;
	int family, type, protocol;
	struct uk_file *file;
};

/* A socket file around a new struct sock of ops (drv set by caller). */
struct uk_file *posix_socket_file(const struct uk_sockdrv_ops *ops,
				  int family, int type, int protocol,
				  int nonblock, struct sock **out);

/* AF_UNIX stream pairs and pipes (unix.c). */
extern const struct uk_sockdrv_ops posix_unix_ops;
int posix_unix_pair(void **a, void **b);
int posix_pipe(int fds[2], int flags);

#endif
