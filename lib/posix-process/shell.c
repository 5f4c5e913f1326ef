/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * system, popen, pclose: there is no shell and no second process to run
 * one. system(NULL) answers 0 (no shell), system(cmd) fails with ENOSYS;
 * popen fails with ENOSYS (EINVAL for a bad mode, as on Linux). These
 * replace newlib's system, which would report a shell and then fork.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <reent.h>

int _system_r(struct _reent *r, const char *command)
{
	if (!command)
		return 0;
	r->_errno = ENOSYS;
	return -1;
}

int system(const char *command)
{
	return _system_r(_REENT, command);
}

FILE *popen(const char *command, const char *mode)
{
	(void)command;
	if (!mode || (mode[0] != 'r' && mode[0] != 'w') ||
	    (mode[1] && strcmp(mode + 1, "e") != 0)) {
		errno = EINVAL;
		return NULL;
	}
	errno = ENOSYS;
	return NULL;
}

/* No stream ever came from popen. */
int pclose(FILE *stream)
{
	(void)stream;
	errno = ECHILD;
	return -1;
}
