/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages on the platform console, formatted by uk_vsnprintk
 * (format.c), never by the C library: no allocation, no locks, no
 * per-thread C library state, so messages and crash reports work from
 * any context. Each message is one console write (whole under
 * preemption: the platform writes it with interrupts masked).
 */
#include <uk/print.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>

#define PRINTK_BUFSZ 512

static const char *const lvl_name[] = {
	[UK_PRINT_CRIT] = "CRIT", [UK_PRINT_ERR] = "ERR",
	[UK_PRINT_WARN] = "Warn", [UK_PRINT_INFO] = "Info",
	[UK_PRINT_DEBUG] = "Debug",
};

/* Format into buf; a message too long for it ends in "...". */
static int format(char *buf, int len, const char *fmt, va_list ap)
{
	int n = uk_vsnprintk(buf, (__sz)len, fmt, ap);

	if (n >= len) {
		static const char dots[] = "...\n";

		for (int i = 0; i < 5; i++)
			buf[len - 5 + i] = dots[i];
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

		n += uk_snprintk(buf + n, sizeof(buf) - n, "[%5llu.%06llu] ",
			      (unsigned long long)(t / 1000000000ULL),
			      (unsigned long long)(t % 1000000000ULL) / 1000);
	}
#endif
	n += uk_snprintk(buf + n, sizeof(buf) - n, "%s: [%s] ", lvl_name[lvl],
		      libname);
#ifdef CONFIG_LIBUKDEBUG_PRINT_SRCNAME
	n += uk_snprintk(buf + n, sizeof(buf) - n, "<%s:%d> ", file, line);
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
