/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * echo: a TCP and UDP echo server, or a client.
 *
 *   echo [PORT]                    serve TCP and UDP echo on PORT (7007),
 *                                  every connection at once (epoll)
 *   echo connect HOST PORT TEXT    send TEXT over TCP, print the answer
 *   echo udp HOST PORT TEXT        the same over UDP
 *
 * A plain POSIX program: it builds the same for Linux.
 */
#include <sys/socket.h>
#include <sys/epoll.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define MAXEV 64

static int usage(void)
{
	fprintf(stderr, "usage: echo [PORT] | echo connect|udp HOST PORT TEXT\n");
	return 2;
}

static int address(const char *host, const char *port, struct sockaddr_in *a)
{
	int p = atoi(port);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons((unsigned short)p);
	if (p <= 0 || p > 65535 || inet_pton(AF_INET, host, &a->sin_addr) != 1) {
		fprintf(stderr, "echo: bad address %s port %s\n", host, port);
		return -1;
	}
	return 0;
}

static int client(int udp, const char *host, const char *port,
		  const char *text)
{
	struct sockaddr_in a;
	char buf[2048];
	size_t len = strlen(text), got = 0;
	int fd;

	if (address(host, port, &a) < 0)
		return 2;
	fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fprintf(stderr, "echo: connect to %s:%s: %s\n", host, port,
			strerror(errno));
		return 1;
	}
	if (write(fd, text, len) != (ssize_t)len) {
		fprintf(stderr, "echo: send: %s\n", strerror(errno));
		return 1;
	}
	while (got < len && got < sizeof(buf) - 1) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - 1 - got);

		if (n <= 0)
			break;
		got += (size_t)n;
		if (udp)
			break;
	}
	buf[got] = '\0';
	printf("echo: reply: %s\n", buf);
	close(fd);
	return got == len && !memcmp(buf, text, len) ? 0 : 1;
}

static int listener(int type, int port)
{
	struct sockaddr_in a;
	int one = 1, fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	if (type == SOCK_STREAM && listen(fd, 128) < 0)
		return -1;
	return fd;
}

static int server(int port)
{
	int tcp = listener(SOCK_STREAM, port), udp = listener(SOCK_DGRAM, port);
	struct epoll_event ev, evs[MAXEV];
	char buf[4096];
	int ep;

	if (tcp < 0 || udp < 0) {
		fprintf(stderr, "echo: port %d: %s\n", port, strerror(errno));
		return 1;
	}
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = tcp;
	epoll_ctl(ep, EPOLL_CTL_ADD, tcp, &ev);
	ev.data.fd = udp;
	epoll_ctl(ep, EPOLL_CTL_ADD, udp, &ev);
	printf("echo: serving TCP and UDP on port %d\n", port);
	fflush(stdout);
	for (;;) {
		int n = epoll_wait(ep, evs, MAXEV, -1);

		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			ssize_t k;

			if (fd == tcp) {
				int c;

				while ((c = accept4(tcp, NULL, NULL,
						    SOCK_NONBLOCK)) >= 0) {
					ev.events = EPOLLIN;
					ev.data.fd = c;
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				}
			} else if (fd == udp) {
				struct sockaddr_in from;
				socklen_t fl = sizeof(from);

				while ((k = recvfrom(udp, buf, sizeof(buf), 0,
						     (struct sockaddr *)&from,
						     &fl)) >= 0) {
					sendto(udp, buf, (size_t)k, 0,
					       (struct sockaddr *)&from, fl);
					fl = sizeof(from);
				}
			} else {
				k = read(fd, buf, sizeof(buf));
				if (k > 0) {
					/* small echoes: the send buffer has room */
					if (write(fd, buf, (size_t)k) == k)
						continue;
				} else if (k < 0 && errno == EAGAIN) {
					continue;
				}
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
			}
		}
	}
}

int main(int argc, char *argv[])
{
	if (argc == 5 && !strcmp(argv[1], "connect"))
		return client(0, argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "udp"))
		return client(1, argv[2], argv[3], argv[4]);
	if (argc == 1)
		return server(7007);
	if (argc == 2 && atoi(argv[1]) > 0 && atoi(argv[1]) < 65536)
		return server(atoi(argv[1]));
	return usage();
}
