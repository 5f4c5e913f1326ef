/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fnmatch (POSIX): shell wildcards '*', '?', bracket expressions with
 * ranges and '!'/'^' negation, backslash escapes; FNM_PATHNAME,
 * FNM_PERIOD, FNM_NOESCAPE, FNM_LEADING_DIR, FNM_CASEFOLD. newlib's
 * header, our implementation (newlib builds none for bare targets).
 */
#define _GNU_SOURCE /* FNM_LEADING_DIR and FNM_CASEFOLD */
#include <fnmatch.h>
#include <ctype.h>
#include <string.h>

static int fold(int c, int flags)
{
	return (flags & FNM_CASEFOLD) ? tolower(c) : c;
}

/* The bracket expression at p (after '['): 1 match, 0 no, -1 malformed.
 * *end is set past its ']'. */
static int bracket(const char *p, int c, int flags, const char **end)
{
	int neg = 0, ok = 0;
	const char *q = p;

	if (*q == '!' || *q == '^') {
		neg = 1;
		q++;
	}
	c = fold(c, flags);
	/* A ']' right after '[' or '[!' is an ordinary character. */
	do {
		int lo, hi;

		if (*q == '\0')
			return -1;
		if (*q == '\\' && !(flags & FNM_NOESCAPE) && q[1])
			q++;
		lo = (unsigned char)*q++;
		hi = lo;
		if (*q == '-' && q[1] && q[1] != ']') {
			q++;
			if (*q == '\\' && !(flags & FNM_NOESCAPE) && q[1])
				q++;
			hi = (unsigned char)*q++;
		}
		if ((flags & FNM_CASEFOLD) && isalpha(lo) && isalpha(hi)) {
			if (tolower(lo) <= c && c <= tolower(hi))
				ok = 1;
		} else if (lo <= c && c <= hi) {
			ok = 1;
		}
	} while (*q != ']');
	*end = q + 1;
	return ok != neg;
}

static int leading_period(const char *s, const char *start, int flags)
{
	return *s == '.' && (flags & FNM_PERIOD) &&
	       (s == start || ((flags & FNM_PATHNAME) && s[-1] == '/'));
}

static int match(const char *p, const char *s, const char *start, int flags)
{
	for (;;) {
		const char *end;
		int r;

		switch (*p) {
		case '\0':
			if (*s == '\0')
				return 0;
			if ((flags & FNM_LEADING_DIR) && *s == '/')
				return 0;
			return FNM_NOMATCH;
		case '?':
			if (*s == '\0' || ((flags & FNM_PATHNAME) && *s == '/') ||
			    leading_period(s, start, flags))
				return FNM_NOMATCH;
			p++;
			s++;
			break;
		case '*':
			while (*p == '*')
				p++;
			if (leading_period(s, start, flags))
				return FNM_NOMATCH;
			if (*p == '\0')
				return ((flags & FNM_PATHNAME) &&
					!(flags & FNM_LEADING_DIR) &&
					strchr(s, '/')) ? FNM_NOMATCH : 0;
			for (; *s; s++) {
				if (match(p, s, start, flags) == 0)
					return 0;
				if ((flags & FNM_PATHNAME) && *s == '/')
					return FNM_NOMATCH;
			}
			return match(p, s, start, flags);
		case '[':
			if (*s == '\0' || ((flags & FNM_PATHNAME) && *s == '/') ||
			    leading_period(s, start, flags))
				return FNM_NOMATCH;
			r = bracket(p + 1, (unsigned char)*s, flags, &end);
			if (r < 0) { /* no closing ']': a literal '[' */
				if (*s != '[')
					return FNM_NOMATCH;
				p++;
				s++;
				break;
			}
			if (!r)
				return FNM_NOMATCH;
			p = end;
			s++;
			break;
		case '\\':
			if (!(flags & FNM_NOESCAPE) && p[1])
				p++;
			/* fall through */
		default:
			if (fold((unsigned char)*p, flags) !=
			    fold((unsigned char)*s, flags))
				return FNM_NOMATCH;
			p++;
			s++;
		}
	}
}

int fnmatch(const char *pattern, const char *string, int flags)
{
	return match(pattern, string, string, flags);
}
