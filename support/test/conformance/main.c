/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX conformance cases, one line each: "ok NAME" or "FAIL NAME: what
 * (file:line)"; cases that run only in the unikernel say so after the
 * name. Last line: "conformance: N passed, M failed"; the status is 1 if
 * any failed. Arguments: name prefixes to run only those cases.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include "conformance.h"

int conf_failed;
static char why[512];

void conf_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(why))
		snprintf(why + n, sizeof(why) - (size_t)n, " (%s:%d)",
			 strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
			 line);
	conf_failed = 1;
}

const char *conf_errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" },
		{ EMFILE, "EMFILE" }, { ESPIPE, "ESPIPE" }, { EPIPE, "EPIPE" },
		{ EDEADLK, "EDEADLK" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ ENODEV, "ENODEV" }, { EOVERFLOW, "EOVERFLOW" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ECANCELED, "ECANCELED" },
		{ ELOOP, "ELOOP" }, { EXDEV, "EXDEV" }, { EFAULT, "EFAULT" },
		{ ENXIO, "ENXIO" }, { EROFS, "EROFS" }, { ENOTTY, "ENOTTY" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "?";
}

long long conf_now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct timespec conf_in_ms(clockid_t clk, long ms)
{
	long long t = conf_now_ns(clk) + (long long)ms * 1000000LL;
	struct timespec ts = { (time_t)(t / 1000000000LL),
			       (long)(t % 1000000000LL) };

	return ts;
}

void conf_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static const struct conf_case *groups[] = {
	conf_threads, conf_sync, conf_cancel, conf_time,
	conf_files, conf_mmap, conf_signals,
};

static int selected(const char *name, int argc, char *argv[])
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strncmp(name, argv[i], strlen(argv[i])))
			return 1;
	return 0;
}

/*
 * "--stdio": one line saying whether fds 0, 1 and 2 are terminals and the
 * errno isatty leaves when not, for the suite to compare with the native
 * build under the same redirections.
 */
static int print_stdio(void)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "stdio:");

	for (int fd = 0; fd < 3; fd++) {
		int tty;

		errno = 0;
		tty = isatty(fd);
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %d%s%s",
			      tty, tty ? "" : "/", tty ? "" : conf_errname(errno));
	}
	snprintf(line + n, sizeof(line) - (size_t)n, "\n");
	/*
	 * To stdout, left in its buffer (full buffering on a pipe): exit()
	 * after main returns must flush it (a thread other than main's
	 * calls it in the image).
	 */
	fputs(line, stdout);
	return 0;
}

int main(int argc, char *argv[])
{
	int passed = 0, failed = 0;

	if (argc == 2 && !strcmp(argv[1], "--stdio"))
		return print_stdio();

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN); /* EPIPE is what the pipe cases look at */
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		for (const struct conf_case *c = groups[g]; c->name; c++) {
#ifndef __TESSERA__
			if (c->unikernel_only)
				continue;
#endif
			if (!selected(c->name, argc, argv))
				continue;
			conf_failed = 0;
			why[0] = 0;
			c->fn();
			if (conf_failed) {
				printf("FAIL %s: %s\n", c->name, why);
				failed++;
			} else {
				printf("ok %s%s\n", c->name,
				       c->unikernel_only ? " (unikernel only)"
							 : "");
				passed++;
			}
		}
	}
	printf("conformance: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
