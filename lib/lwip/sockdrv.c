/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwip's sockets as posix-socket's AF_INET and AF_INET6 driver. lwip has
 * BSD-style structures and values of its own; this file sees only
 * lwip's headers and converts from and to Linux's (the values posix-socket
 * and applications use): the sockaddr family field, option levels and
 * names, MSG_ flags, readiness bits. Errors come back as lwip set errno.
 */
#include "lwip/opt.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/api.h"
#include <uk/sockdrv.h>
#include <uk/init.h>
#include <uk/print.h>
#include <errno.h>
#include <string.h>

int lwip_socket_readiness(int s);

/* Linux's values (the ABI posix-socket's headers describe). */
#define L_AF_INET 2
#define L_AF_INET6 10
#define L_SOL_SOCKET 1
#define L_SO_REUSEADDR 2
#define L_SO_TYPE 3
#define L_SO_ERROR 4
#define L_SO_BROADCAST 6
#define L_SO_SNDBUF 7
#define L_SO_RCVBUF 8
#define L_SO_KEEPALIVE 9
#define L_SO_LINGER 13
#define L_SO_REUSEPORT 15
#define L_SO_RCVTIMEO 20
#define L_SO_SNDTIMEO 21
#define L_SO_ACCEPTCONN 30
#define L_IPPROTO_IP 0
#define L_IPPROTO_TCP 6
#define L_IPPROTO_IPV6 41
#define L_TCP_NODELAY 1
#define L_TCP_CORK 3
#define L_TCP_KEEPIDLE 4
#define L_TCP_KEEPINTVL 5
#define L_TCP_KEEPCNT 6
#define L_TCP_DEFER_ACCEPT 9
#define L_TCP_QUICKACK 12
#define L_TCP_FASTOPEN 23
#define L_IP_TOS 1
#define L_IP_TTL 2
#define L_IPV6_V6ONLY 26
#define L_MSG_OOB 0x1
#define L_MSG_PEEK 0x2
#define L_MSG_DONTWAIT 0x40
#define L_MSG_WAITALL 0x100
#define L_MSG_MORE 0x8000
#define L_POLLIN 0x1
#define L_POLLOUT 0x4
#define L_POLLERR 0x8

/* A driver handle is lwip's socket number plus one (never NULL). */
#define SOCK(p) ((int)(long)(p) - 1)
#define PTR(s) ((void *)(long)((s) + 1))

/* What lwip does not keep for us, by socket number (reset by own()). */
static struct {
	void *owner;             /* for uk_socket_event */
	unsigned char wshut;     /* sending side shut down: EPIPE, as on Linux */
	unsigned char listening; /* listen() called: else accept is EINVAL */
} state[MEMP_NUM_NETCONN];

/* Called by lwip (patched sockets.c) on every socket event. */
void uk_lwip_socket_event(int s, int evt __unused)
{
	void *o;
	SYS_ARCH_DECL_PROTECT(lev);

	if (s < 0 || s >= MEMP_NUM_NETCONN)
		return;
	SYS_ARCH_PROTECT(lev);
	o = state[s].owner;
	if (o)
		uk_socket_event(o);
	SYS_ARCH_UNPROTECT(lev);
}

static void own(int s, void *owner)
{
	SYS_ARCH_DECL_PROTECT(lev);

	if (s < 0 || s >= MEMP_NUM_NETCONN)
		return;
	SYS_ARCH_PROTECT(lev);
	state[s].owner = owner;
	state[s].wshut = 0;
	state[s].listening = 0;
	SYS_ARCH_UNPROTECT(lev);
	if (owner)
		uk_socket_event(owner);
}

static int fail(void)
{
	int e = errno;

	if (e == EWOULDBLOCK)
		return -EAGAIN;
	return e ? -e : -EIO;
}

/* Linux sockaddr (family in a 16-bit field) to lwip's (length, family). */
static int to_lwip(const void *addr, unsigned int len,
		   struct sockaddr_storage *ss, socklen_t *lwlen)
{
	const unsigned char *a = addr;
	unsigned int fam;

	if (!addr)
		return -EFAULT;
	if (len < 2)
		return -EINVAL;
	fam = a[0] | (unsigned int)a[1] << 8;
	if (fam == L_AF_INET) {
		if (len < 16)
			return -EINVAL;
		len = 16;
	} else if (fam == L_AF_INET6) {
		if (len < 28)
			return -EINVAL;
		len = 28;
	} else {
		return -EAFNOSUPPORT;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, a, len);
	((unsigned char *)ss)[0] = (unsigned char)len;
	((unsigned char *)ss)[1] = (unsigned char)fam;
	*lwlen = len;
	return 0;
}

/* lwip's sockaddr into a Linux one of at most *len bytes (truncated). */
static void from_lwip(const struct sockaddr_storage *ss, socklen_t lwlen,
		      void *addr, unsigned int *len)
{
	unsigned char tmp[28];
	unsigned int n = lwlen > sizeof(tmp) ? sizeof(tmp) : lwlen;

	if (!addr || !len)
		return;
	memcpy(tmp, ss, n);
	tmp[0] = ((const unsigned char *)ss)[1];
	tmp[1] = 0;
	memcpy(addr, tmp, *len < n ? *len : n);
	*len = n;
}

static int msgflags(int f)
{
	int r = 0;

	if (f & L_MSG_OOB)
		r |= MSG_OOB;
	if (f & L_MSG_PEEK)
		r |= MSG_PEEK;
	if (f & L_MSG_DONTWAIT)
		r |= MSG_DONTWAIT;
	if (f & L_MSG_WAITALL)
		r |= MSG_WAITALL;
	if (f & L_MSG_MORE)
		r |= MSG_MORE;
	return r | MSG_NOSIGNAL; /* no signals here: EPIPE either way */
}

static int d_create(int family, int type, int protocol, void *owner,
		    void **sock)
{
	int fam = family == L_AF_INET6 ? AF_INET6 : AF_INET;
	int s;

	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_RAW)
		return -EPROTONOSUPPORT;
	errno = 0;
	s = lwip_socket(fam, type, protocol);
	if (s < 0)
		return errno == ENFILE || errno == ENOBUFS ? -ENFILE : fail();
	own(s, owner);
	*sock = PTR(s);
	return 0;
}

static void d_close(void *sock)
{
	own(SOCK(sock), NULL);
	lwip_close(SOCK(sock));
}

static int d_bind(void *sock, const void *addr, unsigned int len)
{
	struct sockaddr_storage ss;
	socklen_t l;
	int rc = to_lwip(addr, len, &ss, &l);

	if (rc < 0)
		return rc;
	errno = 0;
	return lwip_bind(SOCK(sock), (struct sockaddr *)&ss, l) < 0 ? fail()
								   : 0;
}

static int d_listen(void *sock, int backlog)
{
	errno = 0;
	if (backlog > 255 || backlog <= 0)
		backlog = 255;
	if (lwip_listen(SOCK(sock), backlog) < 0)
		return fail();
	if (SOCK(sock) < MEMP_NUM_NETCONN)
		state[SOCK(sock)].listening = 1;
	return 0;
}

static void set_nonblock(int s, int nb)
{
	int on = nb;

	lwip_ioctl(s, FIONBIO, &on);
}

static int d_accept(void *sock, int nb, void *newowner, void **newsock,
		    void *addr, unsigned int *len)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	int s = SOCK(sock), n;

	if (s >= MEMP_NUM_NETCONN || !state[s].listening)
		return -EINVAL;
	set_nonblock(s, nb);
	/*
	 * A connection reset while it waited in the accept queue comes out
	 * of lwip as an error (ECONNABORTED, or ENOTCONN for one closed
	 * before it was taken); Linux never shows those to accept: take the
	 * next one instead.
	 */
	for (;;) {
		errno = 0;
		l = sizeof(ss);
		n = lwip_accept(s, (struct sockaddr *)&ss, &l);
		if (n >= 0 || (errno != ECONNABORTED && errno != ENOTCONN))
			break;
	}
	if (n < 0)
		return fail();
	own(n, newowner);
	from_lwip(&ss, l, addr, len);
	*newsock = PTR(n);
	return 0;
}

static int d_connect(void *sock, int nb, const void *addr, unsigned int len)
{
	struct sockaddr_storage ss;
	socklen_t l;
	int rc = to_lwip(addr, len, &ss, &l), s = SOCK(sock);

	if (rc < 0)
		return rc;
	set_nonblock(s, nb);
	errno = 0;
	rc = lwip_connect(s, (struct sockaddr *)&ss, l);
	/* lwip reports a reset answering the SYN as ECONNRESET; Linux,
	 * and programs, call that ECONNREFUSED. */
	rc = rc < 0 ? (errno == ECONNRESET ? -ECONNREFUSED : fail()) : 0;
	set_nonblock(s, 0);
	return rc;
}

static long d_sendto(void *sock, int nb, const void *buf, unsigned long len,
		     int flags, const void *addr, unsigned int alen)
{
	struct sockaddr_storage ss;
	socklen_t l = 0;
	ssize_t n;
	int f = msgflags(flags) | (nb ? MSG_DONTWAIT : 0);

	if (SOCK(sock) < MEMP_NUM_NETCONN && state[SOCK(sock)].wshut)
		return -EPIPE;
	if (addr) {
		int rc = to_lwip(addr, alen, &ss, &l);

		if (rc < 0)
			return rc;
	}
	int saved = errno;

	errno = 0;
	n = lwip_sendto(SOCK(sock), buf, len, f,
			addr ? (struct sockaddr *)&ss : NULL, l);
	if (n < 0)
		return fail();
	errno = saved;
	return (long)n;
}

static long d_recvfrom(void *sock, int nb, void *buf, unsigned long len,
		       int flags, void *addr, unsigned int *alen)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	ssize_t n;
	int f = msgflags(flags) | (nb ? MSG_DONTWAIT : 0);

	int saved = errno;

	errno = 0;
	n = lwip_recvfrom(SOCK(sock), buf, len, f,
			  addr ? (struct sockaddr *)&ss : NULL,
			  addr ? &l : NULL);
	if (n < 0)
		return fail();
	/* lwip sets errno (ENOTCONN) even when it returns 0 for the peer's
	 * FIN; a successful call leaves errno alone, as on Linux (nginx
	 * logs errno beside "client closed connection"). */
	errno = saved;
	if (addr)
		from_lwip(&ss, l, addr, alen);
	return (long)n;
}

static int d_shutdown(void *sock, int how)
{
	int s = SOCK(sock);

	errno = 0;
	if (lwip_shutdown(s, how) < 0)
		return fail();
	if (how != SHUT_RD && s < MEMP_NUM_NETCONN)
		state[s].wshut = 1;
	return 0;
}

/*
 * Linux level and name to lwip's: 1 if lwip has it, 0 for an option that
 * is accepted and has no effect here, -1 for an unknown one.
 */
static int optmap(int level, int name, int *lv, int *nm)
{
	switch (level) {
	case L_SOL_SOCKET:
		*lv = SOL_SOCKET;
		switch (name) {
		case L_SO_REUSEADDR:
		case L_SO_REUSEPORT:
			*nm = SO_REUSEADDR;
			return 1;
		case L_SO_TYPE: *nm = SO_TYPE; return 1;
		case L_SO_ERROR: *nm = SO_ERROR; return 1;
		case L_SO_BROADCAST: *nm = SO_BROADCAST; return 1;
		case L_SO_SNDBUF: *nm = SO_SNDBUF; return 0;
		case L_SO_RCVBUF: *nm = SO_RCVBUF; return 1;
		case L_SO_KEEPALIVE: *nm = SO_KEEPALIVE; return 1;
		case L_SO_LINGER: *nm = SO_LINGER; return 1;
		case L_SO_RCVTIMEO: *nm = SO_RCVTIMEO; return 1;
		case L_SO_SNDTIMEO: *nm = SO_SNDTIMEO; return 1;
		case L_SO_ACCEPTCONN: *nm = SO_ACCEPTCONN; return 1;
		}
		return -1;
	case L_IPPROTO_TCP:
		*lv = IPPROTO_TCP;
		switch (name) {
		case L_TCP_NODELAY: *nm = TCP_NODELAY; return 1;
		case L_TCP_KEEPIDLE: *nm = TCP_KEEPIDLE; return 1;
		case L_TCP_KEEPINTVL: *nm = TCP_KEEPINTVL; return 1;
		case L_TCP_KEEPCNT: *nm = TCP_KEEPCNT; return 1;
		case L_TCP_CORK:
		case L_TCP_DEFER_ACCEPT:
		case L_TCP_QUICKACK:
		case L_TCP_FASTOPEN:
			return 0;
		}
		return -1;
	case L_IPPROTO_IP:
		*lv = IPPROTO_IP;
		switch (name) {
		case L_IP_TOS: *nm = IP_TOS; return 1;
		case L_IP_TTL: *nm = IP_TTL; return 1;
		}
		return -1;
	case L_IPPROTO_IPV6:
		*lv = IPPROTO_IPV6;
		if (name == L_IPV6_V6ONLY) {
			*nm = IPV6_V6ONLY;
			return 1;
		}
		return -1;
	}
	return -1;
}

static int d_getsockopt(void *sock, int level, int name, void *val,
			unsigned int *len)
{
	int lv, nm, k = optmap(level, name, &lv, &nm);
	socklen_t l = *len;

	if (k < 0)
		return -ENOPROTOOPT;
	if (k == 0) {
		if (*len < sizeof(int))
			return -EINVAL;
		*(int *)val = name == L_SO_SNDBUF ? TCP_SND_BUF : 0;
		*len = sizeof(int);
		return 0;
	}
	errno = 0;
	if (lwip_getsockopt(SOCK(sock), lv, nm, val, &l) < 0)
		return fail();
	*len = l;
	return 0;
}

static int d_setsockopt(void *sock, int level, int name, const void *val,
			unsigned int len)
{
	int lv, nm, k = optmap(level, name, &lv, &nm);

	if (k < 0)
		return -ENOPROTOOPT;
	if (k == 0)
		return 0;
	errno = 0;
	return lwip_setsockopt(SOCK(sock), lv, nm, val, len) < 0 ? fail() : 0;
}

static int d_name(void *sock, void *addr, unsigned int *len, int peer)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	int rc;

	errno = 0;
	rc = peer ? lwip_getpeername(SOCK(sock), (struct sockaddr *)&ss, &l)
		  : lwip_getsockname(SOCK(sock), (struct sockaddr *)&ss, &l);
	if (rc < 0)
		return fail();
	from_lwip(&ss, l, addr, len);
	return 0;
}

static int d_getsockname(void *sock, void *addr, unsigned int *len)
{
	return d_name(sock, addr, len, 0);
}

static int d_getpeername(void *sock, void *addr, unsigned int *len)
{
	return d_name(sock, addr, len, 1);
}

static int d_poll(void *sock)
{
	int r = lwip_socket_readiness(SOCK(sock)), ev = 0;

	if (r < 0)
		return L_POLLERR;
	if (r & 1)
		ev |= L_POLLIN;
	if (r & 2)
		ev |= L_POLLOUT;
	if (r & 4)
		ev |= L_POLLERR;
	return ev;
}

static int d_nread(void *sock)
{
	int n = 0;

	errno = 0;
	if (lwip_ioctl(SOCK(sock), FIONREAD, &n) < 0)
		return fail();
	return n;
}

#if LWIP_DNS
/* One address of name (DNS, lwip's cache), as a 28-byte Linux sockaddr. */
static int d_resolve(const char *name, int family, void *out, int max)
{
	unsigned char *o = out;
	ip_addr_t a;
	u8_t type = family == L_AF_INET6 ? NETCONN_DNS_IPV6
		    : family == L_AF_INET ? NETCONN_DNS_IPV4
					  : NETCONN_DNS_IPV4_IPV6;
	err_t err;

	if (max < 1)
		return 0;
	err = netconn_gethostbyname_addrtype(name, &a, type);
	if (err != ERR_OK)
		return err == ERR_TIMEOUT ? -ETIMEDOUT : -ENOENT;
	memset(o, 0, 28);
#if LWIP_IPV4
	if (IP_IS_V4(&a)) {
		o[0] = L_AF_INET;
		memcpy(o + 4, &ip_2_ip4(&a)->addr, 4);
		return 1;
	}
#endif
#if LWIP_IPV6
	o[0] = L_AF_INET6;
	memcpy(o + 8, ip_2_ip6(&a)->addr, 16);
	return 1;
#else
	return -ENOENT;
#endif
}
#endif

static const struct uk_sockdrv_ops lwip_ops = {
	.create = d_create,
	.close = d_close,
	.bind = d_bind,
	.listen = d_listen,
	.accept = d_accept,
	.connect = d_connect,
	.sendto = d_sendto,
	.recvfrom = d_recvfrom,
	.shutdown = d_shutdown,
	.getsockopt = d_getsockopt,
	.setsockopt = d_setsockopt,
	.getsockname = d_getsockname,
	.getpeername = d_getpeername,
	.poll = d_poll,
	.nread = d_nread,
#if LWIP_DNS
	.resolve = d_resolve,
#endif
};

static int lwip_sockdrv_init(void)
{
	int rc = 0;

#if LWIP_IPV4
	rc = uk_sockdrv_register(L_AF_INET, &lwip_ops);
#endif
#if LWIP_IPV6
	if (rc == 0)
		rc = uk_sockdrv_register(L_AF_INET6, &lwip_ops);
#endif
	return rc;
}
uk_lib_initcall_prio(lwip_sockdrv_init, 6);
