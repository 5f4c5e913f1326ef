/* SPDX-License-Identifier: BSD-3-Clause */
/* 9P fields: little-endian integers, length-prefixed strings, qids. */
#include <uk/9p.h>
#include <string.h>
#include <errno.h>

void uk_9p_msg_init(struct uk_9p_msg *m, void *buf, __u32 cap)
{
	m->buf = buf;
	m->cap = cap;
	m->len = 0;
	m->pos = 0;
	m->err = 0;
}

/* Room for n more bytes at len (writing)? */
static __u8 *put_room(struct uk_9p_msg *m, __u32 n)
{
	__u8 *p;

	if (m->err || m->cap - m->len < n) {
		m->err = 1;
		return NULL;
	}
	p = m->buf + m->len;
	m->len += n;
	return p;
}

/* n more bytes to read at pos? */
static const __u8 *get_room(struct uk_9p_msg *m, __u32 n)
{
	const __u8 *p;

	if (m->err || m->len - m->pos < n) {
		m->err = 1;
		return NULL;
	}
	p = m->buf + m->pos;
	m->pos += n;
	return p;
}

static void put_le(struct uk_9p_msg *m, __u64 v, __u32 n)
{
	__u8 *p = put_room(m, n);

	for (__u32 i = 0; p && i < n; i++)
		p[i] = (__u8)(v >> (8 * i));
}

static __u64 get_le(struct uk_9p_msg *m, __u32 n)
{
	const __u8 *p = get_room(m, n);
	__u64 v = 0;

	for (__u32 i = 0; p && i < n; i++)
		v |= (__u64)p[i] << (8 * i);
	return v;
}

void uk_9p_put8(struct uk_9p_msg *m, __u8 v)
{
	put_le(m, v, 1);
}

void uk_9p_put16(struct uk_9p_msg *m, __u16 v)
{
	put_le(m, v, 2);
}

void uk_9p_put32(struct uk_9p_msg *m, __u32 v)
{
	put_le(m, v, 4);
}

void uk_9p_put64(struct uk_9p_msg *m, __u64 v)
{
	put_le(m, v, 8);
}

void uk_9p_putstr(struct uk_9p_msg *m, const char *s, __sz len)
{
	__u8 *p;

	if (len > 0xffff) {
		m->err = 1;
		return;
	}
	uk_9p_put16(m, (__u16)len);
	p = put_room(m, (__u32)len);
	if (p)
		memcpy(p, s, len);
}

void uk_9p_putqid(struct uk_9p_msg *m, const struct uk_9p_qid *q)
{
	uk_9p_put8(m, q->type);
	uk_9p_put32(m, q->version);
	uk_9p_put64(m, q->path);
}

__u8 uk_9p_get8(struct uk_9p_msg *m)
{
	return (__u8)get_le(m, 1);
}

__u16 uk_9p_get16(struct uk_9p_msg *m)
{
	return (__u16)get_le(m, 2);
}

__u32 uk_9p_get32(struct uk_9p_msg *m)
{
	return (__u32)get_le(m, 4);
}

__u64 uk_9p_get64(struct uk_9p_msg *m)
{
	return get_le(m, 8);
}

__sz uk_9p_getstr(struct uk_9p_msg *m, char *out, __sz cap)
{
	__u16 len = uk_9p_get16(m);
	const __u8 *p;

	if (m->err)
		return 0;
	if ((__sz)len >= cap) {
		m->err = 1;
		return 0;
	}
	p = get_room(m, len);
	if (!p)
		return 0;
	memcpy(out, p, len);
	out[len] = 0;
	return len;
}

void uk_9p_getqid(struct uk_9p_msg *m, struct uk_9p_qid *q)
{
	q->type = uk_9p_get8(m);
	q->version = uk_9p_get32(m);
	q->path = uk_9p_get64(m);
}

void uk_9p_msg_begin(struct uk_9p_msg *m, __u8 type, __u16 tag)
{
	m->len = 0;
	m->err = 0;
	uk_9p_put32(m, 0);
	uk_9p_put8(m, type);
	uk_9p_put16(m, tag);
}

int uk_9p_msg_finish(struct uk_9p_msg *m, __u32 extra)
{
	__u32 size = m->len + extra;

	if (m->err || m->cap < 4)
		return -EMSGSIZE;
	for (int i = 0; i < 4; i++)
		m->buf[i] = (__u8)(size >> (8 * i));
	return 0;
}
