/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll: an epoll file keeps an interest list of (fd, file, events,
 * data). epoll_wait looks at each entry's file through the descriptor
 * table (an entry whose fd no longer holds the same file is dropped, as
 * Linux drops closed files) and sleeps on the readiness events of
 * <uk/file.h> until something is ready or the timeout passes.
 * Level-triggered entries report while ready; EPOLLET entries report
 * when the file has had an event since the last report (or a newly set
 * bit); EPOLLONESHOT entries stop after one report until EPOLL_CTL_MOD.
 */
#include <uk/syscall.h>
#include <uk/file.h>
#include <uk/plat/lcpu.h>
#ifdef CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#endif
#include <uk/plat/time.h>
#include <uk/mutex.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>

#define RESCAN_NS 10000000ULL

#include "poll_wait.h"

#define ALWAYS (EPOLLERR | EPOLLHUP)

struct entry {
	struct entry *next;
	int fd;
	struct uk_file *file; /* identity only: no reference held, so */
	unsigned long serial; /* with the file's serial (its address may be
			       * a closed file's, reused) */
	__u32 events;
	epoll_data_t data;
	unsigned long seen_events; /* file->events at the last report */
	__u32 last;                /* bits reported last */
	int disabled;              /* EPOLLONESHOT fired */
};

struct epoll {
	struct uk_mutex lock;
	struct entry *list;
	unsigned int n;
};

static void ep_release(struct uk_file *f)
{
	struct epoll *ep = f->priv;

	while (ep->list) {
		struct entry *e = ep->list;

		ep->list = e->next;
		free(e);
	}
	free(ep);
}

static int ep_fstat(struct uk_file *f __unused, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IRUSR | S_IWUSR;
	return 0;
}

static int scan(struct epoll *ep, struct epoll_event *out, int max,
		int *all_notify);

static int ep_poll(struct uk_file *f)
{
	struct epoll *ep = f->priv;
	struct epoll_event ev;
	int all, n;

	uk_mutex_lock(&ep->lock);
	n = scan(ep, &ev, 0, &all);
	uk_mutex_unlock(&ep->lock);
	return n ? POLLIN : 0;
}

static const struct uk_file_ops ep_ops = {
	.fstat = ep_fstat,
	.poll = ep_poll,
	.release = ep_release,
	.notifies = 1,
};

static long create(int flags)
{
	struct epoll *ep;
	struct uk_file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = calloc(1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	uk_mutex_init(&ep->lock);
	f = uk_file_new(&ep_ops, ep, O_RDWR, 0);
	if (!f) {
		free(ep);
		return -ENOMEM;
	}
	fd = uk_fdtab_install(f, 0, !!(flags & EPOLL_CLOEXEC));
	if (fd < 0)
		uk_file_put(f);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, epoll_create, int, size)
{
	return size <= 0 ? -EINVAL : create(0);
}

UK_SYSCALL_R_DEFINE(int, epoll_create1, int, flags)
{
	return create(flags);
}

static struct entry **find(struct epoll *ep, int fd, struct uk_file *f)
{
	struct entry **pp;

	for (pp = &ep->list; *pp; pp = &(*pp)->next)
		if ((*pp)->fd == fd && (*pp)->file == f &&
		    (*pp)->serial == f->serial)
			return pp;
	return NULL;
}

UK_SYSCALL_R_DEFINE(int, epoll_ctl, int, epfd, int, op, int, fd,
		    struct epoll_event *, event)
{
	struct uk_file *epf, *f;
	struct epoll *ep;
	struct entry **pp, *e;
	long rc = 0;

	epf = uk_fdtab_get(epfd);
	if (!epf)
		return -EBADF;
	f = uk_fdtab_get(fd);
	if (!f) {
		uk_file_put(epf);
		return -EBADF;
	}
	if (epf->ops != &ep_ops || f == epf) {
		rc = -EINVAL;
		goto out;
	}
	if (op != EPOLL_CTL_DEL && !event) {
		rc = -EFAULT;
		goto out;
	}
	ep = epf->priv;
	uk_mutex_lock(&ep->lock);
	pp = find(ep, fd, f);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (pp) {
			rc = -EEXIST;
			break;
		}
		e = calloc(1, sizeof(*e));
		if (!e) {
			rc = -ENOMEM;
			break;
		}
		e->fd = fd;
		e->file = f;
		e->serial = f->serial;
		e->events = event->events;
		e->data = event->data;
		e->seen_events = f->events - 1; /* first look reports */
		e->next = ep->list;
		ep->list = e;
		ep->n++;
		break;
	case EPOLL_CTL_MOD:
		if (!pp) {
			rc = -ENOENT;
			break;
		}
		e = *pp;
		e->events = event->events;
		e->data = event->data;
		e->disabled = 0;
		e->last = 0;
		e->seen_events = f->events - 1;
		break;
	case EPOLL_CTL_DEL:
		if (!pp) {
			rc = -ENOENT;
			break;
		}
		e = *pp;
		*pp = e->next;
		ep->n--;
		free(e);
		break;
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&ep->lock);
	if (op != EPOLL_CTL_DEL)
		uk_file_event(epf); /* a waiter may now have work */
out:
	uk_file_put(f);
	uk_file_put(epf);
	return rc;
}

/* Ready entries into out[0..max-1] (max 0: only count). Lock held. */
static int scan(struct epoll *ep, struct epoll_event *out, int max,
		int *all_notify)
{
	struct entry **pp = &ep->list;
	int n = 0;

	*all_notify = 1;
	while (*pp) {
		struct entry *e = *pp;
		struct uk_file *f = uk_fdtab_get(e->fd);
		__u32 ready, want;
		unsigned long evs;

		if (f != e->file || (f && f->serial != e->serial)) {
			/* closed (or the fd now holds another file) */
			if (f)
				uk_file_put(f);
			*pp = e->next;
			ep->n--;
			free(e);
			continue;
		}
		pp = &e->next;
		if (e->disabled) {
			uk_file_put(f);
			continue;
		}
		ready = f->ops->poll ? (__u32)f->ops->poll(f)
				     : EPOLLIN | EPOLLOUT;
		if (f->ops->poll && !f->ops->notifies)
			*all_notify = 0;
		evs = f->events;
		uk_file_put(f);
		want = ready & ((e->events & ~(EPOLLET | EPOLLONESHOT)) | ALWAYS);
		if (!want)
			continue;
		if ((e->events & EPOLLET) && evs == e->seen_events &&
		    !(want & ~e->last))
			continue; /* nothing new since the last report */
		if (max == 0) {
			n++;
			continue;
		}
		if (n == max)
			break;
		out[n].events = want;
		out[n].data = e->data;
		n++;
		e->seen_events = evs;
		e->last = want;
		if (e->events & EPOLLONESHOT)
			e->disabled = 1;
	}
	return n;
}

UK_SYSCALL_R_DEFINE(int, epoll_wait, int, epfd, struct epoll_event *, events,
		    int, maxevents, int, timeout_ms)
{
	struct uk_file *epf;
	__nsec until;
	struct epoll *ep;
	long rc;

	uk_file_cancel_point();
	epf = uk_fdtab_get(epfd);
	if (!epf)
		return -EBADF;
	if (epf->ops != &ep_ops || maxevents <= 0) {
		uk_file_put(epf);
		return -EINVAL;
	}
	ep = epf->priv;
	until = timeout_ms > 0 ? ukplat_monotonic_clock() +
					 (__nsec)timeout_ms * 1000000ULL
			       : 0;
	for (;;) {
		unsigned long seen = uk_file_event_count();
		int all;
		__nsec now, wake;

		uk_mutex_lock(&ep->lock);
		rc = scan(ep, events, maxevents, &all);
		uk_mutex_unlock(&ep->lock);
		if (rc || timeout_ms == 0)
			break;
		now = ukplat_monotonic_clock();
		if (timeout_ms > 0 && now >= until)
			break;
		wake = all ? until : now + RESCAN_NS;
		if (until && wake > until)
			wake = until;
		rc = poll_event_wait(seen, wake);
		if (rc < 0)
			break;
	}
	uk_file_put(epf);
	uk_file_cancel_point();
	return rc;
}
