/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The environment at boot: newlib keeps environ and implements getenv,
 * setenv and unsetenv; we add the variables of the kernel parameter
 * env.vars="A=1 B=two" before main(). A malformed word is a mistake in
 * how the image was started: the boot stops with the usage status (64),
 * as for any malformed kernel parameter.
 */
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/environ.h>
#include <uk/plat/bootstrap.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static const char *vars = "";
UK_LIBPARAM(env, vars, str, &vars,
	    "environment variables, space separated NAME=value words");

/* Set each NAME=value word of list; 0 or a negative errno. */
int uk_environ_parse(const char *list)
{
	const char *p = list;

	while (*p) {
		const char *end, *eq;
		char *word;
		int rc;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (end = p; *end && *end != ' '; end++)
			;
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq || eq == p) {
			uk_pr_crit("env.vars: '%.*s' is not NAME=value (space separated words with a non-empty name, e.g. env.vars=\"A=1 B=two\")\n",
				   (int)(end - p), p);
			return -EINVAL;
		}
		word = strndup(p, (size_t)(end - p));
		if (!word)
			return -ENOMEM;
		word[eq - p] = 0;
		rc = setenv(word, word + (eq - p) + 1, 1);
		free(word);
		if (rc < 0)
			return -errno;
		p = end;
	}
	return 0;
}

static int environ_init(void)
{
	int rc = uk_environ_parse(vars);

	if (rc == -EINVAL)
		ukplat_exit(UKPLAT_EXIT_USAGE);
	return rc;
}
uk_lib_initcall(environ_init);
