/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfscore: the virtual file system. File systems (ramfs, devfs, ...)
 * register a struct vfs_fstype; vfscore keeps the mount table, looks
 * paths up (with "..", symlinks and mount points), caches vnodes and
 * turns vnodes into open files of the descriptor table. Inside the kernel
 * every function returns 0 (or a count) or a negative errno; the POSIX
 * calls (open, stat, mkdir, ...) sit on top.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <uk/essentials.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#ifdef CONFIG_LIBVFSCORE_LOCKS
#include <uk/waitq.h>
#endif

struct vnode;
struct vfs_mount;

/*
 * The locks of vfscore and its file systems (doc/posix-and-vfs.md has what
 * each guards and the order they are taken in). With
 * CONFIG_LIBVFSCORE_LOCKS (always with the preemptive scheduler) a
 * vfs_lock is a sleeping lock: taking a free one is one atomic
 * compare-and-swap, releasing one nobody waits for one atomic exchange;
 * a thread that finds it held sleeps on its wait queue. Not recursive,
 * not fair (a running thread may take it before a woken waiter). Without
 * the option it is empty and locking compiles to nothing: a cooperative
 * thread is never interrupted inside a vfs operation, none of which
 * yields. Thread context only.
 */
#ifdef CONFIG_LIBVFSCORE_LOCKS
struct vfs_lock {
	int state; /* 0 free, 1 held, 2 held and perhaps waited for */
	struct uk_waitq wq;
};
#define VFS_LOCK_INITIALIZER(name) { 0, UK_WAITQ_INITIALIZER((name).wq) }

void vfs_lock_init(struct vfs_lock *l);
/* The slow paths: the lock was held, or is wanted by a sleeper. */
void vfs_lock_wait(struct vfs_lock *l);
void vfs_lock_wake(struct vfs_lock *l);

static inline void vfs_lock(struct vfs_lock *l)
{
	int free = 0;

	if (!__atomic_compare_exchange_n(&l->state, &free, 1, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		vfs_lock_wait(l);
}

static inline void vfs_unlock(struct vfs_lock *l)
{
	if (__atomic_exchange_n(&l->state, 0, __ATOMIC_RELEASE) == 2)
		vfs_lock_wake(l);
}
#else
struct vfs_lock {
};
#define VFS_LOCK_INITIALIZER(name) { }

static inline void vfs_lock_init(struct vfs_lock *l)
{
	(void)l;
}

static inline void vfs_lock(struct vfs_lock *l)
{
	(void)l;
}

static inline void vfs_unlock(struct vfs_lock *l)
{
	(void)l;
}
#endif

/*
 * Locks held when vfscore calls these (the file system needs none of its
 * own for what a vnode lock guards): "dir" or "vp" locked means that
 * vnode's lock; "names" means the mount's nslock, held by every call that
 * adds, removes or moves a name. Device files (S_ISCHR) are called
 * without their vnode lock for read, write, ioctl and poll: a console
 * read may wait for ever, and a device keeps no state vfscore guards.
 */
struct vnode_ops {
	/*
	 * Find name (never "." or ".."; len <= NAME_MAX) in directory dir.
	 * dir locked (vfscore makes the vnode before unlocking it, so the
	 * node cannot go in between).
	 */
	int (*lookup)(struct vnode *dir, const char *name, size_t len,
		      __u64 *ino);
	/*
	 * The directory that holds dir (dir is not the file system root).
	 * names held (a rename may move dir otherwise).
	 */
	int (*parent)(struct vnode *dir, __u64 *ino);
	/*
	 * Make name in dir: mode's type is S_IFREG, S_IFDIR or S_IFLNK
	 * (target is then the link's text). -EEXIST if it exists. names
	 * held, dir locked.
	 */
	int (*create)(struct vnode *dir, const char *name, size_t len,
		      mode_t mode, const char *target, __u64 *ino);
	/*
	 * Remove name from dir; isdir says which of rmdir (-ENOTDIR,
	 * -ENOTEMPTY) or unlink (-EISDIR) is meant. names held, dir locked.
	 */
	int (*remove)(struct vnode *dir, const char *name, size_t len,
		      int isdir);
	/*
	 * Move oname of odir to nname of ndir (same file system). names
	 * held, odir and ndir locked.
	 */
	int (*rename)(struct vnode *odir, const char *oname, size_t olen,
		      struct vnode *ndir, const char *nname, size_t nlen);
	/* Another name for vp (a hard link); optional (-EPERM). As create. */
	int (*link)(struct vnode *dir, const char *name, size_t len,
		    struct vnode *vp);
	/* These: vp locked (devices: see above). */
	ssize_t (*read)(struct vnode *vp, void *buf, size_t len, off_t off);
	ssize_t (*write)(struct vnode *vp, const void *buf, size_t len,
			 off_t off);
	int (*truncate)(struct vnode *vp, off_t len);
	int (*getattr)(struct vnode *vp, struct stat *st);
	int (*chmod)(struct vnode *vp, mode_t mode);
	/*
	 * Optional (-EPERM): the owner; (uid_t)-1 or (gid_t)-1 keep that
	 * one. Sets the change time.
	 */
	int (*chown)(struct vnode *vp, uid_t uid, gid_t gid);
	/*
	 * Optional (-EPERM): access and modification times, each NULL to
	 * keep it (vfscore has resolved UTIME_NOW). Sets the change time.
	 */
	int (*utimens)(struct vnode *vp, const struct timespec *atime,
		       const struct timespec *mtime);
	/* A symlink's text, not NUL terminated; returns its length. */
	ssize_t (*readlink)(struct vnode *vp, char *buf, size_t len);
	/*
	 * Directory entry number *pos (0, 1, ...): fills d_ino, d_type,
	 * d_name and advances *pos. Returns 1, or 0 after the last one.
	 */
	int (*readdir)(struct vnode *vp, off_t *pos, struct dirent *d);
	/*
	 * Optional: make vp's data and what the file system needs to find
	 * it durable (fsync, fdatasync). Without it fsync succeeds (the
	 * file system keeps nothing that could be lost, as ramfs). vp locked.
	 */
	int (*fsync)(struct vnode *vp);
	/* Optional, for device files. */
	int (*ioctl)(struct vnode *vp, unsigned long req, void *arg);
	int (*poll)(struct vnode *vp);
	/*
	 * The last reference to the vnode is gone; optional. Called with the
	 * vnode cache locked: the inode cannot get a new vnode meanwhile.
	 */
	void (*inactive)(struct vnode *vp);
};

struct vfs_fstype {
	const char *name;
	/* Set mp->root_ino and mp->data. source/data as mount(2) has them. */
	int (*mount)(struct vfs_mount *mp, const char *source,
		     const void *data);
	/*
	 * Free what mount made: nothing of mp is in use any more (its root
	 * vnode is gone too). Its result is not looked at: it cannot fail.
	 */
	int (*unmount)(struct vfs_mount *mp);
	/*
	 * Fill vp->data and vp->mode for inode vp->ino. Called with the
	 * vnode cache locked, and (but for a mount's root) with the lock of
	 * the directory that named ino, or names held (".." and getcwd).
	 */
	int (*vget)(struct vfs_mount *mp, struct vnode *vp);
	const struct vnode_ops *vops;
};

/* File systems put themselves in the linker section uk_fstab. */
#define UK_FS_REGISTER(fst)                                                    \
	static const struct vfs_fstype *const __used __section("uk_fstab")     \
		__align(8) UK_CONCAT(__uk_fstab_, __LINE__) = &(fst)

struct vfs_mount {
	const struct vfs_fstype *fs;
	void *data;             /* the file system's */
	__u64 root_ino;
	struct vnode *root;     /* the root vnode (held while mounted) */
	struct vnode *covered;  /* the directory it is mounted on, or NULL */
	char path[64];          /* where, for messages and listings */
	int flags;
	int nvnodes;            /* vnodes of this mount: the cache lock */
	struct vfs_mount *next; /* the mount table's lock */
	/* "names": held across every change of a name in this mount */
	struct vfs_lock nslock;
};

struct vfs_mapchunk;

struct vnode {
	struct vfs_mount *mount;
	__u64 ino;
	mode_t mode;               /* type (fixed); permissions: lock */
	int refcount;              /* atomic; drops to 0 under the cache lock */
	void *data;                /* the file system's node: lock */
	struct vfs_mount *mounted; /* a file system mounted here: mount table */
	struct vnode *hnext;       /* vnode cache chain: the cache lock */
	/* the node's data, size and directory entries (see vnode_ops) */
	struct vfs_lock lock;
	struct vfs_reclock *reclocks; /* record locks, by start: lock */
	struct vfs_flock *flocks;     /* flock holders: lock */
	struct vfs_mapchunk *mapped;  /* MAP_SHARED pages (mapped.c): lock */
};

/*
 * File locks (lib/vfscore/filelock.c). Record locks (fcntl F_SETLK & co.)
 * belong to the process, which is the whole image: they never conflict
 * with each other, and are kept as disjoint ranges sorted by start, one
 * list per vnode, so that setting, splitting, merging and releasing them
 * follow POSIX. flock locks belong to an open file and do conflict.
 */
struct vfs_reclock {
	struct vfs_reclock *next;
	off_t start, end; /* inclusive; end VFS_OFF_MAX: to the end, however far */
	int type;         /* F_RDLCK or F_WRLCK */
};

#define VFS_OFF_MAX ((off_t)(~0ULL >> 1))

/*
 * With vp locked: make [start, end] of vp's record locks type (F_RDLCK,
 * F_WRLCK; F_UNLCK removes them), splitting and merging neighbours.
 * 0 or -ENOLCK (no memory; nothing changed).
 */
int vfs_reclock_set(struct vnode *vp, int type, off_t start, off_t end);
/*
 * Copy up to max record locks of the file at fd into out (next left
 * unset). Returns how many it holds, or -EBADF (tests).
 */
int vfs_reclock_list(int fd, struct vfs_reclock *out, int max);

/*
 * The vnode of inode ino of mp, from the cache or made by the file
 * system's vget, with a new reference. 0 or a negative errno.
 */
int vfs_vget(struct vfs_mount *mp, __u64 ino, struct vnode **vpp);
/* Another reference to vp, which the caller holds one of. */
void vfs_vref(struct vnode *vp);
/*
 * Drop a reference; the last one calls inactive and frees the vnode. Not
 * with vp's own lock held.
 */
void vfs_vrele(struct vnode *vp);
/* vnodes in the cache (tests). */
int vfs_vnode_count(void);

/*
 * Mount file system type fstype (by name) on directory target ("/" for
 * the first one). -ENODEV for an unknown type, -ENOENT/-ENOTDIR for a bad
 * target, -EBUSY if something is mounted there already.
 */
int vfs_mount(const char *source, const char *target, const char *fstype,
	      int flags, const void *data);
/* The name of the i-th file system type of the image; NULL past the last. */
const char *vfs_fstype_name(unsigned int i);
/* Unmount what is mounted on target; -EBUSY while files are open in it. */
int vfs_unmount(const char *target);
/* The mount table, in mount order (tests, /proc-like listings). */
struct vfs_mount *vfs_mounts(void);

#define VFS_LOOKUP_FOLLOW 0x1 /* follow a symlink in the last component */
#define VFS_LOOKUP_PARENT 0x2 /* also return the parent and last name */

struct vfs_nameidata {
	struct vnode *vp;  /* the file (ref'd), NULL if PARENT and missing */
	struct vnode *dvp; /* PARENT: its directory (ref'd), else NULL */
	char last[256];    /* PARENT: the last component ("" for "/") */
	int slash;         /* the path ended in '/' */
};

/*
 * Look path up relative to dirfd (AT_FDCWD: the working directory).
 * -ENOENT, -ENOTDIR (a component is no directory), -ENAMETOOLONG (a
 * component over NAME_MAX or the path over PATH_MAX), -ELOOP (more than
 * 40 symlinks), -EBADF (bad dirfd). Release nd->vp and nd->dvp with
 * vfs_nd_release.
 */
int vfs_lookup(int dirfd, const char *path, int flags,
	       struct vfs_nameidata *nd);
void vfs_nd_release(struct vfs_nameidata *nd);

/* The root and the working directory (new references). */
struct vnode *vfs_root(void);
struct vnode *vfs_cwd(void);

/* Open vp as a file with open() flags; returns a descriptor or -errno. */
int vfs_open_vnode(struct vnode *vp, int flags);

/*
 * The initrd (vfs.rootfs=initrd, or an fstab entry of type extract): a
 * library that can unpack the platform's initrd (ukcpio) registers its
 * unpacker here at library init (uk_lib_initcall); the automount calls it
 * in the rootfs init class with the directory to unpack into and the
 * setting that asked for it (for messages). The unpacker returns 0 or a
 * negative errno (the boot stops). Returns 0, or -EBUSY when one is
 * registered already.
 */
int vfs_initrd_unpacker_register(int (*unpack)(const char *dest,
					       const char *who));

/*
 * A file system that can offer a root nobody asked for (9pfs: the first
 * shared directory the image was started with) registers at library
 * init: find fills source (len bytes) and returns 1, or 0 when there is
 * nothing to offer. The automount asks when neither vfs.fstab nor
 * vfs.rootfs= chose the root and the configured root is ramfs; the first
 * offer wins. A negative errno from find stops the boot (find said why).
 * Returns 0, or -ENOSPC past 4 of them.
 */
int vfs_default_root_register(const char *fstype,
			      int (*find)(char *source, __sz len));

#endif
