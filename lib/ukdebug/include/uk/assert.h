/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UK_ASSERT(cond): a broken invariant stops the machine with a crash report
 * (message, source location, backtrace) and the crash status.
 * UK_CRASH(fmt, ...): the same for an unrecoverable situation.
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <uk/essentials.h>

void _uk_assert_fail(const char *expr, const char *file, int line,
		     const char *func) __noreturn;
void _uk_crash(const char *file, int line, const char *fmt, ...)
	__noreturn __printf(3, 4);

#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
#define UK_ASSERT(x)                                                           \
	do {                                                                   \
		if (unlikely(!(x)))                                            \
			_uk_assert_fail(#x, __FILE__, __LINE__, __func__);     \
	} while (0)
#else
#define UK_ASSERT(x) ((void)sizeof(!(x)))
#endif

#define UK_BUGON(x) UK_ASSERT(!(x))
#define UK_CRASH(fmt, ...) _uk_crash(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
