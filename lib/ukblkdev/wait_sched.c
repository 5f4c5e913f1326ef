/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * With a scheduler the synchronous helpers sleep on a semaphore that the
 * request's completion (in the interrupt handler) raises. A queue set up
 * for polling, or a caller that is not a thread yet (an init call before
 * the scheduler started), polls instead.
 */
#include "blkdev_wait.h"
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <errno.h>
#include <stddef.h>

int blkdev_wait_wants_intr(void)
{
	return 1;
}

static void wake(struct uk_blkreq *req __unused, void *arg)
{
	uk_semaphore_up(arg);
}

int blkdev_wait_run(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	struct uk_semaphore done;
	int rc;

	if (!dev->queue_intr[0] || !uk_thread_current()) {
		req->done = NULL;
		rc = blkdev_wait_submit(dev, req);
		return rc < 0 ? rc : blkdev_wait_poll(dev, req);
	}
	uk_semaphore_init(&done, 0);
	req->done = wake;
	req->done_arg = &done;
	rc = blkdev_wait_submit(dev, req);
	if (rc < 0)
		return rc;
	uk_semaphore_down(&done);
	return req->result;
}
