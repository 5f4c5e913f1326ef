/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syslog to the console: "IDENT[PID]: MESSAGE" on stderr, one write per
 * message, priorities outside setlogmask's mask dropped.
 */
#include <syslog.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <uk/config.h>

static const char *log_ident;
static int log_option;
static int log_mask = LOG_UPTO(LOG_DEBUG);

void openlog(const char *ident, int option, int facility)
{
	(void)facility;
	log_ident = ident;
	log_option = option;
}

void closelog(void)
{
	log_ident = NULL;
	log_option = 0;
}

int setlogmask(int mask)
{
	int old = log_mask;

	if (mask)
		log_mask = mask;
	return old;
}

void vsyslog(int priority, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (!(LOG_MASK(LOG_PRI(priority)) & log_mask))
		return;
	if (log_option & LOG_PID)
		n = snprintf(line, sizeof(line), "%s[%d]: ",
			     log_ident ? log_ident : CONFIG_UK_NAME, (int)getpid());
	else
		n = snprintf(line, sizeof(line), "%s: ",
			     log_ident ? log_ident : CONFIG_UK_NAME);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if ((size_t)n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';
	(void)write(STDERR_FILENO, line, (size_t)n);
}

void syslog(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
}
