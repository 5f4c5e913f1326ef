/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * httpreply: answers every HTTP request on a TCP port (8123, or the
 * first argument) with one fixed page, then closes the connection. A
 * plain BSD-sockets program: it builds the same for Linux.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#define PAGE "<html><body><h1>It works!</h1></body></html>\n"

static const char reply[] = "HTTP/1.1 200 OK\r\n"
			    "Content-Type: text/html\r\n"
			    "Content-Length: 45\r\n"
			    "Connection: close\r\n"
			    "\r\n" PAGE;

_Static_assert(sizeof(PAGE) - 1 == 45, "Content-Length");

/* Read until the end of the request's header (or 4 KiB, or an error). */
static int read_request(int fd)
{
	char buf[4096];
	size_t have = 0;

	while (have < sizeof(buf) - 1) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);

		if (n <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return 0;
	}
	return -1; /* too long: not a request we answer */
}

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8123;
	struct sockaddr_in a;
	unsigned long served = 0;
	int one = 1, srv;

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "httpreply: bad port %s\n", argv[1]);
		return 2;
	}
	srv = socket(AF_INET, SOCK_STREAM, 0);
	if (srv < 0) {
		fprintf(stderr, "httpreply: socket: %s\n", strerror(errno));
		return 1;
	}
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	a.sin_port = htons((unsigned short)port);
	if (bind(srv, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(srv, 128) < 0) {
		fprintf(stderr, "httpreply: port %d: %s\n", port,
			strerror(errno));
		return 1;
	}
	printf("httpreply: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		int c = accept(srv, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "httpreply: accept: %s\n",
				strerror(errno));
			return 1;
		}
		if (read_request(c) == 0 &&
		    write(c, reply, sizeof(reply) - 1) ==
			    (ssize_t)(sizeof(reply) - 1))
			served++;
		close(c);
	}
}
