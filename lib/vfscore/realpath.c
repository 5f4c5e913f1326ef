/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * realpath (POSIX): the absolute name of a file, every symbolic link
 * followed and every ".", ".." and repeated '/' removed, each component
 * checked to exist. ELOOP after 40 links, ENAMETOOLONG past PATH_MAX.
 * With resolved NULL the result is allocated (POSIX 2008).
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_LINKS 40

char *realpath(const char *restrict path, char *restrict resolved)
{
	char out[PATH_MAX], todo[PATH_MAX], link[PATH_MAX];
	size_t olen = 0, tlen;
	int links = 0;
	const char *p;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (*path == '\0') {
		errno = ENOENT;
		return NULL;
	}
	tlen = strlen(path);
	if (tlen >= sizeof(todo)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(todo, path, tlen + 1);
	if (todo[0] != '/') {
		if (!getcwd(out, sizeof(out)))
			return NULL;
		olen = strlen(out);
		if (olen == 1)
			olen = 0; /* "/" : components are appended after it */
	}
	p = todo;
	while (*p) {
		const char *e;
		size_t n;
		struct stat st;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (olen && out[olen - 1] != '/')
				olen--;
			if (olen)
				olen--;
			p += n;
			continue;
		}
		if (olen + 1 + n >= sizeof(out)) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		out[olen++] = '/';
		memcpy(out + olen, p, n);
		olen += n;
		out[olen] = '\0';
		p += n;
		if (lstat(out, &st) < 0)
			return NULL;
		if (S_ISLNK(st.st_mode)) {
			ssize_t l = readlink(out, link, sizeof(link) - 1);
			size_t rest = strlen(p);

			if (l < 0)
				return NULL;
			if (++links > MAX_LINKS) {
				errno = ELOOP;
				return NULL;
			}
			if ((size_t)l + rest >= sizeof(todo)) {
				errno = ENAMETOOLONG;
				return NULL;
			}
			/* The link's text, then what was left to resolve. */
			memmove(todo + l, p, rest + 1);
			memcpy(todo, link, (size_t)l);
			p = todo;
			if (todo[0] == '/') {
				olen = 0;
			} else { /* relative to the link's directory */
				while (olen && out[olen - 1] != '/')
					olen--;
				if (olen)
					olen--;
			}
			continue;
		}
		if (*p && !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return NULL;
		}
	}
	if (olen == 0)
		out[olen++] = '/';
	out[olen] = '\0';
	if (!resolved)
		return strdup(out);
	memcpy(resolved, out, olen + 1);
	return resolved;
}
