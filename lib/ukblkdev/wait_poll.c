/* SPDX-License-Identifier: BSD-3-Clause */
/* Without a scheduler the synchronous helpers poll queue 0. */
#include "blkdev_wait.h"
#include <errno.h>
#include <stddef.h>

int blkdev_wait_wants_intr(void)
{
	return 0;
}

int blkdev_wait_run(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	int rc;

	req->done = NULL;
	rc = blkdev_wait_submit(dev, req);
	return rc < 0 ? rc : blkdev_wait_poll(dev, req);
}
