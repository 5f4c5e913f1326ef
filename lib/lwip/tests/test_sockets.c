/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets over lwip's loopback interface, through posix-socket: TCP and
 * UDP round trips, Linux error numbers, non-blocking accept and connect
 * with epoll. Compiled without lwip's headers (the application's view).
 */
#include <uk/test.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <errno.h>

static struct sockaddr_in loop4(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

UK_TESTCASE(lwip_sockets, tcp_round_trip_and_addresses)
{
	struct sockaddr_in a = loop4(7001), peer;
	socklen_t len = sizeof(peer);
	int one = 1, l, c, s;
	char buf[16];

	l = socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_ASSERT(l >= 0);
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one,
					  sizeof(one)), 0);
	UK_TEST_ASSERT(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_ASSERT(listen(l, 8) == 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_ASSERT(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	s = accept(l, (struct sockaddr *)&peer, &len);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_SNUM_EQ(len, sizeof(struct sockaddr_in));
	UK_TEST_EXPECT_SNUM_EQ(peer.sin_family, AF_INET);
	UK_TEST_EXPECT_SNUM_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	UK_TEST_EXPECT_SNUM_EQ(write(c, "ping", 4), 4);
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_ZERO(memcmp(buf, "ping", 4));
	UK_TEST_EXPECT_SNUM_EQ(send(s, "pong!", 5, 0), 5);
	UK_TEST_EXPECT_SNUM_EQ(recv(c, buf, sizeof(buf), 0), 5);
	len = sizeof(peer);
	UK_TEST_EXPECT_SNUM_EQ(getsockname(s, (struct sockaddr *)&peer, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(ntohs(peer.sin_port), 7001);
	/* the peer's end of stream reads as 0 */
	close(c);
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 0);
	close(s);
	close(l);
}

UK_TESTCASE(lwip_sockets, linux_errors)
{
	struct sockaddr_in a = loop4(7002), b = loop4(7003);
	int l = socket(AF_INET, SOCK_STREAM, 0), m, c;

	UK_TEST_ASSERT(l >= 0);
	UK_TEST_ASSERT(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_ASSERT(listen(l, 1) == 0);
	m = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(bind(m, (struct sockaddr *)&a, sizeof(a)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EADDRINUSE);
	c = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&b, sizeof(b)),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECONNREFUSED);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_UNIX + 40, SOCK_STREAM, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAFNOSUPPORT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(listen(0, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOTSOCK);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(m, SOL_SOCKET, 12345, "", 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOPROTOOPT);
	/* accept on a socket that does not listen */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(accept(m, NULL, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	close(c);
	close(m);
	close(l);
}

UK_TESTCASE(lwip_sockets, udp_round_trip)
{
	struct sockaddr_in a = loop4(7004), from;
	socklen_t len = sizeof(from);
	int s = socket(AF_INET, SOCK_DGRAM, 0), c = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[32];

	UK_TEST_ASSERT(s >= 0 && c >= 0);
	UK_TEST_ASSERT(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_EXPECT_SNUM_EQ(sendto(c, "datagram", 8, 0,
				      (struct sockaddr *)&a, sizeof(a)), 8);
	UK_TEST_EXPECT_SNUM_EQ(recvfrom(s, buf, sizeof(buf), 0,
					(struct sockaddr *)&from, &len), 8);
	UK_TEST_EXPECT_ZERO(memcmp(buf, "datagram", 8));
	UK_TEST_EXPECT_SNUM_EQ(from.sin_family, AF_INET);
	/* and back to where it came from */
	UK_TEST_EXPECT_SNUM_EQ(sendto(s, "echo", 4, 0, (struct sockaddr *)&from,
				      len), 4);
	UK_TEST_EXPECT_SNUM_EQ(recv(c, buf, sizeof(buf), 0), 4);
	/* nothing more: a non-blocking read says so */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(recv(c, buf, sizeof(buf), MSG_DONTWAIT), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	close(s);
	close(c);
}

UK_TESTCASE(lwip_sockets, nonblocking_accept_and_connect_with_epoll)
{
	struct sockaddr_in a = loop4(7005);
	struct epoll_event ev = { .events = EPOLLIN }, out[4];
	int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), c, s, ep, n;
	int err = -1;
	socklen_t len = sizeof(err);

	UK_TEST_ASSERT(l >= 0);
	UK_TEST_ASSERT(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_ASSERT(listen(l, 4) == 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(accept(l, NULL, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	ep = epoll_create1(EPOLL_CLOEXEC);
	UK_TEST_ASSERT(ep >= 0);
	ev.data.fd = l;
	UK_TEST_ASSERT(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);

	c = socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_ASSERT(fcntl(c, F_SETFL, O_NONBLOCK) == 0);
	n = connect(c, (struct sockaddr *)&a, sizeof(a));
	UK_TEST_EXPECT(n == 0 || errno == EINPROGRESS);
	n = epoll_wait(ep, out, 4, 2000);
	UK_TEST_ASSERT(n == 1);
	UK_TEST_EXPECT_SNUM_EQ(out[0].data.fd, l);
	UK_TEST_EXPECT(out[0].events & EPOLLIN);
	s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	UK_TEST_ASSERT(s >= 0);
	/* the connect completed: writable, no error */
	ev.events = EPOLLOUT;
	ev.data.fd = c;
	UK_TEST_ASSERT(epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) == 0);
	n = epoll_wait(ep, out, 4, 2000);
	UK_TEST_EXPECT(n >= 1);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(err, 0);
	/* data becomes an EPOLLIN on the accepted socket */
	ev.events = EPOLLIN;
	ev.data.fd = s;
	UK_TEST_ASSERT(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	UK_TEST_ASSERT(epoll_ctl(ep, EPOLL_CTL_DEL, c, NULL) == 0);
	UK_TEST_EXPECT_SNUM_EQ(write(c, "x", 1), 1);
	n = epoll_wait(ep, out, 4, 2000);
	UK_TEST_ASSERT(n == 1);
	UK_TEST_EXPECT_SNUM_EQ(out[0].data.fd, s);
	close(s);
	close(c);
	close(l);
	close(ep);
}

/*
 * A descriptor closed without EPOLL_CTL_DEL leaves the set with its file;
 * the number (and often the freed file's memory) comes back at the next
 * pipe, which must be added again, not refused with EEXIST (nginx's
 * "epoll_ctl(1, ...) failed (17: File exists)").
 */
UK_TESTCASE(lwip_sockets, epoll_forgets_closed_descriptors)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev = { .events = EPOLLIN }, out[4];

	UK_TEST_ASSERT(ep >= 0);
	for (int i = 0; i < 50; i++) {
		UK_TEST_ASSERT(pipe(p) == 0);
		ev.data.fd = p[0];
		UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
		UK_TEST_EXPECT_SNUM_EQ(write(p[1], "x", 1), 1);
		UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
		close(p[0]);
		close(p[1]);
	}
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	close(ep);
}

UK_TESTCASE(lwip_sockets, socketpair_and_pipe_with_poll)
{
	int sv[2], pf[2];
	struct pollfd p[2];
	char buf[8];

	UK_TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	UK_TEST_ASSERT(pipe(pf) == 0);
	p[0] = (struct pollfd){ .fd = sv[1], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = pf[0], .events = POLLIN };
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 2, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "ab", 2), 2);
	UK_TEST_EXPECT_SNUM_EQ(write(pf[1], "cde", 3), 3);
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 2, 1000), 2);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 2);
	UK_TEST_EXPECT_SNUM_EQ(read(pf[0], buf, sizeof(buf)), 3);
	close(pf[1]);
	UK_TEST_EXPECT_SNUM_EQ(read(pf[0], buf, sizeof(buf)), 0);
	close(sv[0]);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(write(sv[1], "z", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	close(sv[1]);
	close(pf[0]);
}

UK_TESTCASE(lwip_sockets, inet_text_conversions)
{
	unsigned char a6[16];
	struct in_addr a4;
	char t[INET6_ADDRSTRLEN];

	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET, "10.0.2.15", &a4), 1);
	UK_TEST_EXPECT_SNUM_EQ(a4.s_addr, htonl(0x0a00020f));
	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET, "10.0.2", &a4), 0);
	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET, "1.2.3.256", &a4), 0);
	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET6, "fe80::1:2", a6), 1);
	UK_TEST_EXPECT_ZERO(strcmp(inet_ntop(AF_INET6, a6, t, sizeof(t)),
				   "fe80::1:2"));
	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET6, "::ffff:1.2.3.4", a6), 1);
	UK_TEST_EXPECT_ZERO(strcmp(inet_ntop(AF_INET6, a6, t, sizeof(t)),
				   "::ffff:1.2.3.4"));
	UK_TEST_EXPECT_SNUM_EQ(inet_pton(AF_INET6, "1::2::3", a6), 0);
	UK_TEST_EXPECT_ZERO(strcmp(inet_ntoa(a4), "10.0.2.15"));
}

UK_TESTCASE(lwip_sockets, ipv6_loopback_and_message_calls)
{
	struct sockaddr_in6 a, peer;
	socklen_t len = sizeof(peer);
	struct iovec iov[2];
	struct msghdr m;
	char b1[3], b2[8];
	int l = socket(AF_INET6, SOCK_STREAM, 0), c, s;

	UK_TEST_ASSERT(l >= 0);
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(7006);
	a.sin6_addr = in6addr_loopback;
	UK_TEST_ASSERT(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_ASSERT(listen(l, 2) == 0);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	UK_TEST_ASSERT(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	s = accept(l, (struct sockaddr *)&peer, &len);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_SNUM_EQ(len, sizeof(struct sockaddr_in6));
	UK_TEST_EXPECT_SNUM_EQ(peer.sin6_family, AF_INET6);
	UK_TEST_EXPECT(IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr));
	len = sizeof(peer);
	UK_TEST_EXPECT_SNUM_EQ(getpeername(c, (struct sockaddr *)&peer, &len), 0);
	UK_TEST_EXPECT_SNUM_EQ(ntohs(peer.sin6_port), 7006);

	/* gather on one side, scatter on the other */
	iov[0] = (struct iovec){ "abc", 3 };
	iov[1] = (struct iovec){ "defgh", 5 };
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	UK_TEST_EXPECT_SNUM_EQ(sendmsg(c, &m, 0), 8);
	iov[0] = (struct iovec){ b1, sizeof(b1) };
	iov[1] = (struct iovec){ b2, sizeof(b2) };
	UK_TEST_EXPECT_SNUM_EQ(recvmsg(s, &m, MSG_WAITALL), 8);
	UK_TEST_EXPECT_ZERO(memcmp(b1, "abc", 3));
	UK_TEST_EXPECT_ZERO(memcmp(b2, "defgh", 5));

	/* shutdown(SHUT_WR) is an end of stream for the peer; writing after
	 * it is EPIPE (no signal) */
	UK_TEST_EXPECT_SNUM_EQ(shutdown(c, SHUT_WR), 0);
	UK_TEST_EXPECT_SNUM_EQ(read(s, b2, sizeof(b2)), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(send(c, "x", 1, MSG_NOSIGNAL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	close(s);
	close(c);
	close(l);
}

UK_TESTCASE(lwip_sockets, receive_timeout_and_options)
{
	struct sockaddr_in a = loop4(7008);
	struct timeval tv = { 0, 200000 };
	int s = socket(AF_INET, SOCK_DGRAM, 0), v = 0;
	socklen_t len = sizeof(v);
	char buf[4];

	UK_TEST_ASSERT(s >= 0);
	UK_TEST_ASSERT(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv,
					  sizeof(tv)), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(recv(s, buf, sizeof(buf), 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), 0);
	UK_TEST_EXPECT_SNUM_EQ(v, SOCK_DGRAM);
	len = sizeof(v);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(v, AF_INET);
	close(s);
}

#include <netdb.h>

UK_TESTCASE(lwip_sockets, getaddrinfo_numeric_localhost_and_errors)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM }, *res;
	struct sockaddr_in *sin;
	struct hostent *he;
	char host[64], serv[8];

	UK_TEST_ASSERT(getaddrinfo("10.1.2.3", "8123", &hints, &res) == 0);
	sin = (struct sockaddr_in *)res->ai_addr;
	UK_TEST_EXPECT_SNUM_EQ(res->ai_family, AF_INET);
	UK_TEST_EXPECT_SNUM_EQ(res->ai_protocol, IPPROTO_TCP);
	UK_TEST_EXPECT_SNUM_EQ(ntohs(sin->sin_port), 8123);
	UK_TEST_EXPECT_SNUM_EQ(sin->sin_addr.s_addr, htonl(0x0a010203));
	UK_TEST_EXPECT_NULL(res->ai_next);
	UK_TEST_EXPECT_SNUM_EQ(getnameinfo(res->ai_addr, res->ai_addrlen, host,
					   sizeof(host), serv, sizeof(serv),
					   NI_NUMERICHOST | NI_NUMERICSERV), 0);
	UK_TEST_EXPECT_ZERO(strcmp(host, "10.1.2.3"));
	UK_TEST_EXPECT_ZERO(strcmp(serv, "8123"));
	freeaddrinfo(res);

	UK_TEST_ASSERT(getaddrinfo("localhost", "http", &hints, &res) == 0);
	sin = (struct sockaddr_in *)res->ai_addr;
	UK_TEST_EXPECT_SNUM_EQ(sin->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	UK_TEST_EXPECT_SNUM_EQ(ntohs(sin->sin_port), 80);
	freeaddrinfo(res);

	hints.ai_flags = AI_PASSIVE;
	hints.ai_family = AF_UNSPEC;
	UK_TEST_ASSERT(getaddrinfo(NULL, "7", &hints, &res) == 0);
	UK_TEST_EXPECT_SNUM_EQ(res->ai_family, AF_INET);
	UK_TEST_EXPECT_SNUM_EQ(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr,
			       INADDR_ANY);
	UK_TEST_ASSERT(res->ai_next != NULL);
	UK_TEST_EXPECT_SNUM_EQ(res->ai_next->ai_family, AF_INET6);
	freeaddrinfo(res);

	hints.ai_flags = AI_NUMERICHOST;
	UK_TEST_EXPECT_SNUM_EQ(getaddrinfo("example.invalid", "80", &hints,
					   &res), EAI_NONAME);
	hints.ai_flags = 0;
	UK_TEST_EXPECT_SNUM_EQ(getaddrinfo("10.0.0.1", "nosuchservice", &hints,
					   &res), EAI_SERVICE);
	hints.ai_family = 12345;
	UK_TEST_EXPECT_SNUM_EQ(getaddrinfo("10.0.0.1", "80", &hints, &res),
			       EAI_FAMILY);
	UK_TEST_EXPECT_ZERO(strcmp(gai_strerror(EAI_NONAME),
				   "Name or service not known"));
	he = gethostbyname("127.0.0.1");
	UK_TEST_ASSERT(he != NULL);
	UK_TEST_EXPECT_SNUM_EQ(he->h_length, 4);
	UK_TEST_EXPECT_SNUM_EQ(((unsigned char *)he->h_addr)[0], 127);
}
