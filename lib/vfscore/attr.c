/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Attributes of a file other than its data: the mode through a
 * descriptor (chmod itself is in syscalls.c), the owner, and the access
 * and modification times. Each change holds the vnode's lock and is the
 * file system's to store (ramfs: shown by stat).
 */
#include <uk/vfs.h>
#include <uk/file.h>
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include <fcntl.h>
#include <unistd.h>
#include <utime.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/time.h>
#include "vfscore.h"

#define VOPS(vp) ((vp)->mount->fs->vops)

/* The vnode of fd with a reference (vfs_vrele it), or a negative errno. */
static int fd_vnode(int fd, struct vnode **vpp)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct vnode *vp;

	if (!f)
		return -EBADF;
	vp = vfscore_file_vnode(f);
	if (vp)
		vfs_vref(vp);
	uk_file_put(f);
	if (!vp)
		return -EINVAL; /* a pipe or socket: no such attributes here */
	*vpp = vp;
	return 0;
}

static int do_chmod(struct vnode *vp, mode_t mode)
{
	int rc;

	vfs_lock(&vp->lock);
	rc = VOPS(vp)->chmod ? VOPS(vp)->chmod(vp, mode & 07777) : -EPERM;
	vfs_unlock(&vp->lock);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, fchmod, int, fd, mode_t, mode)
{
	struct vnode *vp;
	int rc = fd_vnode(fd, &vp);

	if (rc < 0)
		return rc;
	rc = do_chmod(vp, mode);
	vfs_vrele(vp);
	return rc;
}

/* We are root: any owner may be given. */
static int do_chown(struct vnode *vp, uid_t uid, gid_t gid)
{
	int rc;

	vfs_lock(&vp->lock);
	rc = VOPS(vp)->chown ? VOPS(vp)->chown(vp, uid, gid) : -EPERM;
	vfs_unlock(&vp->lock);
	return rc;
}

static int path_chown(const char *path, uid_t uid, gid_t gid, int follow)
{
	struct vfs_nameidata nd;
	int rc;

	rc = vfs_lookup(AT_FDCWD, path, follow ? VFS_LOOKUP_FOLLOW : 0, &nd);
	if (rc < 0)
		return rc;
	rc = do_chown(nd.vp, uid, gid);
	vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, chown, const char *, path, uid_t, uid, gid_t, gid)
{
	return path_chown(path, uid, gid, 1);
}

UK_SYSCALL_R_DEFINE(int, lchown, const char *, path, uid_t, uid, gid_t, gid)
{
	return path_chown(path, uid, gid, 0);
}

UK_SYSCALL_R_DEFINE(int, fchown, int, fd, uid_t, uid, gid_t, gid)
{
	struct vnode *vp;
	int rc = fd_vnode(fd, &vp);

	if (rc < 0)
		return rc;
	rc = do_chown(vp, uid, gid);
	vfs_vrele(vp);
	return rc;
}

/*
 * times[0] (access) and times[1] (modification) into what the file system
 * stores: UTIME_NOW becomes the wall clock, UTIME_OMIT NULL; no times:
 * both now. -EINVAL for a nanosecond count out of range.
 */
static int resolve_times(const struct timespec *times, struct timespec *buf,
			 const struct timespec **a, const struct timespec **m)
{
	__nsec now = ukplat_wall_clock();
	const struct timespec **out[2] = { a, m };

	for (int i = 0; i < 2; i++) {
		long ns = times ? times[i].tv_nsec : UTIME_NOW;

		if (ns == UTIME_OMIT) {
			*out[i] = NULL;
			continue;
		}
		if (ns == UTIME_NOW) {
			buf[i].tv_sec = (time_t)(now / UKPLAT_NSEC_PER_SEC);
			buf[i].tv_nsec = (long)(now % UKPLAT_NSEC_PER_SEC);
		} else if (ns < 0 || ns >= 1000000000L) {
			return -EINVAL;
		} else {
			buf[i] = times[i];
		}
		*out[i] = &buf[i];
	}
	return 0;
}

static int set_times(struct vnode *vp, const struct timespec *times)
{
	const struct timespec *a, *m;
	struct timespec buf[2];
	int rc = resolve_times(times, buf, &a, &m);

	if (rc < 0)
		return rc;
	if (!a && !m)
		return 0; /* both omitted */
	vfs_lock(&vp->lock);
	rc = VOPS(vp)->utimens ? VOPS(vp)->utimens(vp, a, m) : -EPERM;
	vfs_unlock(&vp->lock);
	return rc;
}

/* path NULL: the file at dirfd itself (Linux's futimens). */
UK_SYSCALL_R_DEFINE(int, utimensat, int, dirfd, const char *, path,
		    const struct timespec *, times, int, flags)
{
	struct vfs_nameidata nd;
	struct vnode *vp;
	int rc;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (!path) {
		rc = fd_vnode(dirfd, &vp);
		if (rc < 0)
			return rc;
		rc = set_times(vp, times);
		vfs_vrele(vp);
		return rc;
	}
	rc = vfs_lookup(dirfd, path,
			(flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW,
			&nd);
	if (rc < 0)
		return rc;
	rc = set_times(nd.vp, times);
	vfs_nd_release(&nd);
	return rc;
}

int futimens(int fd, const struct timespec *times)
{
	return (int)uk_syscall_ret(uk_syscall_r_utimensat(
		fd, 0, (long)times, 0));
}

/* struct timeval[2] (NULL: now) as timespecs; -EINVAL out of range. */
static int tv_to_ts(const struct timeval *tv, struct timespec *ts)
{
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000L;
	}
	return 0;
}

UK_SYSCALL_R_DEFINE(int, utimes, const char *, path,
		    const struct timeval *, tv)
{
	struct timespec ts[2];
	int rc;

	if (!tv)
		return uk_syscall_r_utimensat(AT_FDCWD, (long)path, 0, 0);
	rc = tv_to_ts(tv, ts);
	if (rc < 0)
		return rc;
	return uk_syscall_r_utimensat(AT_FDCWD, (long)path, (long)ts, 0);
}

int futimes(int fd, const struct timeval *tv)
{
	struct timespec ts[2];
	int rc = 0;

	if (tv)
		rc = tv_to_ts(tv, ts);
	if (rc == 0)
		rc = (int)uk_syscall_r_utimensat(fd, 0, tv ? (long)ts : 0, 0);
	return (int)uk_syscall_ret(rc);
}

int lutimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	int rc = 0;

	if (tv)
		rc = tv_to_ts(tv, ts);
	if (rc == 0)
		rc = (int)uk_syscall_r_utimensat(AT_FDCWD, (long)path,
						 tv ? (long)ts : 0,
						 AT_SYMLINK_NOFOLLOW);
	return (int)uk_syscall_ret(rc);
}

UK_SYSCALL_R_DEFINE(int, utime, const char *, path,
		    const struct utimbuf *, ub)
{
	struct timespec ts[2];

	if (!ub)
		return uk_syscall_r_utimensat(AT_FDCWD, (long)path, 0, 0);
	ts[0].tv_sec = ub->actime;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = ub->modtime;
	ts[1].tv_nsec = 0;
	return uk_syscall_r_utimensat(AT_FDCWD, (long)path, (long)ts, 0);
}
