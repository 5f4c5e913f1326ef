/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets as files of the descriptor table. socket() picks the family's
 * driver (<uk/sockdrv.h>); the descriptor's O_NONBLOCK (SOCK_NONBLOCK,
 * fcntl, FIONBIO) decides whether each call may wait; read/write are
 * recv/send; readiness goes to poll, select and epoll.
 */
#include <uk/syscall.h>
#include <uk/sockdrv.h>
#include <uk/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include "socket.h"

#define FAMILIES 11 /* AF_UNSPEC .. AF_INET6 */
#define LINUX_FIONREAD 0x541B
#define LINUX_FIONBIO 0x5421
#define MSG_MAX (64 * 1024)

static const struct uk_sockdrv_ops *drivers[FAMILIES];

int uk_sockdrv_register(int family, const struct uk_sockdrv_ops *ops)
{
	if (family <= 0 || family >= FAMILIES || !ops)
		return -EINVAL;
	if (drivers[family])
		return -EEXIST;
	drivers[family] = ops;
	return 0;
}

const struct uk_sockdrv_ops *uk_sockdrv_get(int family)
{
	if (family == AF_UNIX)
		return &posix_unix_ops;
	return family > 0 && family < FAMILIES ? drivers[family] : NULL;
}

void uk_socket_event(void *owner)
{
	struct sock *s = owner;

	uk_file_event(s ? s->file : NULL);
}

static int nonblock(struct uk_file *f)
{
	return !!(__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK);
}

static ssize_t sock_read(struct uk_file *f, void *buf, size_t len,
			 off_t off __unused)
{
	struct sock *s = f->priv;

	return s->ops->recvfrom(s->drv, nonblock(f), buf, len, 0, NULL, NULL);
}

static ssize_t sock_write(struct uk_file *f, const void *buf, size_t len,
			  off_t off __unused)
{
	struct sock *s = f->priv;

	return s->ops->sendto(s->drv, nonblock(f), buf, len, MSG_NOSIGNAL,
			      NULL, 0);
}

static int sock_fstat(struct uk_file *f __unused, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0777;
	st->st_blksize = 4096;
	return 0;
}

static int sock_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct sock *s = f->priv;

	switch (req) {
	case LINUX_FIONBIO:
		if (!arg)
			return -EFAULT;
		if (*(int *)arg)
			__atomic_or_fetch(&f->flags, O_NONBLOCK,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&f->flags, ~O_NONBLOCK,
					   __ATOMIC_RELAXED);
		return 0;
	case LINUX_FIONREAD: {
		int n;

		if (!arg)
			return -EFAULT;
		if (!s->ops->nread)
			return -ENOTTY;
		n = s->ops->nread(s->drv);
		if (n < 0)
			return n;
		*(int *)arg = n;
		return 0;
	}
	}
	return -ENOTTY;
}

static int sock_poll(struct uk_file *f)
{
	struct sock *s = f->priv;

	return s->ops->poll(s->drv);
}

static void sock_release(struct uk_file *f)
{
	struct sock *s = f->priv;

	if (s->drv)
		s->ops->close(s->drv);
	free(s);
}

static const struct uk_file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.fstat = sock_fstat,
	.ioctl = sock_ioctl,
	.poll = sock_poll,
	.release = sock_release,
	.notifies = 1,
};

struct uk_file *posix_socket_file(const struct uk_sockdrv_ops *ops,
				  int family, int type, int protocol,
				  int nb, struct sock **out)
{
	struct sock *s = calloc(1, sizeof(*s));
	struct uk_file *f;

	if (!s)
		return NULL;
	s->ops = ops;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	f = uk_file_new(&sock_ops, s, O_RDWR | (nb ? O_NONBLOCK : 0), 0);
	if (!f) {
		free(s);
		return NULL;
	}
	s->file = f;
	*out = s;
	return f;
}

/* The socket at fd with a file reference, or NULL and *err. */
static struct sock *get(int fd, struct uk_file **fp, long *err)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &sock_ops) {
		uk_file_put(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	*fp = f;
	return f->priv;
}

UK_SYSCALL_R_DEFINE(int, socket, int, family, int, type, int, protocol)
{
	const struct uk_sockdrv_ops *ops;
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct uk_file *f;
	struct sock *s;
	int rc, fd;

	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (family == AF_UNIX)
		return -EAFNOSUPPORT; /* only socketpair (doc/networking.md) */
	ops = uk_sockdrv_get(family);
	if (!ops)
		return -EAFNOSUPPORT;
	f = posix_socket_file(ops, family, type, protocol,
			      flags & SOCK_NONBLOCK, &s);
	if (!f)
		return -ENOMEM;
	rc = ops->create(family, type, protocol, s, &s->drv);
	if (rc < 0) {
		s->drv = NULL;
		uk_file_put(f);
		return rc;
	}
	fd = uk_fdtab_install(f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		uk_file_put(f);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, socketpair, int, family, int, type, int, protocol,
		    int *, sv)
{
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct uk_file *fa, *fb;
	struct sock *a, *b;
	int rc;

	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	if (type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (protocol != 0)
		return -EPROTONOSUPPORT;
	if (!sv)
		return -EFAULT;
	fa = posix_socket_file(&posix_unix_ops, family, type, 0,
			       flags & SOCK_NONBLOCK, &a);
	fb = fa ? posix_socket_file(&posix_unix_ops, family, type, 0,
				    flags & SOCK_NONBLOCK, &b)
		: NULL;
	if (!fb) {
		if (fa)
			uk_file_put(fa);
		return -ENOMEM;
	}
	rc = posix_unix_pair(&a->drv, &b->drv);
	if (rc < 0)
		goto fail;
	sv[0] = uk_fdtab_install(fa, 0, flags & SOCK_CLOEXEC);
	if (sv[0] < 0) {
		rc = sv[0];
		goto fail;
	}
	sv[1] = uk_fdtab_install(fb, 0, flags & SOCK_CLOEXEC);
	if (sv[1] < 0) {
		rc = sv[1];
		uk_fdtab_close(sv[0]);
		uk_file_put(fb);
		return rc;
	}
	return 0;
fail:
	uk_file_put(fa);
	uk_file_put(fb);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, bind, int, fd, const struct sockaddr *, addr,
		    socklen_t, len)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);

	if (!s)
		return rc;
	rc = s->ops->bind ? s->ops->bind(s->drv, addr, len) : -EOPNOTSUPP;
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, listen, int, fd, int, backlog)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);

	if (!s)
		return rc;
	rc = s->ops->listen ? s->ops->listen(s->drv, backlog) : -EOPNOTSUPP;
	uk_file_put(f);
	return rc;
}

static long do_accept(int fd, struct sockaddr *addr, socklen_t *len,
		      int flags)
{
	struct uk_file *f, *nf;
	struct sock *ns;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);
	int nfd;

	if (!s)
		return rc;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
		rc = -EINVAL;
		goto out;
	}
	if (!s->ops->accept) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	nf = posix_socket_file(s->ops, s->family, s->type, s->protocol,
			       flags & SOCK_NONBLOCK, &ns);
	if (!nf) {
		rc = -ENOMEM;
		goto out;
	}
	rc = s->ops->accept(s->drv, nonblock(f), ns, &ns->drv, addr, len);
	if (rc < 0) {
		ns->drv = NULL;
		uk_file_put(nf);
		goto out;
	}
	nfd = uk_fdtab_install(nf, 0, flags & SOCK_CLOEXEC);
	if (nfd < 0)
		uk_file_put(nf);
	rc = nfd;
out:
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, accept, int, fd, struct sockaddr *, addr,
		    socklen_t *, len)
{
	int rc;

	uk_file_cancel_point();
	rc = do_accept(fd, addr, len, 0);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(int, accept4, int, fd, struct sockaddr *, addr,
		    socklen_t *, len, int, flags)
{
	int rc;

	uk_file_cancel_point();
	rc = do_accept(fd, addr, len, flags);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(int, connect, int, fd, const struct sockaddr *, addr,
		    socklen_t, len)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s;

	uk_file_cancel_point();
	s = get(fd, &f, &rc);
	if (!s)
		return rc;
	rc = s->ops->connect ? s->ops->connect(s->drv, nonblock(f), addr, len)
			     : -EOPNOTSUPP;
	uk_file_put(f);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(ssize_t, sendto, int, fd, const void *, buf, size_t,
		    len, int, flags, const struct sockaddr *, addr, socklen_t,
		    alen)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s;

	uk_file_cancel_point();
	s = get(fd, &f, &rc);
	if (!s)
		return rc;
	rc = s->ops->sendto(s->drv, nonblock(f) || (flags & MSG_DONTWAIT),
			    buf, len, flags, addr, addr ? alen : 0);
	uk_file_put(f);
	uk_file_cancel_point();
	return rc;
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

UK_SYSCALL_R_DEFINE(ssize_t, recvfrom, int, fd, void *, buf, size_t, len,
		    int, flags, struct sockaddr *, addr, socklen_t *, alen)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s;

	uk_file_cancel_point();
	s = get(fd, &f, &rc);
	if (!s)
		return rc;
	rc = s->ops->recvfrom(s->drv, nonblock(f) || (flags & MSG_DONTWAIT),
			      buf, len, flags, addr, addr ? alen : NULL);
	uk_file_put(f);
	uk_file_cancel_point();
	return rc;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

/* Message calls go through one buffer: datagrams stay whole. */
static long iov_total(const struct msghdr *m)
{
	size_t n = 0;

	if (m->msg_iovlen > 1024)
		return -EMSGSIZE;
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		n += m->msg_iov[i].iov_len;
		if (n > MSG_MAX)
			return -EMSGSIZE;
	}
	return (long)n;
}

/* A buffer for the whole message in *buf: its size, or a negative errno. */
static long msg_buffer(const struct msghdr *m, char **buf)
{
	long total = iov_total(m);

	if (total < 0)
		return total;
	*buf = malloc(total ? (size_t)total : 1);
	return *buf ? total : -ENOMEM;
}

UK_SYSCALL_R_DEFINE(ssize_t, sendmsg, int, fd, const struct msghdr *, m,
		    int, flags)
{
	struct uk_file *f;
	long rc = 0, total;
	struct sock *s;
	char *buf, *p;

	uk_file_cancel_point();
	s = get(fd, &f, &rc);
	if (!s)
		return rc;
	total = msg_buffer(m, &buf);
	if (total < 0) {
		rc = total;
		goto out;
	}
	p = buf;
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		memcpy(p, m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
		p += m->msg_iov[i].iov_len;
	}
	rc = s->ops->sendto(s->drv, nonblock(f) || (flags & MSG_DONTWAIT),
			    buf, (unsigned long)total, flags, m->msg_name,
			    m->msg_name ? m->msg_namelen : 0);
	free(buf);
out:
	uk_file_put(f);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(ssize_t, recvmsg, int, fd, struct msghdr *, m, int,
		    flags)
{
	struct uk_file *f;
	long rc = 0, total;
	struct sock *s;
	unsigned int alen;
	char *buf, *p;

	uk_file_cancel_point();
	s = get(fd, &f, &rc);
	if (!s)
		return rc;
	total = msg_buffer(m, &buf);
	if (total < 0) {
		rc = total;
		goto out;
	}
	alen = m->msg_name ? m->msg_namelen : 0;
	rc = s->ops->recvfrom(s->drv, nonblock(f) || (flags & MSG_DONTWAIT),
			      buf, (unsigned long)total, flags, m->msg_name,
			      m->msg_name ? &alen : NULL);
	if (rc >= 0) {
		size_t left = (size_t)rc;

		p = buf;
		for (size_t i = 0; i < m->msg_iovlen && left; i++) {
			size_t k = MIN(left, m->msg_iov[i].iov_len);

			memcpy(m->msg_iov[i].iov_base, p, k);
			p += k;
			left -= k;
		}
		if (m->msg_name)
			m->msg_namelen = alen;
		m->msg_controllen = 0;
		m->msg_flags = 0;
	}
	free(buf);
out:
	uk_file_put(f);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(int, shutdown, int, fd, int, how)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);

	if (!s)
		return rc;
	if (how < SHUT_RD || how > SHUT_RDWR)
		rc = -EINVAL;
	else
		rc = s->ops->shutdown(s->drv, how);
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, getsockopt, int, fd, int, level, int, name,
		    void *, val, socklen_t *, len)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);

	if (!s)
		return rc;
	if (!val || !len) {
		rc = -EFAULT;
	} else if (level == SOL_SOCKET &&
		   (name == SO_TYPE || name == SO_DOMAIN ||
		    name == SO_PROTOCOL) && *len >= sizeof(int)) {
		*(int *)val = name == SO_TYPE ? s->type
			      : name == SO_DOMAIN ? s->family : s->protocol;
		*len = sizeof(int);
		rc = 0;
	} else if (!s->ops->getsockopt) {
		rc = -ENOPROTOOPT;
	} else {
		rc = s->ops->getsockopt(s->drv, level, name, val, len);
	}
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, setsockopt, int, fd, int, level, int, name,
		    const void *, val, socklen_t, len)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);

	if (!s)
		return rc;
	if (!val && len)
		rc = -EFAULT;
	else if (!s->ops->setsockopt)
		rc = -ENOPROTOOPT;
	else
		rc = s->ops->setsockopt(s->drv, level, name, val, len);
	uk_file_put(f);
	return rc;
}

static long name_call(int fd, struct sockaddr *addr, socklen_t *len,
		      int peer)
{
	struct uk_file *f;
	long rc = 0;
	struct sock *s = get(fd, &f, &rc);
	int (*fn)(void *, void *, unsigned int *);

	if (!s)
		return rc;
	fn = peer ? s->ops->getpeername : s->ops->getsockname;
	if (!addr || !len)
		rc = -EFAULT;
	else
		rc = fn ? fn(s->drv, addr, len) : -EOPNOTSUPP;
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, getsockname, int, fd, struct sockaddr *, addr,
		    socklen_t *, len)
{
	return name_call(fd, addr, len, 0);
}

UK_SYSCALL_R_DEFINE(int, getpeername, int, fd, struct sockaddr *, addr,
		    socklen_t *, len)
{
	return name_call(fd, addr, len, 1);
}

UK_SYSCALL_R_DEFINE(int, pipe, int *, fds)
{
	return fds ? posix_pipe(fds, 0) : -EFAULT;
}

UK_SYSCALL_R_DEFINE(int, pipe2, int *, fds, int, flags)
{
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	return fds ? posix_pipe(fds, flags) : -EFAULT;
}
