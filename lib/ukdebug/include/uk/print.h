/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages: uk_pr_crit/err/warn/info/debug(fmt, ...) print
 * "<Level>: [<library>] <message>" on the console. Levels below the
 * configured one are compiled out. Callable from any context once the
 * console works (the platform console needs no set-up on any platform).
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <uk/essentials.h>
#include <stdarg.h>

#define UK_PRINT_CRIT 1
#define UK_PRINT_ERR 2
#define UK_PRINT_WARN 3
#define UK_PRINT_INFO 4
#define UK_PRINT_DEBUG 5

#if defined(CONFIG_LIBUKDEBUG_PRINTK_DEBUG)
#define UK_PRINT_MAXLVL UK_PRINT_DEBUG
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_INFO)
#define UK_PRINT_MAXLVL UK_PRINT_INFO
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_WARN)
#define UK_PRINT_MAXLVL UK_PRINT_WARN
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_ERR)
#define UK_PRINT_MAXLVL UK_PRINT_ERR
#else
#define UK_PRINT_MAXLVL UK_PRINT_CRIT
#endif

#ifdef __LIBNAME__
#define __UK_PRINT_LIBNAME STRINGIFY(__LIBNAME__)
#else
#define __UK_PRINT_LIBNAME "unknown"
#endif

void _uk_printk(int lvl, const char *libname, const char *file, int line,
		const char *fmt, ...) __printf(5, 6);
void _uk_vprintk(int lvl, const char *libname, const char *file, int line,
		 const char *fmt, va_list ap);

#define uk_printk(lvl, fmt, ...)                                               \
	do {                                                                   \
		if ((lvl) <= UK_PRINT_MAXLVL)                                  \
			_uk_printk(lvl, __UK_PRINT_LIBNAME, __FILE__,          \
				   __LINE__, fmt, ##__VA_ARGS__);              \
	} while (0)

#define uk_pr_crit(fmt, ...) uk_printk(UK_PRINT_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...) uk_printk(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...) uk_printk(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...) uk_printk(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) uk_printk(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

/*
 * The kernel's own formatter, which printk uses: snprintf's contract
 * (writes at most size bytes with the NUL, returns the length the whole
 * output would have) without the C library or the allocator, so it works
 * in any context: interrupt handlers, crash handlers, before the
 * allocator exists, with a broken heap. Conversions d i u o x X c s p %,
 * flags - + space # 0, width and precision (also *), lengths hh h l ll z
 * j t. %p is 0x and hexadecimal (0x0 for NULL), a NULL %s "(null)";
 * floating point conversions take their argument and print "?"; %n
 * writes nothing.
 */
int uk_vsnprintk(char *buf, __sz size, const char *fmt, va_list ap);
int uk_snprintk(char *buf, __sz size, const char *fmt, ...) __printf(3, 4);

/* Print straight to the console: no level, no prefix. */
void uk_pr_raw(const char *fmt, ...) __printf(1, 2);
void uk_vpr_raw(const char *fmt, va_list ap);

#endif
