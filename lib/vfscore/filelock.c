/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File locks on vnodes (<uk/vfs.h>), both kinds guarded by the vnode's
 * lock.
 *
 * Record locks (fcntl F_GETLK, F_SETLK, F_SETLKW) belong to a process,
 * and the image is one process: they never conflict with each other, so
 * F_GETLK always answers F_UNLCK and F_SETLKW never waits. They are kept
 * anyway, as POSIX shapes them, and closing any descriptor of the file
 * drops them all.
 *
 * flock locks belong to an open file (a struct uk_file, shared by dup):
 * an exclusive one excludes every other open file, a shared one excludes
 * exclusive ones. They go when the open file is released or unlocked.
 * A waiter sleeps until some flock lock anywhere is dropped, then looks
 * again.
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/waitq.h>
#endif
#include "vfscore.h"

struct vfs_flock {
	struct vfs_flock *next;
	const struct uk_file *owner;
	int exclusive;
};

/* Whether l and [s, e] of type become one range: same type, touching. */
static int merges(const struct vfs_reclock *l, int type, off_t s, off_t e)
{
	if (l->type != type)
		return 0;
	if (l->end < s)
		return l->end + 1 == s;
	if (l->start > e)
		return e + 1 == l->start;
	return 1;
}

int vfs_reclock_set(struct vnode *vp, int type, off_t start, off_t end)
{
	struct vfs_reclock *spare[2], *out = NULL, **tail = &out;
	struct vfs_reclock *l, *next;
	int nspare = 0;

	/* Memory first: a split needs one more, the new range one. */
	for (nspare = 0; nspare < 2; nspare++) {
		spare[nspare] = malloc(sizeof(struct vfs_reclock));
		if (!spare[nspare]) {
			while (nspare--)
				free(spare[nspare]);
			return -ENOLCK;
		}
	}
	for (l = vp->reclocks; l; l = next) {
		next = l->next;
		if (!merges(l, type, start, end)) {
			if (l->end < start || l->start > end) {
				*tail = l; /* untouched */
				tail = &l->next;
				continue;
			}
			/* Overlapping, another type: keep what sticks out. */
			if (l->start < start && l->end > end) {
				struct vfs_reclock *r = spare[--nspare];

				r->start = end + 1;
				r->end = l->end;
				r->type = l->type;
				l->end = start - 1;
				*tail = l;
				l->next = r;
				tail = &r->next;
			} else if (l->start < start) {
				l->end = start - 1;
				*tail = l;
				tail = &l->next;
			} else if (l->end > end) {
				l->start = end + 1;
				*tail = l;
				tail = &l->next;
			} else {
				free(l);
			}
			continue;
		}
		/* Same type, overlapping or adjacent: one range. */
		if (l->start < start)
			start = l->start;
		if (l->end > end)
			end = l->end;
		free(l);
	}
	*tail = NULL;
	if (type != F_UNLCK) {
		struct vfs_reclock *n = spare[--nspare], **pp = &out;

		n->start = start;
		n->end = end;
		n->type = type;
		while (*pp && (*pp)->start < start)
			pp = &(*pp)->next;
		n->next = *pp;
		*pp = n;
	}
	vp->reclocks = out;
	while (nspare--)
		free(spare[nspare]);
	return 0;
}

static void reclock_clear(struct vnode *vp)
{
	struct vfs_reclock *l;

	while ((l = vp->reclocks)) {
		vp->reclocks = l->next;
		free(l);
	}
}

/* fl's range in bytes of vp (locked), as [*s, *e]. */
static int reclock_range(struct uk_file *f, struct vnode *vp,
			 const struct flock *fl, off_t *s, off_t *e)
{
	struct stat st;
	off_t base, start;
	int rc;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		rc = vp->mount->fs->vops->getattr(vp, &st);
		if (rc < 0)
			return rc;
		base = st.st_size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, (off_t)fl->l_start, &start))
		return -EOVERFLOW;
	if (fl->l_len > 0) {
		if (start > VFS_OFF_MAX - ((off_t)fl->l_len - 1))
			return -EOVERFLOW;
		*e = start + fl->l_len - 1;
	} else if (fl->l_len == 0) {
		*e = VFS_OFF_MAX;
	} else {
		if (start < 0)
			return -EINVAL; /* and start - 1 could wrap */
		*e = start - 1;
		start += fl->l_len; /* POSIX: [start + len, start - 1] */
	}
	if (start < 0)
		return -EINVAL;
	*s = start;
	return 0;
}

int vfscore_reclock(struct uk_file *f, int cmd, struct flock *fl)
{
	struct vnode *vp = f->priv;
	int acc = f->flags & O_ACCMODE;
	off_t s, e;
	int rc;

	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK &&
	    (fl->l_type != F_UNLCK || cmd == F_GETLK))
		return -EINVAL;
	if (cmd != F_GETLK && ((fl->l_type == F_RDLCK && acc == O_WRONLY) ||
			       (fl->l_type == F_WRLCK && acc == O_RDONLY)))
		return -EBADF;
	vfs_lock(&vp->lock);
	rc = reclock_range(f, vp, fl, &s, &e);
	if (rc == 0) {
		if (cmd == F_GETLK)
			fl->l_type = F_UNLCK; /* nobody else to conflict with */
		else
			rc = vfs_reclock_set(vp, fl->l_type, s, e);
	}
	vfs_unlock(&vp->lock);
	return rc;
}

/* A descriptor of the file was closed: the process's locks go (POSIX). */
void vfscore_reclock_fdclose(struct uk_file *f)
{
	struct vnode *vp = f->priv;

	vfs_lock(&vp->lock);
	reclock_clear(vp);
	vfs_unlock(&vp->lock);
}

int vfs_reclock_list(int fd, struct vfs_reclock *out, int max)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct vnode *vp;
	struct vfs_reclock *l;
	int n = 0;

	if (!f)
		return -EBADF;
	vp = vfscore_file_vnode(f);
	if (vp) {
		vfs_lock(&vp->lock);
		for (l = vp->reclocks; l; l = l->next, n++) {
			if (n < max)
				out[n] = *l;
		}
		vfs_unlock(&vp->lock);
	}
	uk_file_put(f);
	return vp ? n : -EBADF;
}

#ifdef CONFIG_LIBUKSCHED
static struct uk_waitq flock_wq = UK_WAITQ_INITIALIZER(flock_wq);
#endif
static unsigned long flock_drops; /* atomic: flock locks dropped so far */

static void flock_dropped(void)
{
	__atomic_add_fetch(&flock_drops, 1, __ATOMIC_RELEASE);
#ifdef CONFIG_LIBUKSCHED
	uk_waitq_wake_all(&flock_wq);
#endif
}

/* Sleep until a flock lock is dropped after seen; -EDEADLK without threads. */
static int flock_wait(unsigned long seen)
{
#ifdef CONFIG_LIBUKSCHED
	return uk_waitq_wait_event(&flock_wq,
				   __atomic_load_n(&flock_drops,
						   __ATOMIC_ACQUIRE) != seen);
#else
	(void)seen;
	return -EDEADLK; /* nobody else could ever unlock it */
#endif
}

/* Remove f's flock lock of vp (locked); whether it had one. */
static int flock_remove(struct vnode *vp, const struct uk_file *f)
{
	struct vfs_flock **pp, *l;

	for (pp = &vp->flocks; (l = *pp); pp = &l->next) {
		if (l->owner == f) {
			*pp = l->next;
			free(l);
			return 1;
		}
	}
	return 0;
}

/* One attempt with vp locked: 0, -EWOULDBLOCK, -ENOLCK. */
static int flock_try(struct vnode *vp, const struct uk_file *f, int exclusive,
		     int *dropped)
{
	struct vfs_flock *l, *mine = NULL;
	int conflict = 0;

	for (l = vp->flocks; l; l = l->next) {
		if (l->owner == f)
			mine = l;
		else if (exclusive || l->exclusive)
			conflict = 1;
	}
	if (conflict) {
		/* A conversion lets go of the old lock first, as on Linux. */
		if (mine)
			*dropped = flock_remove(vp, f);
		return -EWOULDBLOCK;
	}
	if (!mine) {
		mine = malloc(sizeof(*mine));
		if (!mine)
			return -ENOLCK;
		mine->owner = f;
		mine->next = vp->flocks;
		vp->flocks = mine;
	}
	if (mine->exclusive && !exclusive)
		*dropped = 1; /* a shared waiter may get in now */
	mine->exclusive = exclusive;
	return 0;
}

int vfscore_flock(struct uk_file *f, int op)
{
	struct vnode *vp = f->priv;
	int exclusive = (op & ~LOCK_NB) == LOCK_EX;
	unsigned long seen;
	int rc, dropped;

	for (;;) {
		dropped = 0;
		vfs_lock(&vp->lock);
		seen = __atomic_load_n(&flock_drops, __ATOMIC_ACQUIRE);
		if ((op & ~LOCK_NB) == LOCK_UN) {
			dropped = flock_remove(vp, f);
			rc = 0;
		} else {
			rc = flock_try(vp, f, exclusive, &dropped);
		}
		vfs_unlock(&vp->lock);
		if (dropped)
			flock_dropped();
		if (rc != -EWOULDBLOCK || (op & LOCK_NB))
			return rc;
		rc = flock_wait(seen);
		if (rc < 0)
			return rc;
	}
}

/* The open file is gone: its flock lock goes. */
void vfscore_flock_release(struct uk_file *f)
{
	struct vnode *vp = f->priv;
	int dropped;

	if (!vp->flocks)
		return; /* read without the lock: only f could add one */
	vfs_lock(&vp->lock);
	dropped = flock_remove(vp, f);
	vfs_unlock(&vp->lock);
	if (dropped)
		flock_dropped();
}

void vfscore_filelocks_free(struct vnode *vp)
{
	struct vfs_flock *l;

	reclock_clear(vp);
	while ((l = vp->flocks)) {
		vp->flocks = l->next;
		free(l);
	}
}
