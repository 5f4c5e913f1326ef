/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The printf engine. Conversions: d i u o x X c s p % and, with
 * CONFIG_LIBNOLIBC_PRINTF_FLOAT, f F e E g G (a A print as e E). Flags
 * - + space # 0, width and precision (also as *), lengths hh h l ll z j t L.
 * Output goes to a sink callback; the count returned is what would have
 * been written, as C requires of snprintf.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include "format.h"

#define F_LEFT 0x01
#define F_PLUS 0x02
#define F_SPACE 0x04
#define F_ALT 0x08
#define F_ZERO 0x10

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1: not given */
	char conv;
};

struct out {
	nolibc_sink_t sink;
	void *ctx;
	size_t count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += n;
	}
}

static void pad(struct out *o, char c, int n)
{
	char buf[16];

	memset(buf, c, sizeof(buf));
	for (; n > 0; n -= (int)sizeof(buf))
		emit(o, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf));
}

/*
 * Emit prefix (sign, 0x), zeros, then body, padded to the width. Zero
 * padding goes between prefix and body; zeros is extra zeros required by
 * the precision.
 */
static void emit_field(struct out *o, const struct spec *sp, const char *pre,
		       const char *body, size_t len, int zeros)
{
	int plen = (int)strlen(pre);
	int fill = sp->width - plen - zeros - (int)len;

	if (fill > 0 && (sp->flags & F_ZERO) && !(sp->flags & F_LEFT)) {
		zeros += fill;
		fill = 0;
	}
	if (!(sp->flags & F_LEFT))
		pad(o, ' ', fill);
	emit(o, pre, (size_t)plen);
	pad(o, '0', zeros);
	emit(o, body, len);
	if (sp->flags & F_LEFT)
		pad(o, ' ', fill);
}

static void fmt_int(struct out *o, struct spec *sp, uintmax_t v, int neg)
{
	char buf[24], *end = buf + sizeof(buf), *p = end;
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	unsigned int base = 10;
	const char *pre = "";
	int zeros;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	while (v) {
		*--p = digits[v % base];
		v /= base;
	}
	if (sp->prec >= 0)
		sp->flags &= ~F_ZERO; /* a precision turns zero padding off */
	else
		sp->prec = 1;
	zeros = sp->prec - (int)(end - p);
	if (zeros < 0)
		zeros = 0;
	if (neg)
		pre = "-";
	else if (sp->flags & F_PLUS && base == 10 && sp->conv != 'u')
		pre = "+";
	else if (sp->flags & F_SPACE && base == 10 && sp->conv != 'u')
		pre = " ";
	else if (sp->conv == 'p' || (sp->flags & F_ALT && p != end && base == 16))
		pre = sp->conv == 'X' ? "0X" : "0x";
	else if (sp->flags & F_ALT && base == 8 && zeros == 0 &&
		 (p == end || *p != '0'))
		zeros = 1;
	emit_field(o, sp, pre, p, (size_t)(end - p), zeros);
}

#ifdef CONFIG_LIBNOLIBC_PRINTF_FLOAT
#define FBUF 400 /* %f of the largest double: 309 digits + point + 6 */

/* Digits of v (>= 0, finite) with prec decimals; returns length. */
static int fixed_digits(char *buf, double v, int prec)
{
	double r = 0.5;
	int n = 0, i;
	char tmp[320];
	int t = 0;

	for (i = 0; i < prec; i++)
		r /= 10;
	v += r;
	if (v < 18446744073709551616.0) {
		uint64_t ip = (uint64_t)v;

		v -= (double)ip;
		do
			tmp[t++] = (char)('0' + ip % 10);
		while ((ip /= 10) && t < 320);
	} else {
		/* Beyond 64 bits: peel digits off the double itself. */
		double ip = v;
		int e = 0;

		while (ip >= 10)
			ip /= 10, e++;
		for (i = 0; i <= e && t < 320; i++) {
			int d = (int)ip;

			tmp[t++] = (char)('0' + d);
			ip = (ip - d) * 10;
		}
		/* tmp holds the digits most significant first here */
		memcpy(buf, tmp, (size_t)t);
		n = t, t = 0;
		v = 0;
	}
	while (t)
		buf[n++] = tmp[--t];
	if (prec > 0)
		buf[n++] = '.';
	for (i = 0; i < prec && n < FBUF - 1; i++) {
		int d;

		v *= 10;
		d = (int)v;
		buf[n++] = (char)('0' + d);
		v -= d;
	}
	return n;
}

/* d.ddde+XX; returns length. */
static int exp_digits(char *buf, double v, int prec, int upper, int *pexp)
{
	int e = 0, n, i;
	double r = 0.5;

	if (v != 0) {
		while (v >= 10)
			v /= 10, e++;
		while (v < 1)
			v *= 10, e--;
	}
	for (i = 0; i < prec; i++)
		r /= 10;
	v += r;
	if (v >= 10)
		v /= 10, e++;
	*pexp = e;
	n = 0;
	buf[n++] = (char)('0' + (int)v);
	v -= (int)v;
	if (prec > 0)
		buf[n++] = '.';
	for (i = 0; i < prec && n < FBUF - 8; i++) {
		int d;

		v *= 10;
		d = (int)v;
		buf[n++] = (char)('0' + d);
		v -= d;
	}
	buf[n++] = upper ? 'E' : 'e';
	buf[n++] = e < 0 ? '-' : '+';
	if (e < 0)
		e = -e;
	if (e >= 100)
		buf[n++] = (char)('0' + e / 100);
	buf[n++] = (char)('0' + e / 10 % 10);
	buf[n++] = (char)('0' + e % 10);
	return n;
}

/* %g: drop trailing zeros of the fraction (and a lone point). */
static int trim_zeros(char *buf, int n)
{
	char *e = memchr(buf, 'e', (size_t)n);
	int mant, tail;

	if (!e)
		e = memchr(buf, 'E', (size_t)n);
	mant = e ? (int)(e - buf) : n;
	tail = n - mant;
	if (!memchr(buf, '.', (size_t)mant))
		return n;
	while (mant > 0 && buf[mant - 1] == '0')
		mant--;
	if (mant > 0 && buf[mant - 1] == '.')
		mant--;
	memmove(buf + mant, buf + n - tail, (size_t)tail);
	return mant + tail;
}

static void fmt_float(struct out *o, struct spec *sp, double v)
{
	char buf[FBUF];
	const char *pre = "";
	int upper = sp->conv >= 'A' && sp->conv <= 'Z';
	int n, exp;

	if (v < 0 || (v == 0 && 1 / v < 0))
		pre = "-", v = -v;
	else if (sp->flags & F_PLUS)
		pre = "+";
	else if (sp->flags & F_SPACE)
		pre = " ";
	if (v != v || v > 1.7976931348623157e308) {
		sp->flags &= ~F_ZERO;
		emit_field(o, sp, pre, v != v ? (upper ? "NAN" : "nan")
					      : (upper ? "INF" : "inf"),
			   3, 0);
		return;
	}
	if (sp->prec < 0)
		sp->prec = 6;
	switch (sp->conv | 32) {
	case 'f':
		n = fixed_digits(buf, v, sp->prec);
		break;
	case 'g': {
		int p = sp->prec ? sp->prec : 1;

		exp_digits(buf, v, p - 1, upper, &exp);
		if (exp < p && exp >= -4)
			n = fixed_digits(buf, v, p - 1 - exp);
		else
			n = exp_digits(buf, v, p - 1, upper, &exp);
		if (!(sp->flags & F_ALT))
			n = trim_zeros(buf, n);
		break;
	}
	default: /* e, a */
		n = exp_digits(buf, v, sp->prec, upper, &exp);
	}
	if ((sp->flags & F_ALT) && sp->prec == 0 && !memchr(buf, '.', (size_t)n))
		buf[n++] = '.';
	emit_field(o, sp, pre, buf, (size_t)n, 0);
}
#endif

int nolibc_format(nolibc_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };

	while (*fmt) {
		const char *start = fmt, *pct;
		struct spec sp = { 0, 0, -1, 0 };
		int lng = 0; /* 1 l, 2 ll/j/z/t, -1 h, -2 hh */

		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, start, (size_t)(fmt - start));
		if (!*fmt)
			break;
		pct = fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0)
				sp.flags |= F_LEFT, sp.width = -sp.width;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'h')
				lng--;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't' ||
				 *fmt == 'q')
				lng = 2;
			else if (*fmt == 'L')
				lng = 3;
			else
				break;
		}
		sp.conv = *fmt;
		if (!*fmt)
			break;
		fmt++;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			intmax_t v = lng >= 2 ? va_arg(ap, long long)
				   : lng == 1 ? va_arg(ap, long)
					      : va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			fmt_int(&o, &sp, v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v,
				v < 0);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X': {
			uintmax_t v = lng >= 2 ? va_arg(ap, unsigned long long)
				    : lng == 1 ? va_arg(ap, unsigned long)
					       : va_arg(ap, unsigned int);

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			fmt_int(&o, &sp, v, 0);
			break;
		}
		case 'p':
			fmt_int(&o, &sp, (uintptr_t)va_arg(ap, void *), 0);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.flags &= ~F_ZERO;
			emit_field(&o, &sp, "", &c, 1, 0);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			sp.flags &= ~F_ZERO;
			emit_field(&o, &sp, "", s,
				   sp.prec >= 0 ? strnlen(s, (size_t)sp.prec)
						: strlen(s),
				   0);
			break;
		}
		case 'f': case 'F': case 'e': case 'E':
		case 'g': case 'G': case 'a': case 'A': {
			double v = lng == 3 ? (double)va_arg(ap, long double)
					    : va_arg(ap, double);
#ifdef CONFIG_LIBNOLIBC_PRINTF_FLOAT
			fmt_float(&o, &sp, v);
#else
			(void)v;
			emit(&o, "?", 1);
#endif
			break;
		}
		case 'n': /* not supported: writes through a pointer */
			(void)va_arg(ap, void *);
			break;
		case '%':
			emit(&o, "%", 1);
			break;
		default: /* unknown: print it as it was written */
			emit(&o, pct, (size_t)(fmt - pct));
		}
	}
	return o.count > 0x7fffffff ? -1 : (int)o.count;
}

/* snprintf's sink: copy what fits, count everything. */
struct bufctx {
	char *buf;
	size_t size, len;
};

static void buf_sink(void *ctx, const char *s, size_t n)
{
	struct bufctx *b = ctx;

	if (b->len + 1 < b->size) {
		size_t room = b->size - 1 - b->len;

		memcpy(b->buf + b->len, s, n < room ? n : room);
	}
	b->len += n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct bufctx b = { buf, size, 0 };
	int n = nolibc_format(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}
