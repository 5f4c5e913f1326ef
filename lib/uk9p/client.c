/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P2000.L client: each call builds its T-message in a buffer of its
 * own (so calls from several threads never share one), hands it to the
 * device with the reply buffers, and checks the reply: its size against
 * what arrived, its type (T + 1, or Rlerror), its tag. File data of
 * Tread/Twrite/Treaddir travels in a second buffer (the caller's), so the
 * header buffer of those replies is exactly the 11 bytes before the data
 * (an Rlerror is 11 bytes too).
 */
#include <uk/9p.h>
#include <uk/errno_linux.h>
#include <uk/alloc.h>
#include <string.h>
#include <errno.h>

#define VERSION "9P2000.L"
#define RW_HDR 11      /* size type tag count: before Rread/Rreaddir data */
#define SMALL_REPLY 256 /* fits every fixed-size reply (Rgetattr: 160) */

struct call {
	struct uk_9p_msg t, r;
	__u16 tag;
	__u8 type;
	__u8 mem[]; /* the T buffer, then the R buffer */
};

/* A call for a T-message of at most tcap bytes and a reply of rcap. */
static struct call *call_new(struct uk_9p_client *c, __u8 type, __u32 tcap,
			     __u32 rcap)
{
	struct call *k = uk_malloc(uk_alloc_get_default(),
				   sizeof(*k) + tcap + rcap);

	if (!k)
		return NULL;
	if (type == UK_9P_TVERSION) {
		k->tag = UK_9P_NOTAG;
	} else {
		do
			k->tag = __atomic_fetch_add(&c->next_tag, 1,
						    __ATOMIC_RELAXED);
		while (k->tag == UK_9P_NOTAG);
	}
	k->type = type;
	uk_9p_msg_init(&k->t, k->mem, tcap);
	uk_9p_msg_init(&k->r, k->mem + tcap, rcap);
	uk_9p_msg_begin(&k->t, type, k->tag);
	return k;
}

static void call_free(struct call *k)
{
	uk_free(uk_alloc_get_default(), k);
}

/*
 * Send k->t, then tdata (tdlen bytes); the reply goes to k->r's buffer,
 * then to rdata (rdcap bytes; *rdlen: how many landed there). Returns 0
 * with k->r positioned after the header, or a negative errno.
 */
static int call_run(struct uk_9p_client *c, struct call *k, const void *tdata,
		    __u32 tdlen, void *rdata, __u32 rdcap, __u32 *rdlen)
{
	struct uk_9p_iov tx[2] = { { k->t.buf, k->t.len },
				   { (void *)tdata, tdlen } };
	struct uk_9p_iov rx[2] = { { k->r.buf, k->r.cap }, { rdata, rdcap } };
	__u32 rxlen = 0, size;
	__u8 type;
	__u16 tag;
	int rc;

	rc = uk_9p_msg_finish(&k->t, tdlen);
	if (rc < 0)
		return rc;
	tx[0].len = k->t.len;
	rc = c->dev->ops->request(c->dev, tx, tdlen ? 2 : 1, rx, rdata ? 2 : 1,
				  &rxlen);
	if (rc < 0)
		return rc;
	if (rxlen < UK_9P_HDRSZ || rxlen > k->r.cap + (rdata ? rdcap : 0))
		return -EPROTO;
	k->r.len = rxlen < k->r.cap ? rxlen : k->r.cap;
	k->r.pos = 0;
	size = uk_9p_get32(&k->r);
	type = uk_9p_get8(&k->r);
	tag = uk_9p_get16(&k->r);
	if (size != rxlen || tag != k->tag)
		return -EPROTO;
	if (type == UK_9P_RLERROR) {
		__u32 ecode = uk_9p_get32(&k->r);

		if (k->r.err || ecode == 0 || ecode > 0xffff)
			return -EPROTO;
		return -uk_errno_from_linux((int)ecode);
	}
	if (type != k->type + 1)
		return -EPROTO;
	if (rdlen)
		*rdlen = rxlen > k->r.cap ? rxlen - k->r.cap : 0;
	return 0;
}

/* Run a call without data and free it; 0 or a negative errno. */
static int call_simple(struct uk_9p_client *c, struct call *k)
{
	int rc = call_run(c, k, NULL, 0, NULL, 0, NULL);

	call_free(k);
	return rc;
}

/* A reply read to its end without error and nothing left over? */
static int reply_ok(struct call *k)
{
	return !k->r.err && k->r.pos == k->r.len ? 0 : -EPROTO;
}

int uk_9p_connect(struct uk_9p_client *c, struct uk_9pdev *dev, __u32 msize)
{
	char version[16];
	struct call *k;
	__u32 got;
	int rc;

	c->dev = dev;
	c->next_fid = 1;
	c->next_tag = 1;
	if (dev->max_msize && msize > dev->max_msize)
		msize = dev->max_msize;
	c->msize = msize;
	k = call_new(c, UK_9P_TVERSION, 64, 64);
	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, msize);
	uk_9p_putstr(&k->t, VERSION, strlen(VERSION));
	rc = call_run(c, k, NULL, 0, NULL, 0, NULL);
	if (rc == 0) {
		got = uk_9p_get32(&k->r);
		uk_9p_getstr(&k->r, version, sizeof(version));
		rc = reply_ok(k);
		if (rc == 0 && (strcmp(version, VERSION) || got < 4096 ||
				got > msize))
			rc = -EPROTO;
		if (rc == 0)
			c->msize = got;
	}
	call_free(k);
	return rc;
}

__u32 uk_9p_fid_new(struct uk_9p_client *c)
{
	__u32 fid;

	do
		fid = __atomic_fetch_add(&c->next_fid, 1, __ATOMIC_RELAXED);
	while (fid == UK_9P_NOFID);
	return fid;
}

/* Calls whose reply is one qid (Rattach, Rmkdir, Rsymlink). */
static int run_qid(struct uk_9p_client *c, struct call *k,
		   struct uk_9p_qid *qid)
{
	int rc = call_run(c, k, NULL, 0, NULL, 0, NULL);

	if (rc == 0) {
		struct uk_9p_qid q;

		uk_9p_getqid(&k->r, &q);
		rc = reply_ok(k);
		if (rc == 0 && qid)
			*qid = q;
	}
	call_free(k);
	return rc;
}

/* Calls whose reply is a qid and an iounit (Rlopen, Rlcreate). */
static int run_open(struct uk_9p_client *c, struct call *k,
		    struct uk_9p_qid *qid, __u32 *iounit)
{
	int rc = call_run(c, k, NULL, 0, NULL, 0, NULL);

	if (rc == 0) {
		struct uk_9p_qid q;
		__u32 io;

		uk_9p_getqid(&k->r, &q);
		io = uk_9p_get32(&k->r);
		rc = reply_ok(k);
		if (rc == 0 && qid)
			*qid = q;
		if (rc == 0 && iounit)
			*iounit = io;
	}
	call_free(k);
	return rc;
}

static __u32 strsz(const char *s)
{
	return 2 + (__u32)strnlen(s, 0x10000);
}

int uk_9p_attach(struct uk_9p_client *c, __u32 fid, const char *uname,
		 const char *aname, __u32 n_uname, struct uk_9p_qid *qid)
{
	struct call *k = call_new(c, UK_9P_TATTACH,
				  32 + strsz(uname) + strsz(aname),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put32(&k->t, UK_9P_NOFID);
	uk_9p_putstr(&k->t, uname, strlen(uname));
	uk_9p_putstr(&k->t, aname, strlen(aname));
	uk_9p_put32(&k->t, n_uname);
	return run_qid(c, k, qid);
}

int uk_9p_walk(struct uk_9p_client *c, __u32 fid, __u32 newfid,
	       unsigned int n, const char *const names[],
	       struct uk_9p_qid *qid)
{
	__u32 tcap = 32;
	struct call *k;
	__u16 nqid;
	int rc;

	if (n > UK_9P_MAXWELEM)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		tcap += strsz(names[i]);
	k = call_new(c, UK_9P_TWALK, tcap, 16 + 13 * UK_9P_MAXWELEM);
	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put32(&k->t, newfid);
	uk_9p_put16(&k->t, (__u16)n);
	for (unsigned int i = 0; i < n; i++)
		uk_9p_putstr(&k->t, names[i], strlen(names[i]));
	rc = call_run(c, k, NULL, 0, NULL, 0, NULL);
	if (rc == 0) {
		struct uk_9p_qid q = { 0 };

		nqid = uk_9p_get16(&k->r);
		if (nqid > n)
			rc = -EPROTO;
		for (unsigned int i = 0; rc == 0 && i < nqid; i++)
			uk_9p_getqid(&k->r, &q);
		if (rc == 0)
			rc = reply_ok(k);
		/* a partial walk makes no fid (the first name failed: Rlerror) */
		if (rc == 0 && nqid < n)
			rc = -ENOENT;
		if (rc == 0 && qid && n)
			*qid = q;
	}
	call_free(k);
	return rc;
}

int uk_9p_lopen(struct uk_9p_client *c, __u32 fid, __u32 flags,
		struct uk_9p_qid *qid, __u32 *iounit)
{
	struct call *k = call_new(c, UK_9P_TLOPEN, 32, SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put32(&k->t, flags);
	return run_open(c, k, qid, iounit);
}

int uk_9p_lcreate(struct uk_9p_client *c, __u32 fid, const char *name,
		  __u32 flags, __u32 mode, __u32 gid, struct uk_9p_qid *qid,
		  __u32 *iounit)
{
	struct call *k = call_new(c, UK_9P_TLCREATE, 32 + strsz(name),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_putstr(&k->t, name, strlen(name));
	uk_9p_put32(&k->t, flags);
	uk_9p_put32(&k->t, mode);
	uk_9p_put32(&k->t, gid);
	return run_open(c, k, qid, iounit);
}

/* Bytes of data one Tread/Twrite/Treaddir may carry. */
static __u32 io_max(struct uk_9p_client *c)
{
	return c->msize - UK_9P_IOHDRSZ;
}

/* One Tread (or Treaddir) of up to len bytes into buf; the count. */
static __ssz read_once(struct uk_9p_client *c, __u8 type, __u32 fid,
		       __u64 off, void *buf, __u32 len)
{
	struct call *k = call_new(c, type, 32, RW_HDR);
	__u32 count, got = 0;
	__ssz rc;

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put64(&k->t, off);
	uk_9p_put32(&k->t, len);
	rc = call_run(c, k, NULL, 0, buf, len, &got);
	if (rc == 0) {
		count = uk_9p_get32(&k->r);
		rc = reply_ok(k);
		if (rc == 0 && (count > len || count != got))
			rc = -EPROTO;
		if (rc == 0)
			rc = (__ssz)count;
	}
	call_free(k);
	return rc;
}

__ssz uk_9p_read(struct uk_9p_client *c, __u32 fid, __u64 off, void *buf,
		 __sz len)
{
	__sz done = 0;

	while (done < len) {
		__u32 n = len - done < io_max(c) ? (__u32)(len - done)
						  : io_max(c);
		__ssz r = read_once(c, UK_9P_TREAD, fid, off + done,
				    (char *)buf + done, n);

		if (r < 0)
			return done ? (__ssz)done : r;
		done += (__sz)r;
		if ((__u32)r < n)
			break; /* the end of the file */
	}
	return (__ssz)done;
}

__ssz uk_9p_write(struct uk_9p_client *c, __u32 fid, __u64 off,
		  const void *buf, __sz len)
{
	__sz done = 0;

	while (done < len) {
		__u32 n = len - done < io_max(c) ? (__u32)(len - done)
						  : io_max(c);
		struct call *k = call_new(c, UK_9P_TWRITE, 32, SMALL_REPLY);
		__ssz r;

		if (!k)
			return done ? (__ssz)done : -ENOMEM;
		uk_9p_put32(&k->t, fid);
		uk_9p_put64(&k->t, off + done);
		uk_9p_put32(&k->t, n);
		r = call_run(c, k, (const char *)buf + done, n, NULL, 0, NULL);
		if (r == 0) {
			__u32 count = uk_9p_get32(&k->r);

			r = reply_ok(k);
			if (r == 0 && count > n)
				r = -EPROTO;
			if (r == 0)
				r = (__ssz)count;
		}
		call_free(k);
		if (r < 0)
			return done ? (__ssz)done : r;
		done += (__sz)r;
		if ((__u32)r < n)
			break;
	}
	return (__ssz)done;
}

int uk_9p_clunk(struct uk_9p_client *c, __u32 fid)
{
	struct call *k = call_new(c, UK_9P_TCLUNK, 16, SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	return call_simple(c, k);
}

int uk_9p_getattr(struct uk_9p_client *c, __u32 fid, __u64 mask,
		  struct uk_9p_attr *a)
{
	struct call *k = call_new(c, UK_9P_TGETATTR, 32, SMALL_REPLY);
	int rc;

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put64(&k->t, mask);
	rc = call_run(c, k, NULL, 0, NULL, 0, NULL);
	if (rc == 0) {
		struct uk_9p_msg *r = &k->r;

		a->valid = uk_9p_get64(r);
		uk_9p_getqid(r, &a->qid);
		a->mode = uk_9p_get32(r);
		a->uid = uk_9p_get32(r);
		a->gid = uk_9p_get32(r);
		a->nlink = uk_9p_get64(r);
		a->rdev = uk_9p_get64(r);
		a->size = uk_9p_get64(r);
		a->blksize = uk_9p_get64(r);
		a->blocks = uk_9p_get64(r);
		a->atime_sec = uk_9p_get64(r);
		a->atime_nsec = uk_9p_get64(r);
		a->mtime_sec = uk_9p_get64(r);
		a->mtime_nsec = uk_9p_get64(r);
		a->ctime_sec = uk_9p_get64(r);
		a->ctime_nsec = uk_9p_get64(r);
		for (int i = 0; i < 4; i++) /* btime, gen, data_version */
			uk_9p_get64(r);
		rc = reply_ok(k);
	}
	call_free(k);
	return rc;
}

int uk_9p_setattr(struct uk_9p_client *c, __u32 fid,
		  const struct uk_9p_setattr *a)
{
	struct call *k = call_new(c, UK_9P_TSETATTR, 80, SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put32(&k->t, a->valid);
	uk_9p_put32(&k->t, a->mode);
	uk_9p_put32(&k->t, a->uid);
	uk_9p_put32(&k->t, a->gid);
	uk_9p_put64(&k->t, a->size);
	uk_9p_put64(&k->t, a->atime_sec);
	uk_9p_put64(&k->t, a->atime_nsec);
	uk_9p_put64(&k->t, a->mtime_sec);
	uk_9p_put64(&k->t, a->mtime_nsec);
	return call_simple(c, k);
}

__ssz uk_9p_readdir(struct uk_9p_client *c, __u32 fid, __u64 offset,
		    void *buf, __u32 len)
{
	if (len > io_max(c))
		len = io_max(c);
	return read_once(c, UK_9P_TREADDIR, fid, offset, buf, len);
}

int uk_9p_dirent_next(const void *buf, __u32 len, __u32 *pos,
		      struct uk_9p_dirent *d)
{
	struct uk_9p_msg m;

	if (*pos >= len)
		return 0;
	uk_9p_msg_init(&m, (void *)buf, len);
	m.len = len;
	m.pos = *pos;
	uk_9p_getqid(&m, &d->qid);
	d->offset = uk_9p_get64(&m);
	d->type = uk_9p_get8(&m);
	uk_9p_getstr(&m, d->name, sizeof(d->name));
	if (m.err || !d->name[0])
		return -EPROTO;
	*pos = m.pos;
	return 1;
}

int uk_9p_mkdir(struct uk_9p_client *c, __u32 dfid, const char *name,
		__u32 mode, __u32 gid, struct uk_9p_qid *qid)
{
	struct call *k = call_new(c, UK_9P_TMKDIR, 32 + strsz(name),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, dfid);
	uk_9p_putstr(&k->t, name, strlen(name));
	uk_9p_put32(&k->t, mode);
	uk_9p_put32(&k->t, gid);
	return run_qid(c, k, qid);
}

int uk_9p_symlink(struct uk_9p_client *c, __u32 dfid, const char *name,
		  const char *target, __u32 gid, struct uk_9p_qid *qid)
{
	struct call *k = call_new(c, UK_9P_TSYMLINK,
				  32 + strsz(name) + strsz(target),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, dfid);
	uk_9p_putstr(&k->t, name, strlen(name));
	uk_9p_putstr(&k->t, target, strlen(target));
	uk_9p_put32(&k->t, gid);
	return run_qid(c, k, qid);
}

int uk_9p_link(struct uk_9p_client *c, __u32 dfid, __u32 fid,
	       const char *name)
{
	struct call *k = call_new(c, UK_9P_TLINK, 32 + strsz(name),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, dfid);
	uk_9p_put32(&k->t, fid);
	uk_9p_putstr(&k->t, name, strlen(name));
	return call_simple(c, k);
}

int uk_9p_unlinkat(struct uk_9p_client *c, __u32 dfid, const char *name,
		   __u32 flags)
{
	struct call *k = call_new(c, UK_9P_TUNLINKAT, 32 + strsz(name),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, dfid);
	uk_9p_putstr(&k->t, name, strlen(name));
	uk_9p_put32(&k->t, flags);
	return call_simple(c, k);
}

int uk_9p_renameat(struct uk_9p_client *c, __u32 olddfid, const char *oldname,
		   __u32 newdfid, const char *newname)
{
	struct call *k = call_new(c, UK_9P_TRENAMEAT,
				  32 + strsz(oldname) + strsz(newname),
				  SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, olddfid);
	uk_9p_putstr(&k->t, oldname, strlen(oldname));
	uk_9p_put32(&k->t, newdfid);
	uk_9p_putstr(&k->t, newname, strlen(newname));
	return call_simple(c, k);
}

__ssz uk_9p_readlink(struct uk_9p_client *c, __u32 fid, char *buf, __sz len)
{
	struct call *k = call_new(c, UK_9P_TREADLINK, 16, 16 + 4096 + 1);
	__ssz rc;

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	rc = call_run(c, k, NULL, 0, NULL, 0, NULL);
	if (rc == 0) {
		__u16 n = uk_9p_get16(&k->r);

		if (k->r.err || k->r.len - k->r.pos != n) {
			rc = -EPROTO;
		} else {
			if (n > len)
				n = (__u16)len;
			memcpy(buf, k->r.buf + k->r.pos, n);
			rc = n;
		}
	}
	call_free(k);
	return rc;
}

int uk_9p_fsync(struct uk_9p_client *c, __u32 fid, int datasync)
{
	struct call *k = call_new(c, UK_9P_TFSYNC, 16, SMALL_REPLY);

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	uk_9p_put32(&k->t, datasync ? 1 : 0);
	return call_simple(c, k);
}

int uk_9p_statfs(struct uk_9p_client *c, __u32 fid, struct uk_9p_statfs *st)
{
	struct call *k = call_new(c, UK_9P_TSTATFS, 16, SMALL_REPLY);
	int rc;

	if (!k)
		return -ENOMEM;
	uk_9p_put32(&k->t, fid);
	rc = call_run(c, k, NULL, 0, NULL, 0, NULL);
	if (rc == 0) {
		st->type = uk_9p_get32(&k->r);
		st->bsize = uk_9p_get32(&k->r);
		st->blocks = uk_9p_get64(&k->r);
		st->bfree = uk_9p_get64(&k->r);
		st->bavail = uk_9p_get64(&k->r);
		st->files = uk_9p_get64(&k->r);
		st->ffree = uk_9p_get64(&k->r);
		st->fsid = uk_9p_get64(&k->r);
		st->namelen = uk_9p_get32(&k->r);
		rc = reply_ok(k);
	}
	call_free(k);
	return rc;
}
