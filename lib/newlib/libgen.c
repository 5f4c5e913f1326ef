/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX dirname and basename (<libgen.h>; newlib declares them, builds
 * none for bare targets). Both may modify their argument and return a
 * pointer into it or to a static ".".
 */
#include <libgen.h>
#include <string.h>

static char dot[] = ".";

char *dirname(char *path)
{
	size_t n;

	if (!path || !*path)
		return dot;
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/') /* trailing slashes */
		n--;
	while (n > 0 && path[n - 1] != '/') /* the last component */
		n--;
	if (n == 0)
		return dot;
	while (n > 1 && path[n - 1] == '/') /* the slashes before it */
		n--;
	path[n] = '\0';
	return path;
}

char *basename(char *path)
{
	size_t n;
	char *p;

	if (!path || !*path)
		return dot;
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (n == 1 && path[0] == '/')
		return path;
	p = strrchr(path, '/');
	return p ? p + 1 : path;
}
