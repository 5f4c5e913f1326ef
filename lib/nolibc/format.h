/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the printf engine shared by snprintf and the stdio streams. */
#ifndef NOLIBC_FORMAT_H
#define NOLIBC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*nolibc_sink_t)(void *ctx, const char *s, size_t n);

/* Format to sink; returns the number of characters produced, or -1. */
int nolibc_format(nolibc_sink_t sink, void *ctx, const char *fmt, va_list ap);

#endif
