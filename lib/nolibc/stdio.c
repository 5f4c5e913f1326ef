/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdin, stdout and stderr on the platform console. stdout is line
 * buffered; stderr is not; stdin reads what the console has waiting and
 * polls when nothing is there.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <uk/plat/console.h>
#include <uk/arch/lcpu.h>
#include "format.h"

#define F_EOF 0x1
#define F_ERR 0x2
#define F_FLUSH 0x4 /* a newline was written: flush when the call ends */

struct __nolibc_file {
	int fd;
	int flags;
	char *buf;       /* output buffer, or input buffer for stdin */
	unsigned int cap, len, pos;
};

static char stdout_buf[CONFIG_LIBNOLIBC_STDOUT_BUFSZ];
static char stdin_buf[64];
static struct __nolibc_file files[3] = {
	{ .fd = 0, .buf = stdin_buf, .cap = sizeof(stdin_buf) },
	{ .fd = 1, .buf = stdout_buf, .cap = sizeof(stdout_buf) },
	{ .fd = 2 },
};
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

static int console_write(FILE *f, const char *s, size_t n)
{
	while (n) {
		unsigned int chunk = n > 0x40000000 ? 0x40000000 : (unsigned int)n;
		int r = ukplat_coutk(s, chunk);

		if (r <= 0) {
			f->flags |= F_ERR;
			return EOF;
		}
		s += r, n -= (size_t)r;
	}
	return 0;
}

int fflush(FILE *f)
{
	int rc;

	if (!f)
		return fflush(stdout);
	if (f->fd == 0 || !f->len)
		return 0;
	rc = console_write(f, f->buf, f->len);
	f->len = 0;
	f->flags &= ~F_FLUSH;
	return rc;
}

/* Add n bytes to f's output; flush when full. */
static void put(FILE *f, const char *s, size_t n)
{
	if (f->fd == 0) {
		f->flags |= F_ERR;
		return;
	}
	if (!f->cap) {
		console_write(f, s, n);
		return;
	}
	if (memchr(s, '\n', n))
		f->flags |= F_FLUSH;
	while (n) {
		size_t take = f->cap - f->len;

		if (take > n)
			take = n;
		memcpy(f->buf + f->len, s, take);
		f->len += (unsigned int)take;
		s += take, n -= take;
		if (f->len == f->cap)
			fflush(f);
	}
}

/* End of one stdio call: line buffering flushes after a newline. */
static int done(FILE *f)
{
	if (f->flags & F_FLUSH)
		fflush(f);
	return f->flags & F_ERR ? EOF : 0;
}

static void file_sink(void *ctx, const char *s, size_t n)
{
	put(ctx, s, n);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	int n = nolibc_format(file_sink, f, fmt, ap);

	return done(f) ? EOF : n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	if (!size || !n)
		return 0;
	put(f, p, size * n);
	return done(f) ? 0 : n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	put(f, s, strlen(s));
	return done(f);
}

int puts(const char *s)
{
	put(stdout, s, strlen(s));
	put(stdout, "\n", 1);
	return done(stdout);
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	put(f, &ch, 1);
	return done(f) ? EOF : (unsigned char)c;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fgetc(FILE *f)
{
	if (f->fd != 0) {
		f->flags |= F_ERR;
		return EOF;
	}
	if (f->flags & F_EOF)
		return EOF;
	fflush(stdout); /* a prompt shows before we wait for the answer */
	while (f->pos == f->len) {
		int r = ukplat_cink(f->buf, f->cap);

		if (r < 0) {
			f->flags |= F_EOF;
			return EOF;
		}
		if (r == 0)
			ukarch_spinwait();
		f->pos = 0, f->len = (unsigned int)r;
	}
	return (unsigned char)f->buf[f->pos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *fgets(char *restrict s, int size, FILE *restrict f)
{
	int i = 0;

	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		int c = fgetc(f);

		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	s[i] = '\0';
	return s;
}

int feof(FILE *f) { return !!(f->flags & F_EOF); }
int ferror(FILE *f) { return !!(f->flags & F_ERR); }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
int fileno(FILE *f) { return f->fd; }

void perror(const char *s)
{
	int e = errno;

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(e));
	else
		fprintf(stderr, "%s\n", strerror(e));
}
