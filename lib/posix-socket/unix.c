/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Byte streams in memory: pipe() (one stream, a read end and a write
 * end) and socketpair(AF_UNIX, SOCK_STREAM) (two streams crossed). A
 * stream is a ring of STREAM_SIZE bytes under a lock; waiting uses the
 * readiness events of <uk/file.h>, which every change announces.
 */
#include <uk/file.h>
#include <uk/sockdrv.h>
#include <uk/mutex.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include "socket.h"

#define STREAM_SIZE (64 * 1024)

struct stream {
	struct uk_mutex lock;
	char *buf;
	size_t head, len;
	int readers, writers; /* ends still open */
};

/* One end: what it reads from and writes to (either may be NULL). */
struct end {
	struct stream *in, *out;
	int refs_pair; /* socketpair ends share nothing else */
};

static struct stream *stream_new(void)
{
	struct stream *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->buf = malloc(STREAM_SIZE);
	if (!s->buf) {
		free(s);
		return NULL;
	}
	uk_mutex_init(&s->lock);
	s->readers = s->writers = 1;
	return s;
}

/*
 * Announce a change to every waiter. No file is named: an end's file may
 * be going away meanwhile, so epoll's edge-triggered entries on streams
 * see new readiness bits rather than every write (doc/networking.md).
 */
static void announce(struct stream *s __unused)
{
	uk_file_event(NULL);
}

static void stream_drop(struct stream *s, int reader)
{
	int gone;

	uk_mutex_lock(&s->lock);
	if (reader)
		s->readers--;
	else
		s->writers--;
	gone = !s->readers && !s->writers;
	uk_mutex_unlock(&s->lock);
	if (gone) {
		free(s->buf);
		free(s);
	} else {
		announce(s);
	}
}

static long stream_read(struct stream *s, int nb, void *buf, size_t len,
			int peek)
{
	for (;;) {
		unsigned long seen = uk_file_event_count();
		size_t n, first;

		uk_mutex_lock(&s->lock);
		if (s->len || !s->writers || !len) {
			n = MIN(len, s->len);
			first = MIN(n, STREAM_SIZE - s->head);
			memcpy(buf, s->buf + s->head, first);
			memcpy((char *)buf + first, s->buf, n - first);
			if (!peek) {
				s->head = (s->head + n) % STREAM_SIZE;
				s->len -= n;
			}
			uk_mutex_unlock(&s->lock);
			if (n && !peek)
				announce(s);
			return (long)n;
		}
		uk_mutex_unlock(&s->lock);
		if (nb)
			return -EAGAIN;
		if (uk_file_event_wait(seen, 0))
			return -ECANCELED;
	}
}

static long stream_write(struct stream *s, int nb, const void *buf,
			 size_t len)
{
	size_t done = 0;

	while (done < len) {
		unsigned long seen = uk_file_event_count();
		size_t n, tail, first;

		uk_mutex_lock(&s->lock);
		if (!s->readers) {
			uk_mutex_unlock(&s->lock);
			return done ? (long)done : -EPIPE;
		}
		n = MIN(len - done, STREAM_SIZE - s->len);
		if (n) {
			tail = (s->head + s->len) % STREAM_SIZE;
			first = MIN(n, STREAM_SIZE - tail);
			memcpy(s->buf + tail, (const char *)buf + done, first);
			memcpy(s->buf, (const char *)buf + done + first,
			       n - first);
			s->len += n;
			done += n;
		}
		uk_mutex_unlock(&s->lock);
		if (n) {
			announce(s);
			continue;
		}
		if (nb)
			return done ? (long)done : -EAGAIN;
		if (uk_file_event_wait(seen, 0))
			return done ? (long)done : -ECANCELED;
	}
	return (long)done;
}

static int stream_poll(struct end *e)
{
	int ev = 0;

	if (e->in) {
		uk_mutex_lock(&e->in->lock);
		if (e->in->len)
			ev |= POLLIN;
		if (!e->in->writers)
			ev |= POLLIN | POLLHUP;
		uk_mutex_unlock(&e->in->lock);
	}
	if (e->out) {
		uk_mutex_lock(&e->out->lock);
		if (!e->out->readers)
			ev |= POLLERR | POLLOUT;
		else if (e->out->len < STREAM_SIZE)
			ev |= POLLOUT;
		uk_mutex_unlock(&e->out->lock);
	}
	return ev;
}

/* socketpair ends, through the socket layer */

static void u_close(void *sock)
{
	struct end *e = sock;

	if (e->in)
		stream_drop(e->in, 1);
	if (e->out)
		stream_drop(e->out, 0);
	free(e);
}

static long u_sendto(void *sock, int nb, const void *buf, unsigned long len,
		     int flags __unused, const void *addr __unused,
		     unsigned int alen)
{
	struct end *e = sock;

	if (alen)
		return -EISCONN;
	if (!e->out)
		return -EPIPE;
	return stream_write(e->out, nb, buf, len);
}

static long u_recvfrom(void *sock, int nb, void *buf, unsigned long len,
		       int flags, void *addr __unused, unsigned int *alen)
{
	struct end *e = sock;

	if (alen)
		*alen = 0;
	if (!e->in)
		return 0;
	return stream_read(e->in, nb, buf, len, flags & MSG_PEEK);
}

static int u_shutdown(void *sock, int how)
{
	struct end *e = sock;

	if ((how == SHUT_RD || how == SHUT_RDWR) && e->in) {
		stream_drop(e->in, 1);
		e->in = NULL;
	}
	if ((how == SHUT_WR || how == SHUT_RDWR) && e->out) {
		stream_drop(e->out, 0);
		e->out = NULL;
	}
	return 0;
}

static int u_poll(void *sock)
{
	return stream_poll(sock);
}

static int u_nread(void *sock)
{
	struct end *e = sock;

	return e->in ? (int)e->in->len : 0;
}

const struct uk_sockdrv_ops posix_unix_ops = {
	.close = u_close,
	.sendto = u_sendto,
	.recvfrom = u_recvfrom,
	.shutdown = u_shutdown,
	.poll = u_poll,
	.nread = u_nread,
};

int posix_unix_pair(void **a, void **b)
{
	struct end *ea = calloc(1, sizeof(*ea)), *eb = calloc(1, sizeof(*eb));
	struct stream *ab = stream_new(), *ba = stream_new();

	if (!ea || !eb || !ab || !ba) {
		free(ea);
		free(eb);
		if (ab)
			free(ab->buf), free(ab);
		if (ba)
			free(ba->buf), free(ba);
		return -ENOMEM;
	}
	ea->out = eb->in = ab;
	eb->out = ea->in = ba;
	*a = ea;
	*b = eb;
	return 0;
}

/* pipes: plain files (S_IFIFO) over one stream */

struct pipe_end {
	struct stream *s;
	int reader;
};

static ssize_t p_read(struct uk_file *f, void *buf, size_t len,
		      off_t off __unused)
{
	struct pipe_end *p = f->priv;

	if (!p->reader)
		return -EBADF;
	return stream_read(p->s, !!(f->flags & O_NONBLOCK), buf, len, 0);
}

static ssize_t p_write(struct uk_file *f, const void *buf, size_t len,
		       off_t off __unused)
{
	struct pipe_end *p = f->priv;

	if (p->reader)
		return -EBADF;
	return stream_write(p->s, !!(f->flags & O_NONBLOCK), buf, len);
}

static int p_fstat(struct uk_file *f __unused, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_blksize = 4096;
	return 0;
}

static int p_poll(struct uk_file *f)
{
	struct pipe_end *p = f->priv;
	struct end e = { p->reader ? p->s : NULL, p->reader ? NULL : p->s, 0 };

	return stream_poll(&e);
}

static void p_release(struct uk_file *f)
{
	struct pipe_end *p = f->priv;

	stream_drop(p->s, p->reader);
	free(p);
}

static const struct uk_file_ops pipe_ops = {
	.read = p_read,
	.write = p_write,
	.fstat = p_fstat,
	.poll = p_poll,
	.release = p_release,
	.notifies = 1,
};

int posix_pipe(int fds[2], int flags)
{
	struct stream *s = stream_new();
	struct pipe_end *r = calloc(1, sizeof(*r)), *w = calloc(1, sizeof(*w));
	struct uk_file *fr = NULL, *fw = NULL;
	int nb = flags & O_NONBLOCK, ce = !!(flags & O_CLOEXEC);

	if (!s || !r || !w)
		goto nomem;
	r->s = w->s = s;
	r->reader = 1;
	fr = uk_file_new(&pipe_ops, r, O_RDONLY | nb, 0);
	fw = uk_file_new(&pipe_ops, w, O_WRONLY | nb, 0);
	if (!fr || !fw)
		goto nomem;
	fds[0] = uk_fdtab_install(fr, 0, ce);
	if (fds[0] < 0) {
		uk_file_put(fr);
		uk_file_put(fw);
		return fds[0];
	}
	fds[1] = uk_fdtab_install(fw, 0, ce);
	if (fds[1] < 0) {
		int rc = fds[1];

		uk_fdtab_close(fds[0]);
		uk_file_put(fw);
		return rc;
	}
	return 0;
nomem:
	free(fr);
	free(fw);
	if (s)
		free(s->buf), free(s);
	free(r);
	free(w);
	return -ENOMEM;
}
