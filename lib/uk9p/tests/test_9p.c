/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P client against a fake transport: a tiny server in memory with
 * one directory holding "file" (FILE_SIZE bytes of a pattern). It records
 * every request, answers Tread with at most what the file has left
 * (short reads), Twalk to "missing" and Tunlinkat of "full" with
 * Rlerror (Linux's ENOENT, ENOTEMPTY), and can be told to corrupt the
 * next reply's tag or size.
 */
#include <uk/test.h>
#include <uk/9p.h>
#include <uk/assert.h>
#include <string.h>
#include <errno.h>

#define FILE_SIZE 10000
#define MSIZE 4096

static struct fake {
	struct uk_9pdev dev;
	__u8 file[FILE_SIZE + 20000];
	__u32 file_size;
	unsigned int requests, reads, writes;
	__u32 max_read; /* largest Tread count seen */
	int bad_tag, bad_size, server_msize;
	__u8 last_type;
} fk;

static __u8 pat(__u32 i)
{
	return (__u8)(i * 7 + i / 251);
}

/* Copy the reply msg into the rx buffers. */
static void scatter(const struct uk_9p_iov *rx, unsigned int nrx,
		    const __u8 *src, __u32 len)
{
	for (unsigned int i = 0; i < nrx && len; i++) {
		__u32 n = rx[i].len < len ? rx[i].len : len;

		memcpy(rx[i].base, src, n);
		src += n;
		len -= n;
	}
}

static void reply_error(struct uk_9p_msg *r, __u16 tag, __u32 ecode)
{
	uk_9p_msg_begin(r, UK_9P_RLERROR, tag);
	uk_9p_put32(r, ecode);
}

static int fake_request(struct uk_9pdev *dev __unused,
			const struct uk_9p_iov *tx, unsigned int ntx,
			const struct uk_9p_iov *rx, unsigned int nrx,
			__u32 *rxlen)
{
	static __u8 in[MSIZE * 2], out[MSIZE * 2];
	struct uk_9p_msg t, r;
	struct uk_9p_qid qid = { 0, 0, 42 };
	__u32 inlen = 0, fid, count;
	__u64 off;
	char name[64];
	__u16 tag;
	__u8 type;

	for (unsigned int i = 0; i < ntx; i++) {
		memcpy(in + inlen, tx[i].base, tx[i].len);
		inlen += tx[i].len;
	}
	fk.requests++;
	uk_9p_msg_init(&t, in, sizeof(in));
	t.len = inlen;
	UK_ASSERT(uk_9p_get32(&t) == inlen);
	type = uk_9p_get8(&t);
	tag = uk_9p_get16(&t);
	fk.last_type = type;
	uk_9p_msg_init(&r, out, sizeof(out));
	uk_9p_msg_begin(&r, type + 1, tag);
	switch (type) {
	case UK_9P_TVERSION:
		uk_9p_get32(&t);
		uk_9p_getstr(&t, name, sizeof(name));
		uk_9p_put32(&r, fk.server_msize);
		uk_9p_putstr(&r, name, strlen(name));
		break;
	case UK_9P_TWALK:
		uk_9p_get32(&t);
		uk_9p_get32(&t);
		count = uk_9p_get16(&t);
		uk_9p_getstr(&t, name, sizeof(name));
		if (count == 1 && !strcmp(name, "missing")) {
			reply_error(&r, tag, 2);
			break;
		}
		uk_9p_put16(&r, (__u16)count);
		for (__u32 i = 0; i < count; i++)
			uk_9p_putqid(&r, &qid);
		break;
	case UK_9P_TREAD:
		fid = uk_9p_get32(&t);
		off = uk_9p_get64(&t);
		count = uk_9p_get32(&t);
		fk.reads++;
		if (count > fk.max_read)
			fk.max_read = count;
		if (off > fk.file_size)
			off = fk.file_size;
		if (count > fk.file_size - off)
			count = fk.file_size - (__u32)off;
		uk_9p_put32(&r, count);
		memcpy(out + r.len, fk.file + off, count);
		r.len += count;
		(void)fid;
		break;
	case UK_9P_TWRITE:
		uk_9p_get32(&t);
		off = uk_9p_get64(&t);
		count = uk_9p_get32(&t);
		fk.writes++;
		UK_ASSERT(t.pos + count == inlen);
		memcpy(fk.file + off, in + t.pos, count);
		if (off + count > fk.file_size)
			fk.file_size = (__u32)(off + count);
		uk_9p_put32(&r, count);
		break;
	case UK_9P_TUNLINKAT:
		uk_9p_get32(&t);
		uk_9p_getstr(&t, name, sizeof(name));
		if (!strcmp(name, "full"))
			reply_error(&r, tag, 39); /* Linux's ENOTEMPTY */
		break;
	case UK_9P_TCLUNK:
		break;
	default:
		reply_error(&r, tag, 95); /* EOPNOTSUPP */
		break;
	}
	uk_9p_msg_finish(&r, 0);
	if (fk.bad_tag) {
		out[5] ^= 1;
		fk.bad_tag = 0;
	}
	if (fk.bad_size) {
		out[0] += 1;
		fk.bad_size = 0;
	}
	scatter(rx, nrx, out, r.len);
	*rxlen = r.len;
	return 0;
}

static const struct uk_9pdev_ops fake_ops = { .request = fake_request };

static struct uk_9p_client *fresh(void)
{
	static struct uk_9p_client c;

	memset(&fk, 0, sizeof(fk));
	fk.dev.ops = &fake_ops;
	fk.dev.drv_name = "fake";
	strcpy(fk.dev.tag, "fake");
	fk.server_msize = MSIZE;
	fk.file_size = FILE_SIZE;
	for (__u32 i = 0; i < FILE_SIZE; i++)
		fk.file[i] = pat(i);
	UK_ASSERT(uk_9p_connect(&c, &fk.dev, 65536) == 0);
	return &c;
}

UK_TESTCASE(uk9p, marshalling_little_endian_and_bounds)
{
	__u8 buf[32];
	char s[8];
	struct uk_9p_msg m;
	struct uk_9p_qid q = { 0x80, 0x01020304, 0x1122334455667788ULL }, q2;

	uk_9p_msg_init(&m, buf, sizeof(buf));
	uk_9p_msg_begin(&m, UK_9P_TWALK, 0x1234);
	uk_9p_putstr(&m, "ab", 2);
	uk_9p_putqid(&m, &q);
	UK_TEST_EXPECT_ZERO(uk_9p_msg_finish(&m, 5));
	UK_TEST_EXPECT_SNUM_EQ(m.len, 7 + 4 + 13);
	/* size = len + 5, little endian; type; tag 0x1234 as 34 12 */
	UK_TEST_EXPECT_SNUM_EQ(buf[0], 7 + 4 + 13 + 5);
	UK_TEST_EXPECT_SNUM_EQ(buf[4], UK_9P_TWALK);
	UK_TEST_EXPECT_SNUM_EQ(buf[5], 0x34);
	UK_TEST_EXPECT_SNUM_EQ(buf[6], 0x12);
	UK_TEST_EXPECT_SNUM_EQ(buf[7], 2);
	UK_TEST_EXPECT_SNUM_EQ(buf[8], 0);
	UK_TEST_EXPECT_SNUM_EQ(buf[11], 0x80);
	UK_TEST_EXPECT_SNUM_EQ(buf[12], 0x04);
	UK_TEST_EXPECT_SNUM_EQ(buf[16], 0x88);
	m.pos = 7;
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_getstr(&m, s, sizeof(s)), 2);
	UK_TEST_EXPECT_STR_EQ(s, "ab");
	uk_9p_getqid(&m, &q2);
	UK_TEST_EXPECT_ZERO(m.err);
	UK_TEST_EXPECT(q2.type == q.type && q2.version == q.version &&
		       q2.path == q.path);
	/* reading past the end, writing past the capacity */
	uk_9p_get8(&m);
	UK_TEST_EXPECT_NOT_ZERO(m.err);
	uk_9p_msg_begin(&m, UK_9P_TWALK, 1);
	uk_9p_putstr(&m, "0123456789012345678901234567890", 31);
	UK_TEST_EXPECT_NOT_ZERO(m.err);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_msg_finish(&m, 0), -EMSGSIZE);
	/* a string longer than the output buffer */
	uk_9p_msg_init(&m, buf, sizeof(buf));
	uk_9p_put16(&m, 10);
	uk_9p_putstr(&m, "x", 1);
	m.len = sizeof(buf);
	UK_TEST_EXPECT_ZERO(uk_9p_getstr(&m, s, sizeof(s)));
	UK_TEST_EXPECT_NOT_ZERO(m.err);
}

UK_TESTCASE(uk9p, version_negotiates_msize)
{
	struct uk_9p_client *c = fresh();

	UK_TEST_EXPECT_SNUM_EQ(c->msize, MSIZE);
	fk.server_msize = 1024; /* below 4096: refused */
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_connect(c, &fk.dev, 65536), -EPROTO);
}

UK_TESTCASE(uk9p, reads_split_to_msize_and_stop_short)
{
	struct uk_9p_client *c = fresh();
	static __u8 buf[FILE_SIZE + 5000];
	int same = 1;

	UK_TEST_EXPECT_SNUM_EQ(uk_9p_read(c, 1, 0, buf, sizeof(buf)),
			       FILE_SIZE);
	/* 4072 + 4072 + 1856 (short: the end) */
	UK_TEST_EXPECT_SNUM_EQ(fk.reads, 3);
	UK_TEST_EXPECT_SNUM_EQ(fk.max_read, MSIZE - UK_9P_IOHDRSZ);
	for (__u32 i = 0; i < FILE_SIZE; i++)
		same &= buf[i] == pat(i);
	UK_TEST_EXPECT(same);
	/* from the middle; at and past the end */
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_read(c, 1, FILE_SIZE - 10, buf, 100), 10);
	UK_TEST_EXPECT_SNUM_EQ(buf[0], pat(FILE_SIZE - 10));
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_read(c, 1, FILE_SIZE, buf, 100), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_read(c, 1, FILE_SIZE + 7, buf, 100), 0);
}

UK_TESTCASE(uk9p, writes_split_to_msize)
{
	struct uk_9p_client *c = fresh();
	static __u8 data[9000];

	for (__u32 i = 0; i < sizeof(data); i++)
		data[i] = (__u8)(i ^ 0x5a);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_write(c, 1, 5000, data, sizeof(data)),
			       (long long)sizeof(data));
	UK_TEST_EXPECT_SNUM_EQ(fk.writes, 3);
	UK_TEST_EXPECT_SNUM_EQ(fk.file_size, 14000);
	UK_TEST_EXPECT_ZERO(memcmp(fk.file + 5000, data, sizeof(data)));
	UK_TEST_EXPECT_SNUM_EQ(fk.file[4999], pat(4999));
}

UK_TESTCASE(uk9p, rlerror_becomes_errno)
{
	struct uk_9p_client *c = fresh();
	const char *missing[] = { "missing" }, *ok[] = { "file" };
	struct uk_9p_qid q;

	UK_TEST_EXPECT_SNUM_EQ(uk_9p_walk(c, 0, 1, 1, missing, &q), -ENOENT);
	UK_TEST_EXPECT_ZERO(uk_9p_walk(c, 0, 1, 1, ok, &q));
	UK_TEST_EXPECT_SNUM_EQ(q.path, 42);
	/* Linux's 39 is this libc's ENOTEMPTY (newlib: 90) */
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_unlinkat(c, 0, "full", 0), -ENOTEMPTY);
	UK_TEST_EXPECT_ZERO(uk_9p_unlinkat(c, 0, "empty", 0));
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_fsync(c, 1, 0), -EOPNOTSUPP);
	/* more names than one walk carries: refused before sending */
	{
		const char *many[UK_9P_MAXWELEM + 1];
		unsigned int before = fk.requests;

		for (int i = 0; i <= UK_9P_MAXWELEM; i++)
			many[i] = "a";
		UK_TEST_EXPECT_SNUM_EQ(uk_9p_walk(c, 0, 1, UK_9P_MAXWELEM + 1,
						  many, &q),
				       -EINVAL);
		UK_TEST_EXPECT_SNUM_EQ(fk.requests, before);
	}
}

UK_TESTCASE(uk9p, malformed_replies_are_eproto)
{
	struct uk_9p_client *c = fresh();
	__u8 buf[16];

	fk.bad_tag = 1;
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_clunk(c, 1), -EPROTO);
	fk.bad_size = 1;
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_read(c, 1, 0, buf, sizeof(buf)), -EPROTO);
	/* and the next call works */
	UK_TEST_EXPECT_ZERO(uk_9p_clunk(c, 1));
	UK_TEST_EXPECT_SNUM_EQ(fk.last_type, UK_9P_TCLUNK);
}

UK_TESTCASE(uk9p, fids_and_tags_are_fresh)
{
	struct uk_9p_client *c = fresh();
	__u32 a = uk_9p_fid_new(c), b = uk_9p_fid_new(c);

	UK_TEST_EXPECT(a != b && a != UK_9P_NOFID && b != UK_9P_NOFID);
	c->next_fid = UK_9P_NOFID;
	UK_TEST_EXPECT(uk_9p_fid_new(c) != UK_9P_NOFID);
	c->next_tag = UK_9P_NOTAG;
	UK_TEST_EXPECT_ZERO(uk_9p_clunk(c, 1)); /* skips NOTAG */
}

UK_TESTCASE(uk9p, readdir_entries_parse)
{
	__u8 buf[128];
	struct uk_9p_msg m;
	struct uk_9p_qid q = { UK_9P_QTDIR, 0, 7 };
	struct uk_9p_dirent d;
	__u32 pos = 0;

	uk_9p_msg_init(&m, buf, sizeof(buf));
	uk_9p_putqid(&m, &q);
	uk_9p_put64(&m, 1);
	uk_9p_put8(&m, 4);
	uk_9p_putstr(&m, "sub", 3);
	q.path = 8;
	uk_9p_putqid(&m, &q);
	uk_9p_put64(&m, 2);
	uk_9p_put8(&m, 8);
	uk_9p_putstr(&m, "file.txt", 8);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_dirent_next(buf, m.len, &pos, &d), 1);
	UK_TEST_EXPECT_STR_EQ(d.name, "sub");
	UK_TEST_EXPECT_SNUM_EQ(d.offset, 1);
	UK_TEST_EXPECT_SNUM_EQ(d.qid.path, 7);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_dirent_next(buf, m.len, &pos, &d), 1);
	UK_TEST_EXPECT_STR_EQ(d.name, "file.txt");
	UK_TEST_EXPECT_SNUM_EQ(d.type, 8);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_dirent_next(buf, m.len, &pos, &d), 0);
	/* cut inside the second name */
	pos = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_dirent_next(buf, m.len - 3, &pos, &d), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_9p_dirent_next(buf, m.len - 3, &pos, &d),
			       -EPROTO);
}
