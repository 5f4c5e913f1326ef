/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The registry of 9P devices. Drivers register at boot (bus probing,
 * one at a time); lookups come later, so the table needs no lock.
 */
#include <uk/9p.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

static struct uk_9pdev *devs[CONFIG_LIBUK9P_MAXDEVS];
static unsigned int ndevs;

int uk_9pdev_register(struct uk_9pdev *dev)
{
	if (uk_9pdev_find(dev->tag)) {
		uk_pr_err("%s: mount tag '%s' is taken already; device ignored\n",
			  dev->drv_name, dev->tag);
		return -EEXIST;
	}
	if (ndevs == CONFIG_LIBUK9P_MAXDEVS) {
		uk_pr_err("%s: more than %d 9P devices (CONFIG_LIBUK9P_MAXDEVS); '%s' ignored\n",
			  dev->drv_name, CONFIG_LIBUK9P_MAXDEVS, dev->tag);
		return -ENOSPC;
	}
	devs[ndevs++] = dev;
	uk_pr_info("9p device %u: %s, mount tag '%s'\n", ndevs - 1,
		   dev->drv_name, dev->tag);
	return 0;
}

struct uk_9pdev *uk_9pdev_find(const char *tag)
{
	for (unsigned int i = 0; i < ndevs; i++)
		if (!strcmp(devs[i]->tag, tag))
			return devs[i];
	return NULL;
}

unsigned int uk_9pdev_count(void)
{
	return ndevs;
}

struct uk_9pdev *uk_9pdev_get(unsigned int i)
{
	return i < ndevs ? devs[i] : NULL;
}
