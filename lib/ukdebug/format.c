/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printk's formatter (see uk_vsnprintk in <uk/print.h>): no C library, no
 * allocator, no global state, a few hundred bytes of stack at most, so a
 * crash report can be formatted from any context.
 */
#include <uk/print.h>

#define F_LEFT 0x01
#define F_PLUS 0x02
#define F_SPACE 0x04
#define F_ALT 0x08
#define F_ZERO 0x10
#define F_PTR 0x20 /* 0x even before 0 */

struct out {
	char *buf;
	__sz size;
	__sz n; /* characters produced, stored or not */
};

static void put(struct out *o, char c)
{
	if (o->n + 1 < o->size)
		o->buf[o->n] = c;
	o->n++;
}

static void repeat(struct out *o, char c, int count)
{
	while (count-- > 0)
		put(o, c);
}

static void puts_n(struct out *o, const char *s, int len)
{
	while (len-- > 0)
		put(o, *s++);
}

static int length_of(const char *s, int max)
{
	int n = 0;

	while ((max < 0 || n < max) && s[n])
		n++;
	return n;
}

struct spec {
	int flags;
	int width;
	int prec; /* -1: none */
	char len; /* 'H' hh, 'h', 'l', 'q' ll, 'z', 'j', 't', 'L', or 0 */
};

/* A field: prefix, then zeros, then body, padded to the width. */
static void field(struct out *o, const struct spec *sp, const char *prefix,
		  int zeros, const char *body, int blen)
{
	int plen = length_of(prefix, -1);
	int pad = sp->width - plen - zeros - blen;

	if (!(sp->flags & F_LEFT) && !(sp->flags & F_ZERO))
		repeat(o, ' ', pad);
	puts_n(o, prefix, plen);
	if (!(sp->flags & F_LEFT) && (sp->flags & F_ZERO))
		repeat(o, '0', pad);
	repeat(o, '0', zeros);
	puts_n(o, body, blen);
	if (sp->flags & F_LEFT)
		repeat(o, ' ', pad);
}

static void number(struct out *o, struct spec *sp, unsigned long long v,
		   int negative, unsigned int base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3] = { 0 };
	int i = (int)sizeof(tmp), zeros = 0;

	if (sp->prec >= 0)
		sp->flags &= ~F_ZERO; /* a precision turns the 0 flag off */
	if (!(v == 0 && sp->prec == 0)) {
		do {
			tmp[--i] = digits[v % base];
			v /= base;
		} while (v);
	}
	if (sp->prec > (int)sizeof(tmp) - i)
		zeros = sp->prec - ((int)sizeof(tmp) - i);
	if (negative)
		prefix[0] = '-';
	else if (sp->flags & F_PLUS)
		prefix[0] = '+';
	else if (sp->flags & F_SPACE)
		prefix[0] = ' ';
	if ((sp->flags & F_ALT) && base == 8 && !zeros &&
	    (i == (int)sizeof(tmp) || tmp[i] != '0'))
		zeros = 1;
	if ((sp->flags & F_PTR) ||
	    ((sp->flags & F_ALT) && base == 16 && i < (int)sizeof(tmp) &&
	     !(i == (int)sizeof(tmp) - 1 && tmp[i] == '0'))) {
		prefix[0] = '0';
		prefix[1] = upper ? 'X' : 'x';
	}
	field(o, sp, prefix, zeros, tmp + i, (int)sizeof(tmp) - i);
}

static long long signed_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
	case 'z':
	case 't':
		return va_arg(*ap, long);
	case 'q':
	case 'j':
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long unsigned_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
	case 'z':
	case 't':
		return va_arg(*ap, unsigned long);
	case 'q':
	case 'j':
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Flags, width, precision and length of the conversion at *fmt. */
static const char *parse(const char *fmt, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->len = 0;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->flags |= F_LEFT;
		else if (*fmt == '+')
			sp->flags |= F_PLUS;
		else if (*fmt == ' ')
			sp->flags |= F_SPACE;
		else if (*fmt == '#')
			sp->flags |= F_ALT;
		else if (*fmt == '0')
			sp->flags |= F_ZERO;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= F_LEFT;
			sp->width = -sp->width;
		}
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		sp->width = sp->width * 10 + (*fmt++ - '0');
	if (*fmt == '.') {
		fmt++;
		sp->prec = 0;
		if (*fmt == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp->prec = sp->prec * 10 + (*fmt++ - '0');
	}
	if (sp->flags & F_LEFT)
		sp->flags &= ~F_ZERO;
	if (fmt[0] == 'h' && fmt[1] == 'h') {
		sp->len = 'H';
		fmt += 2;
	} else if (fmt[0] == 'l' && fmt[1] == 'l') {
		sp->len = 'q';
		fmt += 2;
	} else if (*fmt == 'h' || *fmt == 'l' || *fmt == 'z' || *fmt == 'j' ||
		   *fmt == 't' || *fmt == 'L') {
		sp->len = *fmt++;
	}
	return fmt;
}

/* One conversion c (fmt points past it). */
static void convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
	long long sv;
	const char *s;
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		sv = signed_arg(sp, ap);
		number(o, sp,
		       sv < 0 ? 0ULL - (unsigned long long)sv
			      : (unsigned long long)sv,
		       sv < 0, 10, 0);
		break;
	case 'u':
		number(o, sp, unsigned_arg(sp, ap), 0, 10, 0);
		break;
	case 'o':
		number(o, sp, unsigned_arg(sp, ap), 0, 8, 0);
		break;
	case 'x':
	case 'X':
		number(o, sp, unsigned_arg(sp, ap), 0, 16, c == 'X');
		break;
	case 'p': /* 0x and the address in hexadecimal, 0x0 for NULL */
		sp->flags |= F_PTR;
		number(o, sp, (unsigned long)va_arg(*ap, void *), 0, 16, 0);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		sp->prec = -1;
		sp->flags &= ~F_ZERO;
		field(o, sp, "", 0, &ch, 1);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		sp->flags &= ~F_ZERO;
		field(o, sp, "", 0, s, length_of(s, sp->prec));
		break;
	case 'e': case 'E': case 'f': case 'F':
	case 'g': case 'G': case 'a': case 'A':
		/* no floating point here: the argument is taken, "?" shown */
		if (sp->len == 'L')
			(void)va_arg(*ap, long double);
		else
			(void)va_arg(*ap, double);
		sp->flags &= ~F_ZERO;
		field(o, sp, "", 0, "?", 1);
		break;
	case 'n':
		(void)va_arg(*ap, void *); /* never writes through it */
		break;
	default: /* "%%", or something unknown: shown as it is */
		if (c != '%')
			put(o, '%');
		put(o, c);
	}
}

int uk_vsnprintk(char *buf, __sz size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse(fmt + 1, &sp, &args);
		if (!*fmt)
			break; /* a lone '%' at the end */
		convert(&o, &sp, *fmt++, &args);
	}
	va_end(args);
	if (size)
		buf[o.n < size ? o.n : size - 1] = '\0';
	return o.n > 0x7fffffff ? 0x7fffffff : (int)o.n;
}

int uk_snprintk(char *buf, __sz size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintk(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
