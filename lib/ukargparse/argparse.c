/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line splitting with shell-like quoting (see uk/argparse.h). */
#include <uk/argparse.h>
#include <errno.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int uk_argnparse(char *buf, __sz maxlen, char *argv[], int maxcount)
{
	__sz in = 0, out = 0;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (in < maxlen && buf[in] && is_space(buf[in]))
			in++;
		if (in >= maxlen || !buf[in])
			break;
		if (argc == maxcount)
			return -E2BIG;
		argv[argc++] = &buf[out];
		/* Copy the word down to out, dropping quotes and escapes. */
		for (; in < maxlen && buf[in]; in++) {
			char c = buf[in];

			if (!quote && is_space(c))
				break;
			if (c == '\'' && quote != '"') {
				quote = quote ? 0 : '\'';
				continue;
			}
			if (c == '"' && quote != '\'') {
				quote = quote ? 0 : '"';
				continue;
			}
			if (c == '\\' && quote != '\'') {
				if (++in >= maxlen || !buf[in])
					return -EINVAL;
				c = buf[in];
			}
			buf[out++] = c;
		}
		if (quote)
			return -EINVAL;
		/*
		 * Terminate the word. out <= in always; if out == in the
		 * word ended at a separator we may overwrite, or at the end.
		 */
		if (in < maxlen && buf[in])
			in++;
		else if (out == in && in >= maxlen)
			return -ENOSPC; /* no room for the NUL */
		buf[out++] = '\0';
	}
	return argc;
}
