/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Socket families: the implementation behind socket(AF_INET, ...) is a
 * driver registered for the family (lwip for AF_INET and AF_INET6).
 * posix-socket owns the descriptors, flags and blocking mode; the driver
 * owns the protocol. The interface uses only plain C types so a driver
 * can be compiled against its stack's own headers: addresses are
 * Linux's struct sockaddr_* layouts as bytes, option levels and names
 * and MSG_* flags are Linux's values, readiness is Linux's POLL* bits.
 * Every function returns a value >= 0 or a negative errno; nonblock says
 * whether this call may wait.
 */
#ifndef UK_SOCKDRV_H
#define UK_SOCKDRV_H

#include <uk/essentials.h>

struct uk_sockdrv_ops {
	/* A new socket in *sock; owner is passed back to uk_socket_event. */
	int (*create)(int family, int type, int protocol, void *owner,
		      void **sock);
	void (*close)(void *sock);
	int (*bind)(void *sock, const void *addr, unsigned int len);
	int (*listen)(void *sock, int backlog);
	/* A new connection in *newsock, reporting to newowner. */
	int (*accept)(void *sock, int nonblock, void *newowner,
		      void **newsock, void *addr, unsigned int *len);
	int (*connect)(void *sock, int nonblock, const void *addr,
		       unsigned int len);
	long (*sendto)(void *sock, int nonblock, const void *buf,
		       unsigned long len, int flags, const void *addr,
		       unsigned int alen);
	long (*recvfrom)(void *sock, int nonblock, void *buf,
			 unsigned long len, int flags, void *addr,
			 unsigned int *alen);
	int (*shutdown)(void *sock, int how);
	int (*getsockopt)(void *sock, int level, int name, void *val,
			  unsigned int *len);
	int (*setsockopt)(void *sock, int level, int name, const void *val,
			  unsigned int len);
	int (*getsockname)(void *sock, void *addr, unsigned int *len);
	int (*getpeername)(void *sock, void *addr, unsigned int *len);
	/* POLLIN | POLLOUT | POLLERR | POLLHUP now (Linux values). */
	int (*poll)(void *sock);
	/* Bytes waiting to be read (FIONREAD). */
	int (*nread)(void *sock);
	/*
	 * Resolve name (a host name) to up to max addresses of family
	 * (AF_INET, AF_INET6, or 0 for any), as sockaddrs of 28 bytes each
	 * in out. Returns how many, or a negative errno. Optional.
	 */
	int (*resolve)(const char *name, int family, void *out, int max);
};

/*
 * Make ops the implementation of family (AF_INET ...). Returns 0,
 * -EEXIST if the family has one, -EINVAL. Boot context.
 */
int uk_sockdrv_register(int family, const struct uk_sockdrv_ops *ops);

/* The driver of family, or NULL. */
const struct uk_sockdrv_ops *uk_sockdrv_get(int family);

/*
 * The socket whose owner this is changed readiness. Any context
 * (drivers call it from their protocol thread or interrupt handlers).
 */
void uk_socket_event(void *owner);

#endif
