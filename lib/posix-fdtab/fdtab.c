/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor table: CONFIG_LIBPOSIX_FDTAB_MAX slots, each a uk_file
 * pointer and a close-on-exec bit. fds 0, 1 and 2 are the console from
 * boot on (an init function of class early, after the allocator).
 */
#include <uk/file.h>
#include <uk/init.h>
#include <stdlib.h>
#include <errno.h>

#define FDMAX CONFIG_LIBPOSIX_FDTAB_MAX

static struct uk_file *fds[FDMAX];
static unsigned char cloexec[FDMAX];

struct uk_file *uk_file_new(const struct uk_file_ops *ops, void *priv,
			    int flags, int seekable)
{
	struct uk_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->seekable = seekable;
	f->refcount = 1;
	return f;
}

void uk_file_get(struct uk_file *f)
{
	f->refcount++;
}

void uk_file_put(struct uk_file *f)
{
	if (--f->refcount > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	free(f);
}

int uk_fdtab_install(struct uk_file *f, int min, int cloexec_flag)
{
	for (int fd = min < 0 ? 0 : min; fd < FDMAX; fd++) {
		if (!fds[fd]) {
			fds[fd] = f;
			cloexec[fd] = !!cloexec_flag;
			return fd;
		}
	}
	return -EMFILE;
}

struct uk_file *uk_fdtab_get(int fd)
{
	struct uk_file *f;

	if (fd < 0 || fd >= FDMAX || !(f = fds[fd]))
		return NULL;
	uk_file_get(f);
	return f;
}

/* Put f at exactly fd, closing what was there. */
int uk_fdtab_replace(int fd, struct uk_file *f, int cloexec_flag)
{
	struct uk_file *old;

	if (fd < 0 || fd >= FDMAX)
		return -EBADF;
	old = fds[fd];
	fds[fd] = f;
	cloexec[fd] = !!cloexec_flag;
	if (old)
		uk_file_put(old);
	return fd;
}

int uk_fdtab_close(int fd)
{
	struct uk_file *f;

	if (fd < 0 || fd >= FDMAX || !(f = fds[fd]))
		return -EBADF;
	fds[fd] = NULL;
	cloexec[fd] = 0;
	uk_file_put(f);
	return 0;
}

int uk_fdtab_getfd_flags(int fd)
{
	if (fd < 0 || fd >= FDMAX || !fds[fd])
		return -EBADF;
	return cloexec[fd];
}

int uk_fdtab_setfd_flags(int fd, int cloexec_flag)
{
	if (fd < 0 || fd >= FDMAX || !fds[fd])
		return -EBADF;
	cloexec[fd] = !!cloexec_flag;
	return 0;
}

int uk_fdtab_count(void)
{
	int n = 0;

	for (int fd = 0; fd < FDMAX; fd++)
		n += fds[fd] != NULL;
	return n;
}

static int fdtab_init(void)
{
	struct uk_file *con = uk_console_file();

	if (!con)
		return -ENOMEM;
	for (int fd = 0; fd < 3; fd++) {
		uk_file_get(con);
		fds[fd] = con;
	}
	uk_file_put(con);
	return 0;
}
uk_early_initcall_prio(fdtab_init, 8);
