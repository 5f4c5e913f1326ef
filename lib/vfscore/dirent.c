/* SPDX-License-Identifier: BSD-3-Clause */
/* Directory streams over getdents64(). */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <errno.h>

struct __tessera_dir {
	int fd;
	size_t len, pos;
	char buf[2048];
};

DIR *fdopendir(int fd)
{
	DIR *d;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	struct dirent *e;

	if (d->pos >= d->len) {
		ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));

		if (n <= 0)
			return NULL; /* end (errno untouched) or error */
		d->len = (size_t)n;
		d->pos = 0;
	}
	e = (struct dirent *)(d->buf + d->pos);
	d->pos += e->d_reclen;
	return e;
}

int closedir(DIR *d)
{
	int rc = close(d->fd);

	free(d);
	return rc;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->len = d->pos = 0;
}

int dirfd(DIR *d)
{
	return d->fd;
}
