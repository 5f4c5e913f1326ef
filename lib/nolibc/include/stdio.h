/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nolibc stdio: stdin, stdout and stderr on the platform console. There are
 * no files (fopen is not provided; pick newlib and vfscore for those).
 */
#ifndef _NOLIBC_STDIO_H
#define _NOLIBC_STDIO_H

#include <stddef.h>
#include <stdarg.h>

#define EOF (-1)
#define BUFSIZ 1024
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

typedef struct __nolibc_file FILE;
extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
	__attribute__((format(printf, 2, 3)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap);

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f);
int fflush(FILE *f);

int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
char *fgets(char *restrict s, int size, FILE *restrict f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);

void perror(const char *s);

#endif
