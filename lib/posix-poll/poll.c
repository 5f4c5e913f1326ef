/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * poll and select: ask each file of the table for its readiness; wait
 * (yielding to other threads if a scheduler is present) until one is
 * ready or the timeout passes.
 */
#include <uk/syscall.h>
#include <uk/file.h>
#include <uk/plat/lcpu.h>
#ifdef CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#endif
#include <uk/plat/time.h>
#include <poll.h>
#include <sched.h>
#include <sys/select.h>
#include <sys/time.h>
#include <errno.h>
#include "poll_wait.h"
#include <sched.h>

static int scan(struct pollfd *fds, nfds_t n, int *all_notify)
{
	int ready = 0;

	*all_notify = 1;

	for (nfds_t i = 0; i < n; i++) {
		struct uk_file *f;
		int ev;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = uk_fdtab_get(fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		ev = f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
		if (f->ops->poll && !f->ops->notifies)
			*all_notify = 0;
		uk_file_put(f);
		fds[i].revents = (short)(ev & (fds[i].events | POLLERR |
					       POLLHUP));
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

/*
 * Files that report their changes (uk_file_event) let the caller sleep
 * until one does; with any other file among them, look again this often.
 */
#define RESCAN_NS 10000000ULL

/*
 * uk_file_event_wait, ended early by a signal the thread does not block
 * (its handler runs): then -EINTR (never restarted, as on Linux); or by
 * the thread's cancellation: -ECANCELED.
 */
int poll_event_wait(unsigned long seen, __nsec wake)
{
#ifdef CONFIG_LIBPOSIX_PROCESS
	struct uk_signal_watch w;
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = 0;

	if (!uk_signal_watch(&w)) {
		rc = uk_file_event_wait(seen, wake);
		uk_signal_unwatch(&w);
	}
	ukplat_lcpu_restore_irqf(flags);
	if (rc < 0) /* the thread was cancelled */
		return rc;
	return uk_signal_deliver() != 0 ? -EINTR : 0;
#else
	return uk_file_event_wait(seen, wake);
#endif
}

static int do_poll(struct pollfd *fds, nfds_t n, __snsec timeout_ns)
{
	__nsec until = timeout_ns > 0 ? ukplat_monotonic_clock() +
						(__nsec)timeout_ns
				      : 0;

	if (n > 65536)
		return -EINVAL;
	for (;;) {
		unsigned long seen = uk_file_event_count();
		int rc, all_notify, ready = scan(fds, n, &all_notify);
		__nsec now, wake;

		if (ready || timeout_ns == 0)
			return ready;
		now = ukplat_monotonic_clock();
		if (timeout_ns > 0 && now >= until)
			return 0;
		wake = all_notify ? until : now + RESCAN_NS;
		if (until && wake > until)
			wake = until;
		rc = poll_event_wait(seen, wake);
		if (rc < 0)
			return rc;
	}
}

UK_SYSCALL_R_DEFINE(int, poll, struct pollfd *, fds, nfds_t, n, int,
		    timeout_ms)
{
	int rc;

	uk_file_cancel_point();
	rc = do_poll(fds, n, timeout_ms < 0 ? -1
					    : (__snsec)timeout_ms * 1000000);
	uk_file_cancel_point();
	return rc;
}

UK_SYSCALL_R_DEFINE(int, select, int, nfds, fd_set *, rd, fd_set *, wr,
		    fd_set *, ex, struct timeval *, tv)
{
	struct pollfd pfd[FD_SETSIZE];
	nfds_t n = 0;
	int ready, count = 0;

	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = 0;

		if (rd && FD_ISSET(fd, rd))
			ev |= POLLIN;
		if (wr && FD_ISSET(fd, wr))
			ev |= POLLOUT;
		if (ex && FD_ISSET(fd, ex))
			ev |= POLLPRI;
		if (ev) {
			pfd[n].fd = fd;
			pfd[n].events = ev;
			n++;
		}
	}
	uk_file_cancel_point();
	ready = do_poll(pfd, n, !tv ? -1
				    : (__snsec)tv->tv_sec * 1000000000 +
					      (__snsec)tv->tv_usec * 1000);
	uk_file_cancel_point();
	if (ready < 0)
		return ready;
	for (nfds_t i = 0; i < n; i++)
		if (pfd[i].revents & POLLNVAL)
			return -EBADF;
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex);
	for (nfds_t i = 0; i < n; i++) {
		if (rd && (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
			FD_SET(pfd[i].fd, rd);
			count++;
		}
		if (wr && (pfd[i].revents & (POLLOUT | POLLERR))) {
			FD_SET(pfd[i].fd, wr);
			count++;
		}
		if (ex && (pfd[i].revents & POLLPRI)) {
			FD_SET(pfd[i].fd, ex);
			count++;
		}
	}
	(void)ready;
	return count;
}
