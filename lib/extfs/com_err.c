/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The part of com_err (e2fsprogs' lib/et) libext2fs needs: the list head
 * its generated error table links into, error_message for its codes and
 * errno values, and com_err printing through the kernel log.
 */
#include <uk/print.h>
#include <et/com_err.h>
#include <stdio.h>
#include <string.h>
#include <stdarg.h>

struct et_list *_et_list;

extern const struct error_table et_ext2_error_table;

const char *error_message(long code)
{
	const struct error_table *t = &et_ext2_error_table;
	static char unknown[32];

	if (code >= 0 && code < 256)
		return strerror((int)code);
	if (code >= t->base && code < t->base + t->n_msgs)
		return t->msgs[code - t->base];
	snprintf(unknown, sizeof(unknown), "error %ld", code);
	return unknown;
}

void com_err_va(const char *whoami, errcode_t code, const char *fmt,
		va_list args)
{
	char msg[160];

	vsnprintf(msg, sizeof(msg), fmt, args);
	uk_pr_err("%s: %s %s\n", whoami ? whoami : "ext2fs",
		  error_message(code), msg);
}

void com_err(const char *whoami, long code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	com_err_va(whoami, code, fmt, ap);
	va_end(ap);
}
