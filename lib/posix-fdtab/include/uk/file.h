/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Open files and the file descriptor table. A struct uk_file is what a
 * descriptor points to: operations, private data, flags and a position.
 * Several descriptors (dup) share one uk_file; it is released when the
 * last reference goes. Kernel code calls these with negative errnos;
 * applications use read(), write(), close() & co.
 *
 * Threads: the table is guarded by a spinlock (held only for a slot's
 * change), references are atomic, and with a scheduler a seekable file's
 * position is guarded by its poslock across each read or write, so that
 * reads and writes through one open file (dup'ed descriptors included) do
 * not lose or share a position, and O_APPEND writes through it never
 * overwrite each other (through different open files of one file too,
 * when the file has an append operation, as vfscore's files do).
 */
#ifndef UK_FILE_H
#define UK_FILE_H

#include <uk/essentials.h>
#include <sys/types.h>
#include <sys/stat.h>
#ifdef CONFIG_HAVE_SCHED
#include <uk/mutex.h>
#endif
#ifdef CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif

struct uk_file;
struct flock;

struct uk_file_ops {
	/*
	 * Read/write len bytes at off (the file's position; ignored by
	 * files that are not seekable). Returns the count or a negative
	 * errno. May block (console input, empty pipe) unless the file has
	 * O_NONBLOCK, then -EAGAIN.
	 */
	ssize_t (*read)(struct uk_file *f, void *buf, size_t len, off_t off);
	ssize_t (*write)(struct uk_file *f, const void *buf, size_t len,
			 off_t off);
	/*
	 * Optional: write len bytes at the end of the file as one step
	 * against every other writer of it (through any open file), and
	 * set *at to where they went. Returns the count or a negative
	 * errno. Without it an O_APPEND write asks fstat for the size and
	 * writes there, which is one step only against writers through f.
	 */
	ssize_t (*append)(struct uk_file *f, const void *buf, size_t len,
			  off_t *at);
	/* Fill st; 0 or a negative errno. Required. */
	int (*fstat)(struct uk_file *f, struct stat *st);
	/* Optional (NULL: -ENOTTY / -EINVAL / 0 / -EINVAL). */
	int (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	int (*truncate)(struct uk_file *f, off_t len);
	int (*fsync)(struct uk_file *f);
	/*
	 * Directory entries as struct dirent records (d_reclen set) from
	 * the file's position; returns bytes filled, 0 at the end.
	 */
	ssize_t (*getdents)(struct uk_file *f, void *buf, size_t len);
	/* POLLIN/POLLOUT/POLLHUP/POLLERR now true of the file. NULL: ready. */
	int (*poll)(struct uk_file *f);
	/*
	 * 1 if the file calls uk_file_event whenever its readiness may have
	 * changed, so poll, select and epoll can sleep until then; 0 and
	 * they look again every few milliseconds.
	 */
	int notifies;
	/*
	 * Optional: fcntl record locks (cmd F_GETLK, F_SETLK or F_SETLKW;
	 * F_GETLK fills fl) and flock (op LOCK_SH, LOCK_EX or LOCK_UN, with
	 * or without LOCK_NB). 0 or a negative errno. NULL: -EINVAL.
	 */
	int (*reclock)(struct uk_file *f, int cmd, struct flock *fl);
	int (*flock)(struct uk_file *f, int op);
	/*
	 * Optional: a descriptor of f was closed (close, or dup2/dup3 onto
	 * it); f still holds the table's reference while this runs.
	 */
	void (*fdclose)(struct uk_file *f);
	/*
	 * Optional (regular files; without it MAP_SHARED is -ENODEV):
	 * memory that shows the file's bytes [off, off + len) (off and len
	 * page-aligned) to every MAP_SHARED mapping of the file and to its
	 * read() and write() at once, in *mem; 0 or a negative errno.
	 * map_sync writes back what changed in [mem, mem + len) of it;
	 * unmap drops one use of what map gave.
	 */
	int (*map)(struct uk_file *f, off_t off, size_t len, void **mem);
	int (*map_sync)(struct uk_file *f, void *mem, size_t len);
	void (*unmap)(struct uk_file *f, void *mem);
	/* The last reference is gone. */
	void (*release)(struct uk_file *f);
};

struct uk_file {
	const struct uk_file_ops *ops;
	void *priv;
	int flags;     /* O_ACCMODE | O_APPEND | O_NONBLOCK */
	int seekable;  /* keeps a position; lseek works */
	off_t pos;     /* guarded by poslock */
	int refcount;  /* atomic */
	unsigned long events; /* uk_file_event calls so far */
	/* Unique among all files ever made: who holds no reference (epoll's
	 * entries) tells a new file at a freed one's address from the old. */
	unsigned long serial;
#ifdef CONFIG_HAVE_SCHED
	struct uk_mutex poslock; /* seekable files: one read/write at a time */
#endif
};

/*
 * A new file with one reference, or NULL without memory. flags are the
 * open() flags to keep.
 */
struct uk_file *uk_file_new(const struct uk_file_ops *ops, void *priv,
			    int flags, int seekable);
void uk_file_get(struct uk_file *f);
/*
 * A seekable file's position: one read, write, seek or directory read
 * through f at a time. Returns whether it locked (pass that to unlock).
 */
int uk_file_pos_lock(struct uk_file *f);
void uk_file_pos_unlock(struct uk_file *f, int locked);
/* Drop a reference; the last one calls ops->release and frees f. */
void uk_file_put(struct uk_file *f);

/*
 * Install f at the lowest free descriptor >= min; takes over the caller's
 * reference on success. Returns the descriptor, -EMFILE when the table is
 * full.
 */
int uk_fdtab_install(struct uk_file *f, int min, int cloexec);

/* The file at fd with a new reference (uk_file_put it), or NULL. */
struct uk_file *uk_fdtab_get(int fd);

/* Free fd; 0 or -EBADF. */
int uk_fdtab_close(int fd);

/* Descriptors in use (for tests and leak checks). */
int uk_fdtab_count(void);

/*
 * Readiness waits (poll, select, epoll): f's readiness may have changed
 * (data arrived, space freed, a peer closed). Wakes every waiter. Any
 * context, interrupt handlers included. f may be NULL (something
 * changed, no file in particular).
 */
void uk_file_event(struct uk_file *f);

/* A count that uk_file_event increments: read it before looking. */
unsigned long uk_file_event_count(void);

/*
 * Sleep until uk_file_event is called after the count was seen, or
 * until the monotonic clock reaches deadline (0: no limit). Returns
 * at once if the count has already moved. Returns 0, or -ECANCELED when
 * the thread has a cancellation request to act on (<uk/sched.h>): the
 * caller stops waiting and returns, and the call the application made
 * acts on it with uk_file_cancel_point() once it holds nothing. Thread
 * context; without a scheduler it only yields.
 */
int uk_file_event_wait(unsigned long seen, __nsec deadline);

/*
 * A cancellation point of a blocking call on files (read, write, poll,
 * accept ...): at entry and on the way out, with no reference held.
 */
static inline void uk_file_cancel_point(void)
{
#ifdef CONFIG_LIBUKSCHED
	uk_sched_cancel_point();
#endif
}

/*
 * The console as a file: its input side (UKPLAT_CONSOLE_IN, fd 0 at boot)
 * or its output side (UKPLAT_CONSOLE_OUT, fds 1 and 2). Both read and
 * write the console; they differ in whether they are a terminal
 * (ukplat_console_is_terminal). NULL without memory.
 */
struct uk_file *uk_console_file(int side);

#endif
