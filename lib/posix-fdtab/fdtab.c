/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor table: CONFIG_LIBPOSIX_FDTAB_MAX slots, each a uk_file
 * pointer and a close-on-exec bit. fds 0, 1 and 2 are the console from
 * boot on (an init function of class early, after the allocator).
 */
#include <uk/file.h>
#include <uk/init.h>
#include <uk/plat/console.h>
#include <uk/spinlock.h>
#include <stdlib.h>
#include <errno.h>

#define FDMAX CONFIG_LIBPOSIX_FDTAB_MAX

/* tab_lock guards fds[] and cloexec[]; held only while a slot changes. */
static struct uk_spinlock tab_lock = UK_SPINLOCK_INITIALIZER;
static struct uk_file *fds[FDMAX];
static unsigned char cloexec[FDMAX];

static unsigned long file_serials;

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
	f->serial = __atomic_add_fetch(&file_serials, 1, __ATOMIC_RELAXED);
#ifdef CONFIG_HAVE_SCHED
	uk_mutex_init(&f->poslock);
#endif
	return f;
}

void uk_file_get(struct uk_file *f)
{
	__atomic_add_fetch(&f->refcount, 1, __ATOMIC_RELAXED);
}

void uk_file_put(struct uk_file *f)
{
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	free(f);
}

int uk_fdtab_install(struct uk_file *f, int min, int cloexec_flag)
{
	unsigned long flags = uk_spin_lock_irqsave(&tab_lock);

	for (int fd = min < 0 ? 0 : min; fd < FDMAX; fd++) {
		if (!fds[fd]) {
			fds[fd] = f;
			cloexec[fd] = !!cloexec_flag;
			uk_spin_unlock_irqrestore(&tab_lock, flags);
			return fd;
		}
	}
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	return -EMFILE;
}

struct uk_file *uk_fdtab_get(int fd)
{
	struct uk_file *f = NULL;
	unsigned long flags;

	if (fd < 0 || fd >= FDMAX)
		return NULL;
	flags = uk_spin_lock_irqsave(&tab_lock);
	if ((f = fds[fd]))
		uk_file_get(f); /* before a close can drop the slot's */
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	return f;
}

/* Put f at exactly fd, closing what was there. */
int uk_fdtab_replace(int fd, struct uk_file *f, int cloexec_flag)
{
	struct uk_file *old;

	unsigned long flags;

	if (fd < 0 || fd >= FDMAX)
		return -EBADF;
	flags = uk_spin_lock_irqsave(&tab_lock);
	old = fds[fd];
	fds[fd] = f;
	cloexec[fd] = !!cloexec_flag;
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	if (old) {
		if (old->ops->fdclose)
			old->ops->fdclose(old);
		uk_file_put(old); /* may release the file: not under the lock */
	}
	return fd;
}

int uk_fdtab_close(int fd)
{
	struct uk_file *f;
	unsigned long flags;

	if (fd < 0 || fd >= FDMAX)
		return -EBADF;
	flags = uk_spin_lock_irqsave(&tab_lock);
	f = fds[fd];
	fds[fd] = NULL; /* a second close of fd finds nothing */
	cloexec[fd] = 0;
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	if (!f)
		return -EBADF;
	if (f->ops->fdclose)
		f->ops->fdclose(f);
	uk_file_put(f);
	return 0;
}

int uk_fdtab_getfd_flags(int fd)
{
	unsigned long flags;
	int rc;

	if (fd < 0 || fd >= FDMAX)
		return -EBADF;
	flags = uk_spin_lock_irqsave(&tab_lock);
	rc = fds[fd] ? cloexec[fd] : -EBADF;
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	return rc;
}

int uk_fdtab_setfd_flags(int fd, int cloexec_flag)
{
	unsigned long flags;
	int rc = 0;

	if (fd < 0 || fd >= FDMAX)
		return -EBADF;
	flags = uk_spin_lock_irqsave(&tab_lock);
	if (fds[fd])
		cloexec[fd] = !!cloexec_flag;
	else
		rc = -EBADF;
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	return rc;
}

int uk_fdtab_count(void)
{
	unsigned long flags = uk_spin_lock_irqsave(&tab_lock);
	int n = 0;

	for (int fd = 0; fd < FDMAX; fd++)
		n += fds[fd] != NULL;
	uk_spin_unlock_irqrestore(&tab_lock, flags);
	return n;
}

static int fdtab_init(void)
{
	struct uk_file *in = uk_console_file(UKPLAT_CONSOLE_IN);
	struct uk_file *out = uk_console_file(UKPLAT_CONSOLE_OUT);

	if (!in || !out)
		return -ENOMEM;
	fds[0] = in;
	fds[1] = out;
	uk_file_get(out);
	fds[2] = out;
	return 0;
}
uk_early_initcall_prio(fdtab_init, 8);
