/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P2000.L: devices, messages and a client.
 *
 * Devices. A transport driver (virtio-9p) fills a struct uk_9pdev (its
 * request operation and mount tag) and registers it at probe time;
 * users find it by tag. A request is one T-message out and one R-message
 * back, each given as a list of buffers, so that file data moves straight
 * between the caller's buffer and the device.
 *
 * Messages. struct uk_9p_msg writes and reads the protocol's little-endian
 * fields with bounds checks (a short or overlong field sets err).
 *
 * Client. struct uk_9p_client speaks to one device: uk_9p_connect
 * negotiates msize (Tversion), then each uk_9p_* call is one request (reads
 * and writes: as many as the msize needs). Every call returns 0 (or a
 * count) or a negative errno: the server's Rlerror number turned into
 * this image's errno, -EPROTO for a malformed or unexpected reply, or the
 * transport's error. Calls may come from several threads at once (tags
 * and fids are handed out atomically); thread context (they sleep).
 */
#ifndef UK_9P_H
#define UK_9P_H

#include <uk/essentials.h>

/* Message types (T; the R is T + 1). */
#define UK_9P_RLERROR 7
#define UK_9P_TSTATFS 8
#define UK_9P_TLOPEN 12
#define UK_9P_TLCREATE 14
#define UK_9P_TSYMLINK 16
#define UK_9P_TREADLINK 22
#define UK_9P_TGETATTR 24
#define UK_9P_TSETATTR 26
#define UK_9P_TREADDIR 40
#define UK_9P_TFSYNC 50
#define UK_9P_TLINK 70
#define UK_9P_TMKDIR 72
#define UK_9P_TRENAMEAT 74
#define UK_9P_TUNLINKAT 76
#define UK_9P_TVERSION 100
#define UK_9P_TATTACH 104
#define UK_9P_TWALK 110
#define UK_9P_TREAD 116
#define UK_9P_TWRITE 118
#define UK_9P_TCLUNK 120

#define UK_9P_NOTAG 0xffff
#define UK_9P_NOFID 0xffffffffU
#define UK_9P_MAXWELEM 16
#define UK_9P_HDRSZ 7    /* size[4] type[1] tag[2] */
#define UK_9P_IOHDRSZ 24 /* what Twrite/Rread add to the data */

/* qid.type bits */
#define UK_9P_QTDIR 0x80
#define UK_9P_QTSYMLINK 0x02

/* Tlopen/Tlcreate flags: Linux's open flags. */
#define UK_9P_O_RDONLY 0
#define UK_9P_O_WRONLY 1
#define UK_9P_O_RDWR 2
#define UK_9P_O_CREAT 0100
#define UK_9P_O_EXCL 0200
#define UK_9P_O_TRUNC 01000
#define UK_9P_O_APPEND 02000
#define UK_9P_O_DIRECTORY 0200000

/* Tunlinkat flags */
#define UK_9P_AT_REMOVEDIR 0x200

/* Tgetattr mask / Rgetattr valid */
#define UK_9P_GETATTR_BASIC 0x7ffULL

/* Tsetattr valid */
#define UK_9P_SETATTR_MODE 0x1
#define UK_9P_SETATTR_UID 0x2
#define UK_9P_SETATTR_GID 0x4
#define UK_9P_SETATTR_SIZE 0x8
#define UK_9P_SETATTR_ATIME 0x10
#define UK_9P_SETATTR_MTIME 0x20
#define UK_9P_SETATTR_CTIME 0x40
#define UK_9P_SETATTR_ATIME_SET 0x80
#define UK_9P_SETATTR_MTIME_SET 0x100

/* ---- devices ---------------------------------------------------------- */

struct uk_9p_iov {
	void *base;
	__u32 len;
};

struct uk_9pdev;

struct uk_9pdev_ops {
	/*
	 * Send the message in tx[0..ntx) (its size field is set) and wait
	 * for the reply, which the device writes into rx[0..nrx) in order
	 * (at most their total length). *rxlen: bytes of the reply.
	 * Returns 0, or -EIO if the device failed. Several threads may be
	 * inside at once; thread context, or boot before the scheduler.
	 */
	int (*request)(struct uk_9pdev *dev, const struct uk_9p_iov *tx,
		       unsigned int ntx, const struct uk_9p_iov *rx,
		       unsigned int nrx, __u32 *rxlen);
};

struct uk_9pdev {
	const struct uk_9pdev_ops *ops;
	const char *drv_name; /* "virtio-9p" */
	char tag[64];         /* the mount tag, NUL terminated */
	__u32 max_msize;      /* the transport's limit on a message; 0: none */
};

/*
 * Add dev to the registry (a driver, at probe time). -ENOSPC past
 * CONFIG_LIBUK9P_MAXDEVS, -EEXIST for a tag already registered (both
 * named on the console).
 */
int uk_9pdev_register(struct uk_9pdev *dev);
/* The device with mount tag tag, or NULL. */
struct uk_9pdev *uk_9pdev_find(const char *tag);
/* Registered devices, in probe order (i < uk_9pdev_count()). */
unsigned int uk_9pdev_count(void);
struct uk_9pdev *uk_9pdev_get(unsigned int i);

/* ---- messages ----------------------------------------------------------- */

struct uk_9p_qid {
	__u8 type;
	__u32 version;
	__u64 path;
};

/*
 * A message being written (put: len grows) or read (get: pos grows).
 * err is set by a field that does not fit; later calls do nothing.
 */
struct uk_9p_msg {
	__u8 *buf;
	__u32 cap; /* bytes of buf */
	__u32 len; /* bytes written, or bytes held when reading */
	__u32 pos; /* next byte to read */
	int err;
};

void uk_9p_msg_init(struct uk_9p_msg *m, void *buf, __u32 cap);
/* Start a message: size (set by uk_9p_msg_finish), type, tag. */
void uk_9p_msg_begin(struct uk_9p_msg *m, __u8 type, __u16 tag);
/*
 * Set the size field to len + extra (data sent in a second buffer).
 * Returns 0, or -EMSGSIZE after an overflow.
 */
int uk_9p_msg_finish(struct uk_9p_msg *m, __u32 extra);
void uk_9p_put8(struct uk_9p_msg *m, __u8 v);
void uk_9p_put16(struct uk_9p_msg *m, __u16 v);
void uk_9p_put32(struct uk_9p_msg *m, __u32 v);
void uk_9p_put64(struct uk_9p_msg *m, __u64 v);
/* A string: len[2] then the bytes (len < 65536). */
void uk_9p_putstr(struct uk_9p_msg *m, const char *s, __sz len);
void uk_9p_putqid(struct uk_9p_msg *m, const struct uk_9p_qid *q);
__u8 uk_9p_get8(struct uk_9p_msg *m);
__u16 uk_9p_get16(struct uk_9p_msg *m);
__u32 uk_9p_get32(struct uk_9p_msg *m);
__u64 uk_9p_get64(struct uk_9p_msg *m);
/*
 * A string into out (cap bytes, NUL terminated); its length, or sets err
 * when it does not fit.
 */
__sz uk_9p_getstr(struct uk_9p_msg *m, char *out, __sz cap);
void uk_9p_getqid(struct uk_9p_msg *m, struct uk_9p_qid *q);

/* ---- the client ----------------------------------------------------------- */

struct uk_9p_client {
	struct uk_9pdev *dev;
	__u32 msize;    /* negotiated */
	__u32 next_fid; /* atomic */
	__u16 next_tag; /* atomic */
};

struct uk_9p_attr {
	__u64 valid;
	struct uk_9p_qid qid;
	__u32 mode, uid, gid;
	__u64 nlink, rdev, size, blksize, blocks;
	__u64 atime_sec, atime_nsec, mtime_sec, mtime_nsec;
	__u64 ctime_sec, ctime_nsec;
};

struct uk_9p_setattr {
	__u32 valid; /* UK_9P_SETATTR_* */
	__u32 mode, uid, gid;
	__u64 size;
	__u64 atime_sec, atime_nsec, mtime_sec, mtime_nsec;
};

struct uk_9p_statfs {
	__u32 type, bsize;
	__u64 blocks, bfree, bavail, files, ffree, fsid;
	__u32 namelen;
};

struct uk_9p_dirent {
	struct uk_9p_qid qid;
	__u64 offset; /* where the next entry starts (for Treaddir) */
	__u8 type;    /* DT_* */
	char name[256];
};

/*
 * Tversion "9P2000.L" with msize (capped by the device's limit); the
 * reply's msize (smaller or equal, at least 4096) is kept. -EPROTO if the
 * server speaks another version.
 */
int uk_9p_connect(struct uk_9p_client *c, struct uk_9pdev *dev, __u32 msize);
/* A fid no other call of this client uses (never reused). */
__u32 uk_9p_fid_new(struct uk_9p_client *c);

int uk_9p_attach(struct uk_9p_client *c, __u32 fid, const char *uname,
		 const char *aname, __u32 n_uname, struct uk_9p_qid *qid);
/*
 * Walk newfid from fid along names[0..n) (n <= UK_9P_MAXWELEM; n = 0
 * clones fid). qid: the last one's. -ENOENT when the server walked only
 * part of the way (newfid is then not made).
 */
int uk_9p_walk(struct uk_9p_client *c, __u32 fid, __u32 newfid,
	       unsigned int n, const char *const names[],
	       struct uk_9p_qid *qid);
int uk_9p_lopen(struct uk_9p_client *c, __u32 fid, __u32 flags,
		struct uk_9p_qid *qid, __u32 *iounit);
/* Create name in directory fid, which becomes the open new file. */
int uk_9p_lcreate(struct uk_9p_client *c, __u32 fid, const char *name,
		  __u32 flags, __u32 mode, __u32 gid, struct uk_9p_qid *qid,
		  __u32 *iounit);
/*
 * Read up to len bytes at off, in requests of at most msize - 24 bytes;
 * stops early at a short reply (the end of the file). Returns the count.
 */
__ssz uk_9p_read(struct uk_9p_client *c, __u32 fid, __u64 off, void *buf,
		 __sz len);
/* Write len bytes at off, split as uk_9p_read; stops at a short count. */
__ssz uk_9p_write(struct uk_9p_client *c, __u32 fid, __u64 off,
		  const void *buf, __sz len);
int uk_9p_clunk(struct uk_9p_client *c, __u32 fid);
int uk_9p_getattr(struct uk_9p_client *c, __u32 fid, __u64 mask,
		  struct uk_9p_attr *attr);
int uk_9p_setattr(struct uk_9p_client *c, __u32 fid,
		  const struct uk_9p_setattr *attr);
/*
 * Raw directory entries from offset (0: the start) into buf (at most
 * msize - 24 bytes are asked for); bytes returned, 0 at the end. Parse
 * them with uk_9p_dirent_next.
 */
__ssz uk_9p_readdir(struct uk_9p_client *c, __u32 fid, __u64 offset,
		    void *buf, __u32 len);
/*
 * The entry at *pos of a readdir buffer of len bytes; advances *pos.
 * Returns 1, 0 at the end of the buffer, -EPROTO for a malformed one.
 */
int uk_9p_dirent_next(const void *buf, __u32 len, __u32 *pos,
		      struct uk_9p_dirent *d);
int uk_9p_mkdir(struct uk_9p_client *c, __u32 dfid, const char *name,
		__u32 mode, __u32 gid, struct uk_9p_qid *qid);
int uk_9p_symlink(struct uk_9p_client *c, __u32 dfid, const char *name,
		  const char *target, __u32 gid, struct uk_9p_qid *qid);
int uk_9p_link(struct uk_9p_client *c, __u32 dfid, __u32 fid,
	       const char *name);
int uk_9p_unlinkat(struct uk_9p_client *c, __u32 dfid, const char *name,
		   __u32 flags);
int uk_9p_renameat(struct uk_9p_client *c, __u32 olddfid, const char *oldname,
		   __u32 newdfid, const char *newname);
/* The link's text into buf (len bytes, not NUL terminated); its length. */
__ssz uk_9p_readlink(struct uk_9p_client *c, __u32 fid, char *buf, __sz len);
int uk_9p_fsync(struct uk_9p_client *c, __u32 fid, int datasync);
int uk_9p_statfs(struct uk_9p_client *c, __u32 fid, struct uk_9p_statfs *st);

#endif
