/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The POSIX calls on names: open, stat, mkdir, unlink, rename, ... A call
 * that changes names holds its mount's names lock (nslock), then the
 * directory's vnode lock (rename: both directories, lower address first);
 * the others hold one vnode's lock around each file system call.
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <uk/syscall.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <stdarg.h>
#include <limits.h>
#include <errno.h>
#include "vfscore.h"

#define VOPS(vp) ((vp)->mount->fs->vops)

static mode_t cur_umask = 022; /* atomic */

/* Lock the names of dir's mount, then dir. */
static void names_lock(struct vnode *dir)
{
	vfs_lock(&dir->mount->nslock);
	vfs_lock(&dir->lock);
}

static void names_unlock(struct vnode *dir)
{
	vfs_unlock(&dir->lock);
	vfs_unlock(&dir->mount->nslock);
}

void vfscore_lock_two(struct vnode *a, struct vnode *b)
{
	if (a == b) {
		vfs_lock(&a->lock);
	} else if ((__uptr)a < (__uptr)b) {
		vfs_lock(&a->lock);
		vfs_lock(&b->lock);
	} else {
		vfs_lock(&b->lock);
		vfs_lock(&a->lock);
	}
}

void vfscore_unlock_two(struct vnode *a, struct vnode *b)
{
	vfs_unlock(&a->lock);
	if (a != b)
		vfs_unlock(&b->lock);
}

/*
 * Make the regular file nd->last in nd->dvp and its vnode (before another
 * thread can remove it). -EEXIST when another thread was first.
 */
static int create_file(struct vfs_nameidata *nd, mode_t mode)
{
	mode_t mask = __atomic_load_n(&cur_umask, __ATOMIC_RELAXED);
	__u64 ino;
	int rc;

	names_lock(nd->dvp);
	rc = VOPS(nd->dvp)->create(nd->dvp, nd->last, strlen(nd->last),
				   S_IFREG | (mode & 07777 & ~mask), NULL,
				   &ino);
	if (rc == 0)
		rc = vfs_vget(nd->dvp->mount, ino, &nd->vp);
	names_unlock(nd->dvp);
	return rc;
}

static int do_open(int dirfd, const char *path, int flags, mode_t mode)
{
	struct vfs_nameidata nd;
	struct vnode *vp;
	int lflags = VFS_LOOKUP_PARENT, rc, acc = flags & O_ACCMODE;
	int tries = 0;

	if (acc == O_ACCMODE)
		return -EINVAL;
	if (!(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL)))
		lflags |= VFS_LOOKUP_FOLLOW;
again:
	rc = vfs_lookup(dirfd, path, lflags, &nd);
	if (rc < 0)
		return rc;
	vp = nd.vp;
	if (!vp) {
		if (!(flags & O_CREAT) || nd.slash) {
			rc = nd.slash && (flags & O_CREAT) ? -EISDIR : -ENOENT;
			goto out;
		}
		rc = create_file(&nd, mode);
		if (rc == -EEXIST && !(flags & O_EXCL) && ++tries < 100) {
			/* made by another thread since we looked: open it */
			vfs_nd_release(&nd);
			goto again;
		}
		if (rc < 0)
			goto out;
		vp = nd.vp;
	} else {
		if ((flags & O_CREAT) && (flags & O_EXCL)) {
			rc = -EEXIST;
			goto out;
		}
		if (S_ISLNK(vp->mode)) {
			rc = -ELOOP; /* O_NOFOLLOW on a symlink */
			goto out;
		}
		if (S_ISDIR(vp->mode) && (acc != O_RDONLY || (flags & O_TRUNC) ||
					  (flags & O_CREAT && !nd.slash))) {
			rc = -EISDIR;
			goto out;
		}
		if ((flags & O_DIRECTORY) && !S_ISDIR(vp->mode)) {
			rc = -ENOTDIR;
			goto out;
		}
		if ((flags & O_TRUNC) && acc != O_RDONLY && S_ISREG(vp->mode)) {
			vfs_lock(&vp->lock);
			rc = VOPS(vp)->truncate ? VOPS(vp)->truncate(vp, 0)
						: -EINVAL;
			if (rc == 0 && vp->mapped)
				vfscore_mapped_truncate(vp, 0);
			vfs_unlock(&vp->lock);
			if (rc < 0)
				goto out;
		}
	}
	rc = vfs_open_vnode(vp, flags);
out:
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE_RAW(open, const char *, path, int, flags, mode_t, mode)
{
	return do_open(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_R_DEFINE_RAW(openat, int, dirfd, const char *, path, int, flags,
			mode_t, mode)
{
	return do_open(dirfd, path, flags, mode);
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return (int)uk_syscall_ret(do_open(AT_FDCWD, path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return (int)uk_syscall_ret(do_open(dirfd, path, flags, mode));
}

UK_SYSCALL_R_DEFINE(int, creat, const char *, path, mode_t, mode)
{
	return do_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

static int do_stat(int dirfd, const char *path, struct stat *st, int follow)
{
	struct vfs_nameidata nd;
	int rc;

	rc = vfs_lookup(dirfd, path, follow ? VFS_LOOKUP_FOLLOW : 0, &nd);
	if (rc < 0)
		return rc;
	memset(st, 0, sizeof(*st));
	vfs_lock(&nd.vp->lock);
	rc = VOPS(nd.vp)->getattr(nd.vp, st);
	vfs_unlock(&nd.vp->lock);
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, stat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, 1);
}

UK_SYSCALL_R_DEFINE(int, lstat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, 0);
}

/* posix-fdtab's fstat, for a descriptor given as the directory. */
long uk_syscall_r_fstat(long fd, long st);

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000 /* Linux's value; newlib does not name it */
#endif

/* stat relative to a directory descriptor (or the descriptor itself with
 * AT_EMPTY_PATH and ""). */
UK_SYSCALL_R_DEFINE(int, fstatat, int, dirfd, const char *, path,
		    struct stat *, st, int, flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!path)
		return -EFAULT;
	if (path[0] == '\0') {
		if (!(flags & AT_EMPTY_PATH))
			return -ENOENT;
		return uk_syscall_r_fstat(dirfd, (long)st);
	}
	return do_stat(dirfd, path, st, !(flags & AT_SYMLINK_NOFOLLOW));
}

UK_SYSCALL_R_DEFINE(int, access, const char *, path, int, mode)
{
	struct vfs_nameidata nd;
	int rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	rc = vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);
	if (rc < 0)
		return rc;
	/* We are root: everything is allowed but executing the unexecutable. */
	if ((mode & X_OK) && !(nd.vp->mode & 0111) && !S_ISDIR(nd.vp->mode))
		rc = -EACCES;
	vfs_nd_release(&nd);
	return rc;
}

/* Look the parent of path up, for calls that make or remove a name. */
static int lookup_parent(const char *path, struct vfs_nameidata *nd)
{
	int rc = vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_PARENT, nd);

	if (rc == 0 && !nd->dvp) { /* "/" itself */
		vfs_nd_release(nd);
		return -EBUSY;
	}
	return rc;
}

static int is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/* Make a new name at path (a directory, or a symlink to target). */
static int create_name(const char *path, mode_t mode, const char *target)
{
	struct vfs_nameidata nd;
	__u64 ino;
	int rc;

	rc = lookup_parent(path, &nd);
	if (rc == -EBUSY)
		return -EEXIST;
	if (rc < 0)
		return rc;
	if (nd.vp || is_dot(nd.last)) {
		rc = -EEXIST;
	} else {
		names_lock(nd.dvp);
		rc = VOPS(nd.dvp)->create(nd.dvp, nd.last, strlen(nd.last),
					  mode, target, &ino);
		names_unlock(nd.dvp);
	}
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, mkdir, const char *, path, mode_t, mode)
{
	mode_t mask = __atomic_load_n(&cur_umask, __ATOMIC_RELAXED);

	return create_name(path, S_IFDIR | (mode & 07777 & ~mask), NULL);
}

static int do_remove(const char *path, int isdir)
{
	struct vfs_nameidata nd;
	int rc;

	rc = lookup_parent(path, &nd);
	if (rc < 0)
		return rc;
	if (!nd.vp)
		rc = -ENOENT;
	else if (isdir && !strcmp(nd.last, "."))
		rc = -EINVAL;
	else if (is_dot(nd.last))
		rc = isdir ? -ENOTEMPTY : -EISDIR;
	else if (__atomic_load_n(&nd.vp->mounted, __ATOMIC_RELAXED) ||
		 nd.vp->mount != nd.dvp->mount)
		rc = -EBUSY;
	else if (isdir && !S_ISDIR(nd.vp->mode))
		rc = -ENOTDIR;
	else if (!isdir && S_ISDIR(nd.vp->mode))
		rc = -EISDIR;
	else if (!isdir && nd.slash)
		rc = -ENOTDIR;
	else {
		/* the file system looks the name up again, locked */
		names_lock(nd.dvp);
		rc = VOPS(nd.dvp)->remove(nd.dvp, nd.last, strlen(nd.last),
					  isdir);
		names_unlock(nd.dvp);
	}
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, rmdir, const char *, path)
{
	return do_remove(path, 1);
}

UK_SYSCALL_R_DEFINE(int, unlink, const char *, path)
{
	return do_remove(path, 0);
}

UK_SYSCALL_R_DEFINE(int, rename, const char *, from, const char *, to)
{
	struct vfs_nameidata a, b;
	int rc;

	rc = lookup_parent(from, &a);
	if (rc < 0)
		return rc;
	rc = lookup_parent(to, &b);
	if (rc < 0) {
		vfs_nd_release(&a);
		return rc;
	}
	if (!a.vp)
		rc = -ENOENT;
	else if (is_dot(a.last) || is_dot(b.last))
		rc = -EINVAL;
	else if (a.dvp->mount != b.dvp->mount)
		rc = -EXDEV;
	else if (b.vp && S_ISDIR(b.vp->mode) && !S_ISDIR(a.vp->mode))
		rc = -EISDIR;
	else if (b.vp && !S_ISDIR(b.vp->mode) && S_ISDIR(a.vp->mode))
		rc = -ENOTDIR;
	else if (a.vp == b.vp)
		rc = 0;
	else {
		/*
		 * A directory must not move below itself. With the names
		 * held the tree keeps its shape while we climb and move.
		 */
		struct vnode *up = b.dvp;

		vfs_lock(&a.dvp->mount->nslock);
		vfs_vref(up);
		rc = 0;
		while (S_ISDIR(a.vp->mode) && up != vfscore_root &&
		       up->mount == a.vp->mount) {
			__u64 ino;
			struct vnode *next;

			if (up == a.vp) {
				rc = -EINVAL;
				break;
			}
			if (up == up->mount->root ||
			    VOPS(up)->parent(up, &ino) < 0 ||
			    vfs_vget(up->mount, ino, &next) < 0)
				break;
			vfs_vrele(up);
			up = next;
		}
		vfs_vrele(up);
		if (rc == 0) {
			vfscore_lock_two(a.dvp, b.dvp);
			rc = VOPS(a.dvp)->rename(a.dvp, a.last, strlen(a.last),
						 b.dvp, b.last, strlen(b.last));
			vfscore_unlock_two(a.dvp, b.dvp);
		}
		vfs_unlock(&a.dvp->mount->nslock);
	}
	vfs_nd_release(&a);
	vfs_nd_release(&b);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, link, const char *, from, const char *, to)
{
	struct vfs_nameidata a, b;
	int rc;

	rc = vfs_lookup(AT_FDCWD, from, 0, &a);
	if (rc < 0)
		return rc;
	rc = lookup_parent(to, &b);
	if (rc < 0) {
		vfs_nd_release(&a);
		return rc;
	}
	if (b.vp)
		rc = -EEXIST;
	else if (S_ISDIR(a.vp->mode))
		rc = -EPERM;
	else if (a.vp->mount != b.dvp->mount)
		rc = -EXDEV;
	else if (!VOPS(b.dvp)->link)
		rc = -EPERM;
	else {
		names_lock(b.dvp);
		rc = VOPS(b.dvp)->link(b.dvp, b.last, strlen(b.last), a.vp);
		names_unlock(b.dvp);
	}
	vfs_nd_release(&a);
	vfs_nd_release(&b);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, symlink, const char *, target, const char *, path)
{
	if (!target[0])
		return -ENOENT;
	if (strnlen(target, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	return create_name(path, S_IFLNK | 0777, target);
}

UK_SYSCALL_R_DEFINE(ssize_t, readlink, const char *, path, char *, buf,
		    size_t, len)
{
	struct vfs_nameidata nd;
	ssize_t rc;

	rc = vfs_lookup(AT_FDCWD, path, 0, &nd);
	if (rc < 0)
		return rc;
	if (!S_ISLNK(nd.vp->mode)) {
		rc = -EINVAL;
	} else {
		vfs_lock(&nd.vp->lock);
		rc = VOPS(nd.vp)->readlink(nd.vp, buf, len);
		vfs_unlock(&nd.vp->lock);
	}
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, chmod, const char *, path, mode_t, mode)
{
	struct vfs_nameidata nd;
	int rc;

	rc = vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);
	if (rc < 0)
		return rc;
	vfs_lock(&nd.vp->lock);
	rc = VOPS(nd.vp)->chmod ? VOPS(nd.vp)->chmod(nd.vp, mode & 07777)
				: -EPERM;
	vfs_unlock(&nd.vp->lock);
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, truncate, const char *, path, off_t, len)
{
	struct vfs_nameidata nd;
	int rc;

	if (len < 0)
		return -EINVAL;
	rc = vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);
	if (rc < 0)
		return rc;
	if (S_ISDIR(nd.vp->mode))
		rc = -EISDIR;
	else if (!VOPS(nd.vp)->truncate)
		rc = -EINVAL;
	else {
		vfs_lock(&nd.vp->lock);
		rc = VOPS(nd.vp)->truncate(nd.vp, len);
		if (rc == 0 && nd.vp->mapped)
			vfscore_mapped_truncate(nd.vp, len);
		vfs_unlock(&nd.vp->lock);
	}
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(mode_t, umask, mode_t, mask)
{
	return __atomic_exchange_n(&cur_umask, mask & 0777, __ATOMIC_RELAXED);
}

UK_SYSCALL_R_DEFINE(int, chdir, const char *, path)
{
	struct vfs_nameidata nd;
	int rc;

	rc = vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);
	if (rc < 0)
		return rc;
	if (!S_ISDIR(nd.vp->mode)) {
		vfs_nd_release(&nd);
		return -ENOTDIR;
	}
	vfscore_set_cwd(nd.vp);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, fchdir, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct vnode *vp;

	if (!f)
		return -EBADF;
	vp = vfscore_file_vnode(f);
	if (!vp || !S_ISDIR(vp->mode)) {
		uk_file_put(f);
		return -ENOTDIR;
	}
	vfs_vref(vp);
	uk_file_put(f);
	vfscore_set_cwd(vp);
	return 0;
}

/*
 * The name under which directory dir appears in its parent up (d_ino may
 * be narrower than our inode numbers: compare by looking names up). up
 * locked.
 */
static int name_in_locked(struct vnode *up, struct vnode *dir, char *name)
{
	struct dirent d;
	off_t pos = 0;
	__u64 ino;
	int rc;

	while ((rc = VOPS(up)->readdir(up, &pos, &d)) == 1) {
		if (is_dot(d.d_name))
			continue;
		if (VOPS(up)->lookup(up, d.d_name, strlen(d.d_name), &ino) == 0 &&
		    ino == dir->ino) {
			strcpy(name, d.d_name);
			return 0;
		}
	}
	return rc < 0 ? rc : -ENOENT;
}

static int name_in(struct vnode *up, struct vnode *dir, char *name)
{
	int rc;

	vfs_lock(&up->lock);
	rc = name_in_locked(up, dir, name);
	vfs_unlock(&up->lock);
	return rc;
}

/* Build the path of the working directory from its end to the root. */
static int do_getcwd(char *buf, size_t size)
{
	struct vnode *vp = vfs_cwd(), *up;
	char name[NAME_MAX + 1];
	size_t used = 1; /* the NUL */
	char *end;
	int rc = 0;

	if (!vp)
		return -ENOENT;
	if (size == 0) {
		vfs_vrele(vp);
		return -EINVAL;
	}
	end = buf + size - 1;
	*end = 0;
	while (vp != vfscore_root) {
		size_t n;

		/* climb out of mounted file systems */
		while (vp == vp->mount->root && vp->mount->covered) {
			up = vp->mount->covered;
			vfs_vref(up);
			vfs_vrele(vp);
			vp = up;
		}
		if (vp == vfscore_root)
			break;
		rc = vfscore_parent(vp, &up);
		if (rc == 0) {
			rc = name_in(up, vp, name);
			vfs_vrele(vp);
			vp = up;
		}
		if (rc < 0)
			break;
		n = strlen(name);
		if (used + n + 1 > size) {
			rc = -ERANGE;
			break;
		}
		used += n + 1;
		end -= n;
		memcpy(end, name, n);
		*--end = '/';
	}
	vfs_vrele(vp);
	if (rc < 0)
		return rc;
	if (used == 1) {
		if (size < 2)
			return -ERANGE;
		*--end = '/';
		used++;
	}
	memmove(buf, end, used);
	return (int)used;
}

UK_SYSCALL_R_DEFINE_RAW(getcwd, char *, buf, size_t, size)
{
	return do_getcwd(buf, size);
}

char *getcwd(char *buf, size_t size)
{
	int rc;
	int mine = !buf;

	if (mine) {
		size = size ? size : PATH_MAX;
		buf = malloc(size);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
	}
	rc = do_getcwd(buf, size);
	if (rc < 0) {
		if (mine)
			free(buf);
		errno = -rc;
		return NULL;
	}
	return buf;
}

UK_SYSCALL_R_DEFINE(ssize_t, getdents64, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);
	ssize_t r;
	int locked;

	if (!f)
		return -EBADF;
	locked = uk_file_pos_lock(f);
	r = f->ops->getdents ? f->ops->getdents(f, buf, len) : -ENOTDIR;
	uk_file_pos_unlock(f, locked);
	uk_file_put(f);
	return r;
}
