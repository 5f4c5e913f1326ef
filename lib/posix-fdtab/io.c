/* SPDX-License-Identifier: BSD-3-Clause */
/* The calls that work on any descriptor. */
#include <uk/file.h>
#include <uk/syscall.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#ifdef CONFIG_HAVE_SCHED
#include <uk/thread.h>
#endif
#include "fdtab.h"

/* newlib declares read/write with its own return type; nolibc with ssize_t. */
#ifndef _READ_WRITE_RETURN_TYPE
#define _READ_WRITE_RETURN_TYPE ssize_t
#endif

#define READABLE(f) (((f)->flags & O_ACCMODE) != O_WRONLY)
#define WRITABLE(f) (((f)->flags & O_ACCMODE) != O_RDONLY)

/*
 * Not for files that are not seekable (the console's reader may wait for
 * input for ever, and writers must not wait behind it), nor before the
 * scheduler runs (one thread only, and mutexes need a current thread).
 */
int uk_file_pos_lock(struct uk_file *f)
{
#ifdef CONFIG_HAVE_SCHED
	if (f->seekable && uk_thread_current()) {
		uk_mutex_lock(&f->poslock);
		return 1;
	}
#endif
	(void)f;
	return 0;
}

void uk_file_pos_unlock(struct uk_file *f, int locked)
{
#ifdef CONFIG_HAVE_SCHED
	if (locked)
		uk_mutex_unlock(&f->poslock);
#endif
	(void)f;
	(void)locked;
}

static ssize_t do_read(struct uk_file *f, void *buf, size_t len, off_t *pos)
{
	ssize_t r;
	int locked;

	if (!READABLE(f))
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	locked = !pos && uk_file_pos_lock(f);
	r = f->ops->read(f, buf, len, pos ? *pos : f->pos);
	if (r > 0 && !pos && f->seekable)
		f->pos += r;
	uk_file_pos_unlock(f, locked);
	return r;
}

static ssize_t do_write(struct uk_file *f, const void *buf, size_t len,
			off_t *pos)
{
	ssize_t r;
	off_t at;
	int locked;

	if (!WRITABLE(f))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	/* The end of file and the write at it, as one step (O_APPEND). */
	locked = !pos && uk_file_pos_lock(f);
	at = pos ? *pos : f->pos;
	if (!pos && f->seekable && (f->flags & O_APPEND) && f->ops->append) {
		r = f->ops->append(f, buf, len, &at);
	} else if (!pos && f->seekable && (f->flags & O_APPEND)) {
		struct stat st;
		int rc = f->ops->fstat(f, &st);

		if (rc < 0) {
			uk_file_pos_unlock(f, locked);
			return rc;
		}
		at = st.st_size;
		r = f->ops->write(f, buf, len, at);
	} else {
		r = f->ops->write(f, buf, len, at);
	}
	if (r > 0 && !pos && f->seekable)
		f->pos = at + r;
	uk_file_pos_unlock(f, locked);
	return r;
}

UK_SYSCALL_R_DEFINE(_READ_WRITE_RETURN_TYPE, read, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f;
	ssize_t r;

	uk_file_cancel_point();
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	r = do_read(f, buf, len, NULL);
	uk_file_put(f);
	uk_file_cancel_point();
	return r;
}

UK_SYSCALL_R_DEFINE(_READ_WRITE_RETURN_TYPE, write, int, fd, const void *, buf, size_t, len)
{
	struct uk_file *f;
	ssize_t r;

	uk_file_cancel_point();
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	r = do_write(f, buf, len, NULL);
	uk_file_put(f);
	uk_file_cancel_point();
	return r;
}

static ssize_t positional(int fd, void *buf, size_t len, off_t off, int wr)
{
	struct uk_file *f;
	ssize_t r;

	uk_file_cancel_point();
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	if (!f->seekable)
		r = -ESPIPE;
	else if (off < 0)
		r = -EINVAL;
	else
		r = wr ? do_write(f, buf, len, &off) : do_read(f, buf, len, &off);
	uk_file_put(f);
	uk_file_cancel_point();
	return r;
}

UK_SYSCALL_R_DEFINE_RAW(pread64, int, fd, void *, buf, size_t, len, off_t,
			off)
{
	return positional(fd, buf, len, off, 0);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return uk_syscall_ret(positional(fd, buf, len, off, 0));
}

UK_SYSCALL_R_DEFINE_RAW(pwrite64, int, fd, const void *, buf, size_t, len,
			off_t, off)
{
	return positional(fd, (void *)buf, len, off, 1);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return uk_syscall_ret(positional(fd, (void *)buf, len, off, 1));
}

static ssize_t vector(int fd, const struct iovec *iov, int n, int wr)
{
	struct uk_file *f;
	ssize_t total = 0;

	uk_file_cancel_point();
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	if (n < 0 || n > 1024) {
		uk_file_put(f);
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		ssize_t r = wr ? do_write(f, iov[i].iov_base, iov[i].iov_len,
					  NULL)
			       : do_read(f, iov[i].iov_base, iov[i].iov_len,
					 NULL);

		if (r < 0) {
			if (!total)
				total = r;
			break;
		}
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	uk_file_put(f);
	uk_file_cancel_point();
	return total;
}

UK_SYSCALL_R_DEFINE(ssize_t, readv, int, fd, const struct iovec *, iov, int,
		    n)
{
	return vector(fd, iov, n, 0);
}

UK_SYSCALL_R_DEFINE(ssize_t, writev, int, fd, const struct iovec *, iov, int,
		    n)
{
	return vector(fd, iov, n, 1);
}

UK_SYSCALL_R_DEFINE(off_t, lseek, int, fd, off_t, off, int, whence)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct stat st;
	off_t base, rc;
	int locked;

	if (!f)
		return -EBADF;
	if (!f->seekable) {
		uk_file_put(f);
		return -ESPIPE;
	}
	locked = uk_file_pos_lock(f);
	rc = -EINVAL;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		rc = f->ops->fstat(f, &st);
		if (rc < 0)
			goto out;
		base = st.st_size;
		break;
	default:
		goto out;
	}
	rc = -EINVAL;
	if ((off > 0 && base > __INT64_MAX__ - off) || base + off < 0)
		goto out;
	rc = f->pos = base + off;
out:
	uk_file_pos_unlock(f, locked);
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, fstat, int, fd, struct stat *, st)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	rc = f->ops->fstat(f, st);
	uk_file_put(f);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, close, int, fd)
{
	return uk_fdtab_close(fd);
}

UK_SYSCALL_R_DEFINE(int, dup, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int r;

	if (!f)
		return -EBADF;
	r = uk_fdtab_install(f, 0, 0);
	if (r < 0)
		uk_file_put(f);
	return r;
}

static int do_dup3(int old, int new, int flags)
{
	struct uk_file *f;
	int r;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	f = uk_fdtab_get(old);
	if (!f)
		return -EBADF;
	if (old == new) {
		uk_file_put(f);
		return new;
	}
	r = uk_fdtab_replace(new, f, flags & O_CLOEXEC);
	if (r < 0)
		uk_file_put(f); /* new is out of range: f stays unreferenced */
	return r;
}

UK_SYSCALL_R_DEFINE(int, dup2, int, old, int, new)
{
	if (old == new) {
		struct uk_file *f = uk_fdtab_get(old);

		if (!f)
			return -EBADF;
		uk_file_put(f);
		return new;
	}
	return do_dup3(old, new, 0);
}

UK_SYSCALL_R_DEFINE(int, dup3, int, old, int, new, int, flags)
{
	if (old == new)
		return -EINVAL;
	return do_dup3(old, new, flags);
}

/* Status flags fcntl(F_SETFL) may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

UK_SYSCALL_R_DEFINE_RAW(fcntl, int, fd, int, cmd, long, arg)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int r;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= CONFIG_LIBPOSIX_FDTAB_MAX) {
			r = -EINVAL;
			break;
		}
		r = uk_fdtab_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (r >= 0)
			return r; /* the table took our reference */
		break;
	case F_GETFD:
		r = uk_fdtab_getfd_flags(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		r = uk_fdtab_setfd_flags(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = f->flags;
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		r = 0;
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		if (!arg)
			r = -EFAULT;
		else if (!f->ops->reclock)
			r = -EINVAL;
		else
			r = f->ops->reclock(f, cmd, (struct flock *)arg);
		break;
	default:
		r = -EINVAL;
	}
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE(int, flock, int, fd, int, op)
{
	struct uk_file *f;
	int r;

	switch (op & ~LOCK_NB) {
	case LOCK_SH:
	case LOCK_EX:
	case LOCK_UN:
		break;
	default:
		return -EINVAL;
	}
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	r = f->ops->flock ? f->ops->flock(f, op) : -EINVAL;
	uk_file_put(f);
	return r;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)uk_syscall_ret(uk_syscall_r_fcntl(fd, cmd, arg));
}

UK_SYSCALL_R_DEFINE_RAW(ioctl, int, fd, unsigned long, req, void *, arg)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int r;

	if (!f)
		return -EBADF;
	if (f->ops->ioctl)
		r = f->ops->ioctl(f, req, arg);
	else if (req == FIONBIO) {
		if (*(int *)arg)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		r = 0;
	} else
		r = -ENOTTY;
	uk_file_put(f);
	return r;
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return (int)uk_syscall_ret(uk_syscall_r_ioctl(fd, (long)req,
						      (long)arg));
}

int isatty(int fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct stat st;
	int r;

	if (!f) {
		errno = EBADF;
		return 0;
	}
	/*
	 * Only the console is a terminal: the fd table's console file and
	 * devfs's /dev/console, character devices of the tty major (5, as
	 * /dev/console and /dev/tty on Linux). /dev/null & co. are not.
	 */
	r = f->ops->fstat(f, &st) == 0 && S_ISCHR(st.st_mode) &&
	    (st.st_rdev >> 8) == 5;
	uk_file_put(f);
	if (!r)
		errno = ENOTTY;
	return r;
}

UK_SYSCALL_R_DEFINE(int, fsync, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int r;

	if (!f)
		return -EBADF;
	r = f->ops->fsync ? f->ops->fsync(f) : 0;
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE(int, fdatasync, int, fd)
{
	return __uk_sc_fsync(fd);
}

UK_SYSCALL_R_DEFINE(int, ftruncate, int, fd, off_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int r;

	if (!f)
		return -EBADF;
	if (len < 0)
		r = -EINVAL;
	else if (!WRITABLE(f))
		r = -EBADF;
	else
		r = f->ops->truncate ? f->ops->truncate(f, len) : -EINVAL;
	uk_file_put(f);
	return r;
}
