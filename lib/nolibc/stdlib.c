/* SPDX-License-Identifier: BSD-3-Clause */
/* Number conversion, integer helpers, rand, bsearch, getenv. */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

/*
 * The common core of strto*: parses an optional sign and digits of base
 * (0 = auto: 0x -> 16, 0 -> 8, else 10) and returns the magnitude, clamped
 * to limit (with *overflow set) when it is larger. *neg tells the sign.
 */
static unsigned long long parse(const char *s, char **end, int base,
				unsigned long long limit, int *neg,
				int *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0;

	*neg = 0, *overflow = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		*neg = (*p++ == '-');
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
	    isxdigit((unsigned char)p[2]))
		p += 2, base = 16;
	else if (base == 0)
		base = p[0] == '0' ? 8 : 10;
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (isalpha((unsigned char)*p))
			d = (*p | 32) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (limit - (unsigned int)d) / (unsigned int)base)
			*overflow = 1;
		else
			v = v * (unsigned int)base + (unsigned int)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (*overflow) {
		errno = ERANGE;
		return limit;
	}
	return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg, ovf;
	unsigned long long v =
		parse(s, end, base, (unsigned long long)LLONG_MAX + 1, &neg, &ovf);

	if (!neg && v > LLONG_MAX) {
		errno = ERANGE;
		return LLONG_MAX;
	}
	return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	int neg, ovf;
	unsigned long long v =
		parse(s, end, base, (unsigned long long)LONG_MAX + 1, &neg, &ovf);

	if (!neg && v > LONG_MAX) {
		errno = ERANGE;
		return LONG_MAX;
	}
	return neg ? (long)(0 - v) : (long)v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	int neg, ovf;
	unsigned long long v = parse(s, end, base, ULLONG_MAX, &neg, &ovf);

	return neg && !ovf ? 0 - v : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	int neg, ovf;
	unsigned long long v = parse(s, end, base, ULONG_MAX, &neg, &ovf);

	return neg && !ovf ? (unsigned long)(0 - v) : (unsigned long)v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
div_t div(int n, int d) { return (div_t){ n / d, n % d }; }
ldiv_t ldiv(long n, long d) { return (ldiv_t){ n / d, n % d }; }
lldiv_t lldiv(long long n, long long d) { return (lldiv_t){ n / d, n % d }; }

/* A 32-bit xorshift generator: fine for tests and games, not for secrets. */
static unsigned int rand_state = 1;

int rand_r(unsigned int *seed)
{
	unsigned int x = *seed ? *seed : 0x9e3779b9U;

	x ^= x << 13, x ^= x >> 17, x ^= x << 5;
	*seed = x;
	return (int)(x & RAND_MAX);
}

int rand(void) { return rand_r(&rand_state); }
void srand(unsigned int seed) { rand_state = seed; }

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	while (n) {
		const char *mid = (const char *)base + (n / 2) * size;
		int c = cmp(key, mid);

		if (c == 0)
			return (void *)mid;
		if (c > 0) {
			base = mid + size;
			n -= n / 2 + 1;
		} else {
			n /= 2;
		}
	}
	return NULL;
}

/* nolibc has no environment; the POSIX environment library replaces this. */
__attribute__((weak)) char *getenv(const char *name)
{
	(void)name;
	return NULL;
}
