/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * glob (POSIX) over opendir/readdir and fnmatch: wildcards in any path
 * component; GLOB_ERR, GLOB_MARK, GLOB_NOSORT, GLOB_NOCHECK, GLOB_APPEND
 * and GLOB_DOOFFS; backslashes always escape (newlib's header has no
 * GLOB_NOESCAPE). Names starting with '.' match only an explicit '.'.
 * newlib's <glob.h>, our implementation.
 * Returns 0, GLOB_NOMATCH, GLOB_NOSPACE or GLOB_ABEND.
 */
#include <glob.h>
#include <fnmatch.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef GLOB_NOMATCH
#define GLOB_NOMATCH (-3)
#endif

struct found {
	char **v;
	size_t n, cap;
};

static int add(struct found *f, const char *path, int mark)
{
	struct stat st;
	size_t len = strlen(path);
	char *copy;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		char **v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return GLOB_NOSPACE;
		f->v = v;
		f->cap = cap;
	}
	mark = mark && stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	       len && path[len - 1] != '/';
	copy = malloc(len + 1 + (mark ? 1 : 0));
	if (!copy)
		return GLOB_NOSPACE;
	memcpy(copy, path, len);
	if (mark)
		copy[len++] = '/';
	copy[len] = '\0';
	f->v[f->n++] = copy;
	return 0;
}

static int has_magic(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	return 0;
}

/* Copy of a literal component with its backslash escapes removed. */
static size_t unescape(char *dst, const char *src, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (src[i] == '\\' && i + 1 < n)
			i++;
		dst[k++] = src[i];
	}
	return k;
}

/*
 * Expand rest (the pattern after the part already resolved into
 * path[0..len)) and add every existing match.
 */
static int expand(char *path, size_t len, const char *rest, int flags,
		  int (*errfn)(const char *, int), struct found *f)
{
	const char *slash, *comp = rest;
	size_t clen;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	while (*comp == '/') {
		if (len + 1 >= PATH_MAX)
			return 0;
		path[len++] = '/';
		comp++;
	}
	if (*comp == '\0') {
		struct stat st;

		path[len] = '\0';
		return lstat(path, &st) == 0 ? add(f, path, flags & GLOB_MARK) : 0;
	}
	slash = strchr(comp, '/');
	clen = slash ? (size_t)(slash - comp) : strlen(comp);
	if (!has_magic(comp, clen)) {
		if (len + clen >= PATH_MAX)
			return 0;
		len += unescape(path + len, comp, clen);
		path[len] = '\0';
		return expand(path, len, comp + clen, flags, errfn, f);
	}
	path[len] = '\0';
	d = opendir(len ? path : ".");
	if (!d) {
		if ((errfn && errfn(len ? path : ".", errno)) || (flags & GLOB_ERR))
			return GLOB_ABEND;
		return 0;
	}
	{
		char pat[PATH_MAX];

		memcpy(pat, comp, clen);
		pat[clen] = '\0';
		while (rc == 0 && (e = readdir(d))) {
			size_t nlen = strlen(e->d_name);

			if (fnmatch(pat, e->d_name, FNM_PERIOD) != 0)
				continue;
			if (len + nlen >= PATH_MAX)
				continue;
			memcpy(path + len, e->d_name, nlen + 1);
			rc = expand(path, len + nlen, comp + clen, flags, errfn, f);
		}
	}
	closedir(d);
	return rc;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob(const char *restrict pattern, int flags,
	 int (*errfn)(const char *, int), glob_t *restrict g)
{
	struct found f = { 0 };
	char path[PATH_MAX];
	size_t offs = (flags & GLOB_DOOFFS) ? (size_t)g->gl_offs : 0;
	size_t old = (flags & GLOB_APPEND) ? (size_t)g->gl_pathc : 0;
	char **v;
	int rc;

	if (!(flags & GLOB_APPEND)) {
		g->gl_pathc = 0;
		g->gl_pathv = NULL;
	}
	rc = expand(path, 0, pattern, flags, errfn, &f);
	if (rc == 0 && f.n == 0) {
		if (flags & GLOB_NOCHECK)
			rc = add(&f, pattern, 0);
		else
			rc = GLOB_NOMATCH;
	}
	if (rc == 0 && !(flags & GLOB_NOSORT))
		qsort(f.v, f.n, sizeof(*f.v), cmp);
	if (rc == 0) {
		v = realloc(g->gl_pathv, (offs + old + f.n + 1) * sizeof(*v));
		if (!v) {
			rc = GLOB_NOSPACE;
		} else {
			if (!(flags & GLOB_APPEND))
				for (size_t i = 0; i < offs; i++)
					v[i] = NULL;
			memcpy(v + offs + old, f.v, f.n * sizeof(*v));
			v[offs + old + f.n] = NULL;
			g->gl_pathv = v;
			g->gl_pathc = (int)(old + f.n);
			g->gl_matchc = (int)f.n;
			g->gl_flags = flags;
			free(f.v);
			return 0;
		}
	}
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	return rc;
}

void globfree(glob_t *g)
{
	size_t offs = (g->gl_flags & GLOB_DOOFFS) ? (size_t)g->gl_offs : 0;

	if (g->gl_pathv) {
		for (size_t i = 0; i < (size_t)g->gl_pathc; i++)
			free(g->gl_pathv[offs + i]);
		free(g->gl_pathv);
	}
	g->gl_pathv = NULL;
	g->gl_pathc = 0;
}
