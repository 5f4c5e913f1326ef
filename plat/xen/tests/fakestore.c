/* SPDX-License-Identifier: BSD-3-Clause */
/* The tests' in-memory xenstore daemon (see fakestore.h). */
#include "fakestore.h"
#include <uk/arch/lcpu.h>
#include <stdio.h>
#include <string.h>

#define HDR sizeof(struct xen_xs_msghdr)

static struct fakestore *of(struct xen_xs *xs)
{
	return __containerof(xs, struct fakestore, xs);
}

static void fs_notify(struct xen_xs *xs)
{
	fakestore_run(of(xs));
}

static void fs_wait(struct xen_xs *xs, __nsec until __unused)
{
	fakestore_run(of(xs));
}

void fakestore_init(struct fakestore *fs, __u32 start)
{
	memset(fs, 0, sizeof(*fs));
	fs->ring.req_cons = fs->ring.req_prod = start;
	fs->ring.rsp_cons = fs->ring.rsp_prod = start;
	fs->next_tx = 7;
	xen_xs_conn_init(&fs->xs, &fs->ring, fs_notify, fs_wait);
}

void fakestore_send(struct fakestore *fs, __u32 type, __u32 req_id,
		    const void *payload, unsigned int len)
{
	struct xen_xs_msghdr h = { .type = type, .req_id = req_id, .len = len };

	if (fs->out_len + HDR + len > sizeof(fs->out))
		return;
	memcpy(fs->out + fs->out_len, &h, HDR);
	memcpy(fs->out + fs->out_len + HDR, payload, len);
	fs->out_len += HDR + len;
}

static void send_str(struct fakestore *fs, __u32 type, __u32 req_id,
		     const char *s)
{
	fakestore_send(fs, type, req_id, s, strlen(s) + 1);
}

static int find(struct fakestore *fs, const char *path)
{
	for (int i = 0; i < FS_KEYS; i++)
		if (fs->keys[i].used && !strcmp(fs->keys[i].path, path))
			return i;
	return -1;
}

void fakestore_set(struct fakestore *fs, const char *path, const char *value)
{
	int i = find(fs, path);

	for (int j = 0; i < 0 && j < FS_KEYS; j++)
		if (!fs->keys[j].used)
			i = j;
	if (i < 0)
		return;
	fs->keys[i].used = 1;
	snprintf(fs->keys[i].path, sizeof(fs->keys[i].path), "%s", path);
	snprintf(fs->keys[i].value, sizeof(fs->keys[i].value), "%s", value);
}

const char *fakestore_get(struct fakestore *fs, const char *path)
{
	int i = find(fs, path);

	return i < 0 ? NULL : fs->keys[i].value;
}

void fakestore_fire(struct fakestore *fs, const char *path)
{
	for (int i = 0; i < FS_WATCHES; i++) {
		unsigned int n = strlen(fs->watches[i].path);
		char ev[256];
		int len;

		if (!fs->watches[i].used || strncmp(path, fs->watches[i].path, n) ||
		    (path[n] && path[n] != '/'))
			continue;
		len = snprintf(ev, sizeof(ev), "%s%c%s", path, 0,
			       fs->watches[i].token);
		fakestore_send(fs, XEN_XS_WATCH_EVENT, 0, ev, len + 1);
	}
}

static void handle(struct fakestore *fs)
{
	struct xen_xs_msghdr *h = (struct xen_xs_msghdr *)fs->in;
	char *p = (char *)fs->in + HDR, *second;
	unsigned int plen = strnlen(p, h->len);
	int i;

	fs->requests++;
	fs->in[HDR + h->len] = 0;
	second = p + plen + 1;
	if (fs->mute)
		return;
	if (!strcmp(p, "forbidden")) {
		send_str(fs, XEN_XS_ERROR, h->req_id, "EACCES");
		return;
	}
	switch (h->type) {
	case XEN_XS_READ:
		i = find(fs, p);
		if (i < 0)
			send_str(fs, XEN_XS_ERROR, h->req_id, "ENOENT");
		else
			fakestore_send(fs, XEN_XS_READ, h->req_id,
				       fs->keys[i].value,
				       strlen(fs->keys[i].value));
		break;
	case XEN_XS_WRITE: {
		/* The value is not NUL-terminated on the wire. */
		char value[3100];
		unsigned int vlen = h->len - plen - 1;

		if (plen >= h->len || vlen >= sizeof(value)) {
			send_str(fs, XEN_XS_ERROR, h->req_id, "EINVAL");
			break;
		}
		memcpy(value, second, vlen);
		value[vlen] = 0;
		fakestore_set(fs, p, value);
		send_str(fs, XEN_XS_WRITE, h->req_id, "OK");
		fakestore_fire(fs, p);
		if (fs->on_write)
			fs->on_write(fs, p, value);
		break;
	}
	case XEN_XS_RM:
		i = find(fs, p);
		if (i < 0) {
			send_str(fs, XEN_XS_ERROR, h->req_id, "ENOENT");
			break;
		}
		fs->keys[i].used = 0;
		send_str(fs, XEN_XS_RM, h->req_id, "OK");
		fakestore_fire(fs, p);
		break;
	case XEN_XS_DIRECTORY: {
		char names[1024];
		unsigned int n = 0, pl = strlen(p);

		for (i = 0; i < FS_KEYS; i++) {
			const char *k = fs->keys[i].path, *rest;

			if (!fs->keys[i].used || strncmp(k, p, pl) || k[pl] != '/')
				continue;
			rest = k + pl + 1;
			if (strchr(rest, '/'))
				continue;
			n += snprintf(names + n, sizeof(names) - n, "%s", rest) + 1;
		}
		if (!n && find(fs, p) < 0)
			send_str(fs, XEN_XS_ERROR, h->req_id, "ENOENT");
		else
			fakestore_send(fs, XEN_XS_DIRECTORY, h->req_id, names, n);
		break;
	}
	case XEN_XS_WATCH:
		for (i = 0; i < FS_WATCHES && fs->watches[i].used; i++)
			;
		if (i == FS_WATCHES) {
			send_str(fs, XEN_XS_ERROR, h->req_id, "ENOSPC");
			break;
		}
		fs->watches[i].used = 1;
		snprintf(fs->watches[i].path, sizeof(fs->watches[i].path), "%s", p);
		snprintf(fs->watches[i].token, sizeof(fs->watches[i].token), "%s",
			 second);
		/* As xenstored: the first event before the reply. */
		fakestore_fire(fs, p);
		send_str(fs, XEN_XS_WATCH, h->req_id, "OK");
		break;
	case XEN_XS_UNWATCH:
		for (i = 0; i < FS_WATCHES; i++)
			if (fs->watches[i].used && !strcmp(fs->watches[i].token,
							   second))
				fs->watches[i].used = 0;
		send_str(fs, XEN_XS_UNWATCH, h->req_id, "OK");
		break;
	case XEN_XS_TRANSACTION_START: {
		char id[16];

		snprintf(id, sizeof(id), "%u", fs->next_tx++);
		send_str(fs, XEN_XS_TRANSACTION_START, h->req_id, id);
		break;
	}
	case XEN_XS_TRANSACTION_END:
		fs->tx_ends++;
		if (!strcmp(p, "T") && fs->eagain) {
			fs->eagain--;
			send_str(fs, XEN_XS_ERROR, h->req_id, "EAGAIN");
		} else {
			send_str(fs, XEN_XS_TRANSACTION_END, h->req_id, "OK");
		}
		break;
	default:
		send_str(fs, XEN_XS_ERROR, h->req_id, "ENOSYS");
	}
}

void fakestore_run(struct fakestore *fs)
{
	struct xen_xs_interface *r = &fs->ring;
	unsigned int n, room, limit;

	/* Requests. */
	while (r->req_cons != r->req_prod) {
		fs->in[fs->in_len++] = r->req[r->req_cons & (XEN_XS_RING_SIZE - 1)];
		r->req_cons++;
		if (fs->in_len >= HDR &&
		    fs->in_len == HDR + ((struct xen_xs_msghdr *)fs->in)->len) {
			handle(fs);
			fs->in_len = 0;
		}
	}
	/* Replies. */
	room = XEN_XS_RING_SIZE - (r->rsp_prod - r->rsp_cons);
	limit = fs->trickle ? fs->trickle : room;
	n = MIN(MIN(room, limit), fs->out_len);
	for (unsigned int i = 0; i < n; i++)
		r->rsp[(r->rsp_prod + i) & (XEN_XS_RING_SIZE - 1)] = fs->out[i];
	wmb();
	r->rsp_prod += n;
	memmove(fs->out, fs->out + n, fs->out_len - n);
	fs->out_len -= n;
}
