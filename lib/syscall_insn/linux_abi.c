/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw system calls speak Linux's language; the C library's (newlib's)
 * numbers and layouts differ in places. uk_syscall_linux translates what
 * goes in (open flags, clock ids, AT_FDCWD, sigprocmask's how) and what
 * comes out (struct stat) around syscall_shim's dispatcher. errno and
 * signal numbers are Linux's on both sides (lib/newlib/patches).
 */
#include <uk/syscall.h>
#include <uk/essentials.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <sys/stat.h>

long uk_syscall_linux(long nr, long a1, long a2, long a3, long a4, long a5,
		      long a6);

/* Linux x86_64 numbers of the calls that need translating. */
#define NR_STAT 4
#define NR_FSTAT 5
#define NR_LSTAT 6
#define NR_OPEN 2
#define NR_FCNTL 72
#define NR_CLOCK_GETTIME 228
#define NR_CLOCK_GETRES 229
#define NR_OPENAT 257
#define NR_NEWFSTATAT 262
#define NR_UTIMENSAT 280
#define NR_RT_SIGPROCMASK 14

#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_EMPTY_PATH 0x1000
#define L_F_GETFL 3
#define L_F_SETFL 4
#define L_F_DUPFD_CLOEXEC 1030
#define L_F_GETLK 5
#define L_F_SETLK 6
#define L_F_SETLKW 7

/* Linux's struct flock; its lock types are newlib's minus one. */
struct linux_flock {
	short type, whence;
	long start, len;
	int pid;
};

/* open() flags: Linux's octal values -> ours. */
static const struct {
	long lx;
	int ours;
} oflags[] = {
	{ 0100, O_CREAT },     { 0200, O_EXCL },	{ 01000, O_TRUNC },
	{ 02000, O_APPEND },   { 04000, O_NONBLOCK },	{ 0200000, O_DIRECTORY },
	{ 0400000, O_NOFOLLOW }, { 02000000, O_CLOEXEC }, { 0400, O_NOCTTY },
};

static long flags_in(long lf)
{
	long f = lf & 3; /* O_RDONLY, O_WRONLY, O_RDWR are the same */

	for (unsigned int i = 0; i < ARRAY_SIZE(oflags); i++)
		if (lf & oflags[i].lx)
			f |= oflags[i].ours;
	return f;
}

static long flags_out(long f)
{
	long lf = f & 3;

	for (unsigned int i = 0; i < ARRAY_SIZE(oflags); i++)
		if (f & oflags[i].ours)
			lf |= oflags[i].lx;
	return lf;
}

static long clock_in(long c)
{
	switch (c) {
	case 0: /* REALTIME */
	case 5: /* REALTIME_COARSE */
		return CLOCK_REALTIME;
	case 1: /* MONOTONIC */
	case 2: /* PROCESS_CPUTIME_ID */
	case 3: /* THREAD_CPUTIME_ID */
	case 4: /* MONOTONIC_RAW */
	case 6: /* MONOTONIC_COARSE */
	case 7: /* BOOTTIME */
		return CLOCK_MONOTONIC;
	default:
		return -1;
	}
}

/* Linux x86_64's struct stat. */
struct linux_stat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid;
	int pad0;
	unsigned long rdev;
	long size, blksize, blocks;
	long atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	long unused[3];
};
UK_CTASSERT(sizeof(struct linux_stat) == 144);

static long stat_out(long rc, const struct stat *st, long ubuf)
{
	struct linux_stat *l = (struct linux_stat *)ubuf;

	if (rc < 0)
		return rc;
	memset(l, 0, sizeof(*l));
	l->dev = (unsigned long)st->st_dev;
	l->ino = st->st_ino;
	l->nlink = st->st_nlink;
	l->mode = st->st_mode; /* S_IF* and permission bits are the same */
	l->uid = st->st_uid;
	l->gid = st->st_gid;
	l->rdev = (unsigned long)st->st_rdev;
	l->size = st->st_size;
	l->blksize = st->st_blksize;
	l->blocks = st->st_blocks;
	l->atime = st->st_atim.tv_sec;
	l->atime_ns = st->st_atim.tv_nsec;
	l->mtime = st->st_mtim.tv_sec;
	l->mtime_ns = st->st_mtim.tv_nsec;
	l->ctime = st->st_ctim.tv_sec;
	l->ctime_ns = st->st_ctim.tv_nsec;
	return 0;
}

/* fcntl F_GETLK, F_SETLK, F_SETLKW with Linux's numbers and struct. */
static long fcntl_lock(long fd, long cmd, struct linux_flock *lf)
{
	struct flock fl;
	long c;

	if (!lf)
		return -EFAULT;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = (short)(lf->type + 1);
	fl.l_whence = lf->whence;
	fl.l_start = lf->start;
	fl.l_len = lf->len;
	c = uk_syscall_r(NR_FCNTL, fd, F_GETLK + (cmd - L_F_GETLK), (long)&fl,
			 0, 0, 0);
	if (c == 0 && cmd == L_F_GETLK)
		lf->type = (short)(fl.l_type - 1);
	return c;
}

static long call(long nr, long a1, long a2, long a3, long a4, long a5,
		 long a6)
{
	struct stat st;
	long c;

	switch (nr) {
	case NR_OPEN:
		return uk_syscall_r(nr, a1, flags_in(a2), a3, 0, 0, 0);
	case NR_UTIMENSAT:
		if (a4 & ~L_AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		return uk_syscall_r(nr, a1 == L_AT_FDCWD ? AT_FDCWD : a1, a2, a3,
				    (a4 & L_AT_SYMLINK_NOFOLLOW)
					    ? AT_SYMLINK_NOFOLLOW
					    : 0,
				    0, 0);
	case NR_OPENAT:
		return uk_syscall_r(nr, a1 == L_AT_FDCWD ? AT_FDCWD : a1, a2,
				    flags_in(a3), a4, 0, 0);
	case NR_STAT:
	case NR_LSTAT:
	case NR_FSTAT:
		return stat_out(uk_syscall_r(nr, a1, (long)&st, 0, 0, 0, 0),
				&st, a2);
	case NR_NEWFSTATAT:
		if ((a4 & L_AT_EMPTY_PATH) && !*(const char *)a2)
			c = uk_syscall_r(NR_FSTAT, a1, (long)&st, 0, 0, 0, 0);
		else if (a1 == L_AT_FDCWD || *(const char *)a2 == '/')
			c = uk_syscall_r((a4 & L_AT_SYMLINK_NOFOLLOW) ? NR_LSTAT
								      : NR_STAT,
					 a2, (long)&st, 0, 0, 0, 0);
		else
			c = uk_syscall_enosys("newfstatat relative to a dirfd");
		return stat_out(c, &st, a3);
	case NR_FCNTL:
		if (a2 >= L_F_GETLK && a2 <= L_F_SETLKW)
			return fcntl_lock(a1, a2, (struct linux_flock *)a3);
		if (a2 == L_F_SETFL)
			a3 = flags_in(a3);
		if (a2 == L_F_DUPFD_CLOEXEC)
			a2 = F_DUPFD_CLOEXEC;
		c = uk_syscall_r(nr, a1, a2, a3, 0, 0, 0);
		return a2 == L_F_GETFL && c >= 0 ? flags_out(c) : c;
	case NR_RT_SIGPROCMASK:
		/* Linux: 0 SIG_BLOCK, 1 SIG_UNBLOCK, 2 SIG_SETMASK */
		c = a1 == 0 ? SIG_BLOCK : a1 == 1 ? SIG_UNBLOCK
			  : a1 == 2 ? SIG_SETMASK : -1;
		return uk_syscall_r(nr, c, a2, a3, a4, 0, 0);
	case NR_CLOCK_GETTIME:
	case NR_CLOCK_GETRES:
		c = clock_in(a1);
		if (c < 0)
			return -EINVAL;
		return uk_syscall_r(nr, c, a2, 0, 0, 0, 0);
	default:
		return uk_syscall_r(nr, a1, a2, a3, a4, a5, a6);
	}
}

long uk_syscall_linux(long nr, long a1, long a2, long a3, long a4, long a5,
		      long a6)
{
	return call(nr, a1, a2, a3, a4, a5, a6);
}
