/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdin, stdout and stderr on the platform console. stdout is line
 * buffered; stderr is not; stdin reads what the console has waiting and
 * polls when nothing is there.
 *
 * Threads: each stream has a spinlock, taken with interrupts masked, held
 * for a whole call (one printf's output stays in one piece, and the
 * buffer's length never races); the console write itself is done under
 * it too. A reader waiting for input does not hold stdin's lock while it
 * waits. Any context but a crash handler interrupting a holder.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <uk/plat/console.h>
#include <uk/arch/lcpu.h>
#include <uk/spinlock.h>
#include "format.h"

#define F_EOF 0x1
#define F_ERR 0x2
#define F_FLUSH 0x4 /* a newline was written: flush when the call ends */

struct __nolibc_file {
	int fd;
	int flags;       /* lock */
	char *buf;       /* output buffer, or input buffer for stdin */
	unsigned int cap, len, pos; /* len, pos: lock */
	struct uk_spinlock lock;
};

static char stdout_buf[CONFIG_LIBNOLIBC_STDOUT_BUFSZ];
static char stdin_buf[64];
static struct __nolibc_file files[3] = {
	{ .fd = 0, .buf = stdin_buf, .cap = sizeof(stdin_buf),
	  .lock = UK_SPINLOCK_INITIALIZER },
	{ .fd = 1, .buf = stdout_buf, .cap = sizeof(stdout_buf),
	  .lock = UK_SPINLOCK_INITIALIZER },
	{ .fd = 2, .lock = UK_SPINLOCK_INITIALIZER },
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

static unsigned long lock(FILE *f)
{
	return uk_spin_lock_irqsave(&f->lock);
}

static void unlock(FILE *f, unsigned long irqf)
{
	uk_spin_unlock_irqrestore(&f->lock, irqf);
}

/* f locked. */
static int flush_locked(FILE *f)
{
	int rc;

	if (f->fd == 0 || !f->len)
		return 0;
	rc = console_write(f, f->buf, f->len);
	f->len = 0;
	f->flags &= ~F_FLUSH;
	return rc;
}

int fflush(FILE *f)
{
	unsigned long irqf;
	int rc;

	if (!f)
		return fflush(stdout);
	irqf = lock(f);
	rc = flush_locked(f);
	unlock(f, irqf);
	return rc;
}

/* Add n bytes to f's output; flush when full. f locked. */
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
			flush_locked(f);
	}
}

/*
 * End of one stdio call: line buffering flushes after a newline. Unlocks
 * f; returns EOF if f has an error.
 */
static int done(FILE *f, unsigned long irqf)
{
	int rc;

	if (f->flags & F_FLUSH)
		flush_locked(f);
	rc = f->flags & F_ERR ? EOF : 0;
	unlock(f, irqf);
	return rc;
}

static void file_sink(void *ctx, const char *s, size_t n)
{
	put(ctx, s, n);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	unsigned long irqf = lock(f);
	int n = nolibc_format(file_sink, f, fmt, ap);

	return done(f, irqf) ? EOF : n;
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
	unsigned long irqf;

	if (!size || !n)
		return 0;
	irqf = lock(f);
	put(f, p, size * n);
	return done(f, irqf) ? 0 : n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	unsigned long irqf = lock(f);

	put(f, s, strlen(s));
	return done(f, irqf);
}

int puts(const char *s)
{
	unsigned long irqf = lock(stdout);

	put(stdout, s, strlen(s));
	put(stdout, "\n", 1);
	return done(stdout, irqf);
}

int fputc(int c, FILE *f)
{
	unsigned long irqf = lock(f);
	char ch = (char)c;

	put(f, &ch, 1);
	return done(f, irqf) ? EOF : (unsigned char)c;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

/* The next input byte of stdin f, 0 (none yet) or EOF; f locked. */
static int getc_locked(FILE *f)
{
	int r;

	if (f->flags & F_EOF)
		return EOF;
	if (f->pos == f->len) {
		r = ukplat_cink(f->buf, f->cap);
		if (r < 0) {
			f->flags |= F_EOF;
			return EOF;
		}
		f->pos = 0, f->len = (unsigned int)r;
		if (r == 0)
			return 0;
	}
	return 0x100 | (unsigned char)f->buf[f->pos++];
}

int fgetc(FILE *f)
{
	unsigned long irqf;
	int c;

	if (f->fd != 0) {
		irqf = lock(f);
		f->flags |= F_ERR;
		unlock(f, irqf);
		return EOF;
	}
	fflush(stdout); /* a prompt shows before we wait for the answer */
	for (;;) {
		irqf = lock(f);
		c = getc_locked(f);
		unlock(f, irqf);
		if (c)
			return c == EOF ? EOF : c & 0xff;
		ukarch_spinwait(); /* nothing yet: not waiting with f locked */
	}
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

void clearerr(FILE *f)
{
	unsigned long irqf = lock(f);

	f->flags &= ~(F_EOF | F_ERR);
	unlock(f, irqf);
}
int fileno(FILE *f) { return f->fd; }

void perror(const char *s)
{
	int e = errno;

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(e));
	else
		fprintf(stderr, "%s\n", strerror(e));
}
