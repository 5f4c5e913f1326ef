/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Name resolution: numeric addresses, then the hosts table (the file
 * /etc/hosts when the image has one, and localhost), then the resolver
 * of the family's socket driver (lwip's DNS client, with the servers of
 * netdev.ip= or DHCP). Services: numbers, and a few well-known names.
 */
#include <uk/sockdrv.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

#define MAXADDR 8
#define SA_SLOT 28

int h_errno;

static const struct {
	const char *name;
	int port;
} services[] = {
	{ "echo", 7 },	 { "ftp", 21 },	   { "ssh", 22 },    { "telnet", 23 },
	{ "smtp", 25 },	 { "domain", 53 }, { "http", 80 },   { "https", 443 },
	{ "redis", 6379 }, { "http-alt", 8080 },
};

struct found {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
};

static int add(struct found *f, int n, int family, const void *addr)
{
	if (n >= MAXADDR)
		return n;
	for (int i = 0; i < n; i++)
		if (f[i].family == family &&
		    !memcmp(f[i].addr, addr, family == AF_INET ? 4 : 16))
			return n;
	f[n].family = family;
	memcpy(f[n].addr, addr, family == AF_INET ? 4 : 16);
	return n + 1;
}

static int numeric(const char *name, int family, struct found *f)
{
	unsigned char a[16];

	if (family != AF_INET6 && inet_pton(AF_INET, name, a) == 1)
		return add(f, 0, AF_INET, a);
	if (family != AF_INET && inet_pton(AF_INET6, name, a) == 1)
		return add(f, 0, AF_INET6, a);
	return 0;
}

/*
 * Lines "ADDRESS NAME ALIAS..." of /etc/hosts naming name. Without a file
 * system (nolibc images have none) there is no /etc/hosts: only the
 * built-in names and DNS answer.
 */
static int hosts_file(const char *name, int family, struct found *f, int n)
{
#ifndef CONFIG_LIBVFSCORE
	(void)name;
	(void)family;
	(void)f;
	return n;
#else
	FILE *fp = fopen("/etc/hosts", "r");
	char line[512];

	if (!fp)
		return n;
	while (fgets(line, sizeof(line), fp)) {
		char *save, *addr, *w;
		unsigned char a[16];
		int fam;

		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		addr = strtok_r(line, " \t\r\n", &save);
		if (!addr)
			continue;
		if (inet_pton(AF_INET, addr, a) == 1)
			fam = AF_INET;
		else if (inet_pton(AF_INET6, addr, a) == 1)
			fam = AF_INET6;
		else
			continue;
		if (family && family != fam)
			continue;
		while ((w = strtok_r(NULL, " \t\r\n", &save)))
			if (!strcasecmp(w, name))
				n = add(f, n, fam, a);
	}
	fclose(fp);
	return n;
#endif
}

static int lookup(const char *name, int family, int numeric_only,
		  struct found *f)
{
	const struct uk_sockdrv_ops *d;
	unsigned char sa[SA_SLOT * MAXADDR];
	int n = numeric(name, family, f);

	if (n)
		return n;
	if (numeric_only)
		return EAI_NONAME;
	n = hosts_file(name, family, f, 0);
	if (!n && !strcasecmp(name, "localhost")) {
		static const unsigned char lo4[4] = { 127, 0, 0, 1 };

		if (family != AF_INET6)
			n = add(f, n, AF_INET, lo4);
		if (family != AF_INET)
			n = add(f, n, AF_INET6, &in6addr_loopback);
	}
	if (n)
		return n;
	d = uk_sockdrv_get(family == AF_INET6 ? AF_INET6 : AF_INET);
	if (!d || !d->resolve)
		return EAI_NONAME;
	n = d->resolve(name, family, sa, MAXADDR);
	if (n == -EAGAIN || n == -ETIMEDOUT)
		return EAI_AGAIN;
	if (n <= 0)
		return EAI_NONAME;
	{
		int k = 0;

		for (int i = 0; i < n; i++) {
			const unsigned char *s = sa + SA_SLOT * i;
			int fam = s[0] | s[1] << 8;

			if (fam == AF_INET)
				k = add(f, k, AF_INET, s + 4);
			else if (fam == AF_INET6)
				k = add(f, k, AF_INET6, s + 8);
		}
		n = k ? k : EAI_NONAME;
	}
	return n;
}

static int service_port(const char *service, int numeric_only, int *port)
{
	char *end;
	long v;

	*port = 0;
	if (!service)
		return 0;
	v = strtol(service, &end, 10);
	if (*service && !*end) {
		if (v < 0 || v > 65535)
			return EAI_SERVICE;
		*port = (int)v;
		return 0;
	}
	if (numeric_only)
		return EAI_NONAME;
	for (unsigned int i = 0; i < sizeof(services) / sizeof(services[0]);
	     i++)
		if (!strcmp(services[i].name, service)) {
			*port = services[i].port;
			return 0;
		}
	return EAI_SERVICE;
}

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM };
	struct addrinfo h = { 0 }, *head = NULL, **tail = &head;
	struct found f[MAXADDR];
	int n, port, rc;

	if (hints)
		h = *hints;
	if (!node && !service)
		return EAI_NONAME;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET &&
	    h.ai_family != AF_INET6)
		return EAI_FAMILY;
	if (h.ai_socktype && h.ai_socktype != SOCK_STREAM &&
	    h.ai_socktype != SOCK_DGRAM && h.ai_socktype != SOCK_RAW)
		return EAI_SOCKTYPE;
	if (h.ai_flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST |
			   AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG |
			   AI_NUMERICSERV))
		return EAI_BADFLAGS;
	rc = service_port(service, h.ai_flags & AI_NUMERICSERV, &port);
	if (rc)
		return rc;
	if (node) {
		n = lookup(node, h.ai_family, h.ai_flags & AI_NUMERICHOST, f);
		if (n < 0)
			return n;
	} else {
		/* the wildcard to bind to, or the loopback to connect to */
		static const unsigned char any4[4], lo4[4] = { 127, 0, 0, 1 };
		int passive = h.ai_flags & AI_PASSIVE;

		n = 0;
		if (h.ai_family != AF_INET6)
			n = add(f, n, AF_INET, passive ? any4 : lo4);
		if (h.ai_family != AF_INET)
			n = add(f, n, AF_INET6,
				passive ? &in6addr_any : &in6addr_loopback);
	}
	for (int i = 0; i < n; i++)
		for (unsigned int t = 0; t < 2; t++) {
			struct addrinfo *ai;
			int type = types[t];

			if (h.ai_socktype && h.ai_socktype != type)
				continue;
			ai = calloc(1, sizeof(*ai) +
					       sizeof(struct sockaddr_in6));
			if (!ai) {
				freeaddrinfo(head);
				return EAI_MEMORY;
			}
			ai->ai_family = f[i].family;
			ai->ai_socktype = type;
			ai->ai_protocol = type == SOCK_STREAM ? IPPROTO_TCP
							      : IPPROTO_UDP;
			ai->ai_addr = (struct sockaddr *)(ai + 1);
			if (f[i].family == AF_INET) {
				struct sockaddr_in *s = (void *)ai->ai_addr;

				s->sin_family = AF_INET;
				s->sin_port = htons((uint16_t)port);
				memcpy(&s->sin_addr, f[i].addr, 4);
				ai->ai_addrlen = sizeof(*s);
			} else {
				struct sockaddr_in6 *s = (void *)ai->ai_addr;

				s->sin6_family = AF_INET6;
				s->sin6_port = htons((uint16_t)port);
				memcpy(&s->sin6_addr, f[i].addr, 16);
				ai->ai_addrlen = sizeof(*s);
			}
			if ((h.ai_flags & AI_CANONNAME) && !head && node)
				ai->ai_canonname = strdup(node);
			*tail = ai;
			tail = &ai->ai_next;
		}
	if (!head)
		return EAI_NONAME;
	*res = head;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;

		free(res->ai_canonname);
		free(res);
		res = next;
	}
}

const char *gai_strerror(int err)
{
	switch (err) {
	case 0: return "Success";
	case EAI_BADFLAGS: return "Bad value for ai_flags";
	case EAI_NONAME: return "Name or service not known";
	case EAI_AGAIN: return "Temporary failure in name resolution";
	case EAI_FAIL: return "Non-recoverable failure in name resolution";
	case EAI_FAMILY: return "ai_family not supported";
	case EAI_SOCKTYPE: return "ai_socktype not supported";
	case EAI_SERVICE: return "Servname not supported for ai_socktype";
	case EAI_MEMORY: return "Memory allocation failure";
	case EAI_SYSTEM: return "System error";
	case EAI_OVERFLOW: return "Argument buffer overflow";
	}
	return "Unknown error";
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	const void *addr;
	int port;

	if (!sa)
		return EAI_FAIL;
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		addr = &((const struct sockaddr_in *)sa)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else if (sa->sa_family == AF_INET6 &&
		   salen >= sizeof(struct sockaddr_in6)) {
		addr = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	} else {
		return EAI_FAMILY;
	}
	/* No reverse lookups: names are the numeric forms. */
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	if (host && hostlen &&
	    !inet_ntop(sa->sa_family, addr, host, hostlen))
		return EAI_OVERFLOW;
	if (serv && servlen &&
	    snprintf(serv, servlen, "%d", port) >= (int)servlen)
		return EAI_OVERFLOW;
	return 0;
}

struct hostent *gethostbyname(const char *name)
{
	static struct hostent he;
	static char namebuf[256];
	static unsigned char addrs[MAXADDR][4];
	static char *list[MAXADDR + 1];
	static char *aliases[1];
	struct found f[MAXADDR];
	int n = lookup(name, AF_INET, 0, f);

	if (n <= 0) {
		h_errno = n == EAI_AGAIN ? TRY_AGAIN : HOST_NOT_FOUND;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		memcpy(addrs[i], f[i].addr, 4);
		list[i] = (char *)addrs[i];
	}
	list[n] = NULL;
	snprintf(namebuf, sizeof(namebuf), "%s", name);
	he.h_name = namebuf;
	he.h_aliases = aliases;
	he.h_addrtype = AF_INET;
	he.h_length = 4;
	he.h_addr_list = list;
	return &he;
}

struct servent *getservbyname(const char *name, const char *proto)
{
	static struct servent se;
	static char *aliases[1];
	int port;

	if (service_port(name, 0, &port) || !port)
		return NULL;
	se.s_name = (char *)name;
	se.s_aliases = aliases;
	se.s_port = htons((uint16_t)port);
	se.s_proto = (char *)(proto ? proto : "tcp");
	return &se;
}
