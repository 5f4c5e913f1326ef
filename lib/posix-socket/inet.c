/* SPDX-License-Identifier: BSD-3-Clause */
/* Address text conversions: inet_pton/ntop (IPv4 and IPv6), inet_aton. */
#include <arpa/inet.h>
#include <string.h>
#include <stdio.h>
#include <errno.h>

/* lwip defines in6addr_any too (the same 16 zero bytes): either will do. */
__attribute__((weak)) const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

/* Strict dotted quad: four decimal parts 0-255, no leading zeros. */
static int pton4(const char *s, unsigned char result[4])
{
	unsigned char out[4];

	for (int i = 0; i < 4; i++) {
		unsigned int v = 0, digits = 0;

		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (unsigned int)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return 0;
		}
		if (!digits)
			return 0;
		out[i] = (unsigned char)v;
		if (i < 3 && *s++ != '.')
			return 0;
	}
	if (*s != '\0')
		return 0;
	memcpy(result, out, 4); /* nothing written on failure */
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int pton6(const char *s, unsigned char out[16])
{
	unsigned char w[16] = { 0 };
	int n = 0, gap = -1;

	if (s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
		if (!*s)
			goto done;
	} else if (*s == ':') {
		return 0;
	}
	for (;;) {
		unsigned int v = 0;
		int digits = 0;
		const char *start = s;

		while (hexval(*s) >= 0 && digits < 5) {
			v = v * 16 + (unsigned int)hexval(*s++);
			digits++;
		}
		if (*s == '.' && n <= 12) {
			if (!pton4(start, w + n))
				return 0;
			n += 4;
			break;
		}
		if (!digits || digits > 4 || n > 14)
			return 0;
		w[n++] = (unsigned char)(v >> 8);
		w[n++] = (unsigned char)v;
		if (!*s)
			break;
		if (*s++ != ':')
			return 0;
		if (*s == ':') {
			if (gap >= 0)
				return 0;
			gap = n;
			s++;
			if (!*s)
				break;
		}
	}
done:
	if (gap >= 0) {
		if (n == 16)
			return 0;
		memmove(w + 16 - (n - gap), w + gap, (size_t)(n - gap));
		memset(w + gap, 0, (size_t)(16 - n));
	} else if (n != 16) {
		return 0;
	}
	memcpy(out, w, 16);
	return 1;
}

int inet_pton(int af, const char *src, void *dst)
{
	if (af == AF_INET)
		return pton4(src, dst);
	if (af == AF_INET6)
		return pton6(src, dst);
	errno = EAFNOSUPPORT;
	return -1;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	char buf[INET6_ADDRSTRLEN];
	const unsigned char *a = src;

	if (af == AF_INET) {
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2],
			 a[3]);
	} else if (af == AF_INET6) {
		int best = -1, bestlen = 0, p = 0;

		/* the longest run of two or more zero groups becomes "::" */
		for (int i = 0; i < 8;) {
			int j = i;

			while (j < 8 && !a[2 * j] && !a[2 * j + 1])
				j++;
			if (j - i > bestlen && j - i > 1) {
				best = i;
				bestlen = j - i;
			}
			i = j > i ? j : i + 1;
		}
		for (int i = 0; i < 8; i++) {
			if (i == best) {
				p += snprintf(buf + p, sizeof(buf) - (size_t)p,
					      "::");
				i += bestlen - 1;
				continue;
			}
			if (i == 6 && best == 0 &&
			    (bestlen == 6 ||
			     (bestlen == 5 && a[10] == 0xff && a[11] == 0xff))) {
				snprintf(buf + p, sizeof(buf) - (size_t)p,
					 "%s%u.%u.%u.%u",
					 buf[p - 1] != ':' ? ":" : "", a[12],
					 a[13], a[14], a[15]);
				p = (int)strlen(buf);
				break;
			}
			p += snprintf(buf + p, sizeof(buf) - (size_t)p, "%s%x",
				      p && buf[p - 1] != ':' ? ":" : "",
				      a[2 * i] << 8 | a[2 * i + 1]);
		}
	} else {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	if (strlen(buf) >= size) {
		errno = ENOSPC;
		return NULL;
	}
	strcpy(dst, buf);
	return dst;
}

int inet_aton(const char *cp, struct in_addr *inp)
{
	unsigned char a[4];

	if (!pton4(cp, a))
		return 0;
	memcpy(&inp->s_addr, a, 4);
	return 1;
}

in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

char *inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];

	return (char *)inet_ntop(AF_INET, &in, buf, sizeof(buf));
}
