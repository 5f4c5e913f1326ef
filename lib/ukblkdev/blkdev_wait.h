/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How the synchronous helpers wait for one request: wait_sched.c (a
 * semaphore, with uksched) or wait_poll.c (uk_blkdev_poll in a loop).
 */
#ifndef BLKDEV_WAIT_H
#define BLKDEV_WAIT_H

#include <uk/blkdev.h>
#include <errno.h>

/* Whether queue 0 should complete by interrupt when the helpers set it up. */
int blkdev_wait_wants_intr(void);

/*
 * Submit req on queue 0 of dev and wait until it finished (retrying while
 * the queue is full). Returns the submit error or req->result.
 */
int blkdev_wait_run(struct uk_blkdev *dev, struct uk_blkreq *req);

/* Submit on queue 0, polling it while it is full; 0 or the error. */
static inline int blkdev_wait_submit(struct uk_blkdev *dev,
				     struct uk_blkreq *req)
{
	int rc;

	while ((rc = uk_blkdev_submit(dev, 0, req)) == -ENOSPC)
		uk_blkdev_poll(dev, 0);
	return rc;
}

/* Wait by polling queue 0 until req finished; its result. */
static inline int blkdev_wait_poll(struct uk_blkdev *dev,
				   struct uk_blkreq *req)
{
	while (!__atomic_load_n(&req->finished, __ATOMIC_ACQUIRE))
		uk_blkdev_poll(dev, 0);
	return req->result;
}

#endif
