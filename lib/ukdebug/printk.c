/* SPDX-License-Identifier: BSD-3-Clause */
/* Kernel messages on the platform console. */
#include <uk/print.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include <stdio.h>
#include <string.h>

#define PRINTK_BUFSZ 512

static const char *const lvl_name[] = {
	[UK_PRINT_CRIT] = "CRIT", [UK_PRINT_ERR] = "ERR",
	[UK_PRINT_WARN] = "Warn", [UK_PRINT_INFO] = "Info",
	[UK_PRINT_DEBUG] = "Debug",
};

/* Format into buf; a message too long for it ends in "...". */
static int format(char *buf, int len, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, (__sz)len, fmt, ap);

	if (n < 0)
		return 0;
	if (n >= len) {
		memcpy(buf + len - 5, "...\n", 5);
		n = len - 1;
	}
	return n;
}

void _uk_vprintk(int lvl, const char *libname, const char *file, int line,
		 const char *fmt, va_list ap)
{
	char buf[PRINTK_BUFSZ];
	int n = 0;

	if (lvl < UK_PRINT_CRIT || lvl > UK_PRINT_DEBUG)
		lvl = UK_PRINT_CRIT;
#ifdef CONFIG_LIBUKDEBUG_PRINT_TIME
	{
		__nsec t = ukplat_monotonic_clock();

		n += snprintf(buf + n, sizeof(buf) - n, "[%5llu.%06llu] ",
			      (unsigned long long)(t / 1000000000ULL),
			      (unsigned long long)(t % 1000000000ULL) / 1000);
	}
#endif
	n += snprintf(buf + n, sizeof(buf) - n, "%s: [%s] ", lvl_name[lvl],
		      libname);
#ifdef CONFIG_LIBUKDEBUG_PRINT_SRCNAME
	n += snprintf(buf + n, sizeof(buf) - n, "<%s:%d> ", file, line);
#else
	(void)file, (void)line;
#endif
	n += format(buf + n, (int)sizeof(buf) - n, fmt, ap);
	ukplat_coutk(buf, (unsigned int)n);
}

void _uk_printk(int lvl, const char *libname, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprintk(lvl, libname, file, line, fmt, ap);
	va_end(ap);
}

void uk_vpr_raw(const char *fmt, va_list ap)
{
	char buf[PRINTK_BUFSZ];
	int n = format(buf, (int)sizeof(buf), fmt, ap);

	ukplat_coutk(buf, (unsigned int)n);
}

void uk_pr_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vpr_raw(fmt, ap);
	va_end(ap);
}
