/* SPDX-License-Identifier: BSD-3-Clause */
/* The wait of poll, select and epoll_wait (poll.c). */
#ifndef POSIX_POLL_WAIT_H
#define POSIX_POLL_WAIT_H

#include <uk/plat/time.h>

/*
 * Sleep until a file event after seen, or until wake: 0; -EINTR when a
 * signal's handler ran meanwhile, -ECANCELED when the thread was cancelled.
 */
int poll_event_wait(unsigned long seen, __nsec wake);

#endif
