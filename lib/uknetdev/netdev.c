/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network device registry and the set-up calls: argument and order
 * checks here, the work in the driver.
 */
#include <uk/netdev.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

static struct uk_netdev *devs[CONFIG_LIBUKNETDEV_MAXDEVS];
static unsigned int ndevs;

int uk_netdev_register(struct uk_netdev *dev)
{
	const struct uk_netdev_ops *o = dev ? dev->ops : NULL;

	if (!o || !o->info_get || !o->configure || !o->rxq_setup ||
	    !o->txq_setup || !o->start || !o->rx_burst || !o->tx_burst)
		return -EINVAL;
	if (ndevs == CONFIG_LIBUKNETDEV_MAXDEVS) {
		uk_pr_warn("netdev: %s device ignored: %d devices already "
			   "(CONFIG_LIBUKNETDEV_MAXDEVS)\n",
			   dev->drv_name ? dev->drv_name : "a",
			   CONFIG_LIBUKNETDEV_MAXDEVS);
		return -ENOSPC;
	}
	dev->id = ndevs;
	dev->state = UK_NETDEV_UNCONFIGURED;
	memset(&dev->conf, 0, sizeof(dev->conf));
	devs[ndevs++] = dev;
	uk_pr_info("netdev%u: %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u\n",
		   dev->id, dev->drv_name ? dev->drv_name : "?",
		   dev->hwaddr[0], dev->hwaddr[1], dev->hwaddr[2],
		   dev->hwaddr[3], dev->hwaddr[4], dev->hwaddr[5], dev->mtu);
	return (int)dev->id;
}

unsigned int uk_netdev_count(void)
{
	return ndevs;
}

struct uk_netdev *uk_netdev_get(unsigned int i)
{
	return i < ndevs ? devs[i] : NULL;
}

void uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	memset(info, 0, sizeof(*info));
	dev->ops->info_get(dev, info);
}

int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf)
{
	struct uk_netdev_info info;
	int rc;

	if (!conf || dev->state == UK_NETDEV_RUNNING)
		return -EINVAL;
	uk_netdev_info_get(dev, &info);
	if (conf->nb_rxq < 1 || conf->nb_rxq > info.max_rxq ||
	    conf->nb_txq < 1 || conf->nb_txq > info.max_txq)
		return -EINVAL;
	rc = dev->ops->configure(dev, conf);
	if (rc < 0)
		return rc;
	dev->conf = *conf;
	dev->state = UK_NETDEV_CONFIGURED;
	return 0;
}

int uk_netdev_rxq_setup(struct uk_netdev *dev, unsigned int qid,
			const struct uk_netdev_rxq_conf *conf)
{
	if (dev->state != UK_NETDEV_CONFIGURED &&
	    dev->state != UK_NETDEV_STOPPED)
		return -EINVAL;
	if (!conf || !conf->alloc_rxbufs || qid >= dev->conf.nb_rxq)
		return -EINVAL;
	return dev->ops->rxq_setup(dev, qid, conf);
}

int uk_netdev_txq_setup(struct uk_netdev *dev, unsigned int qid,
			const struct uk_netdev_txq_conf *conf)
{
	if (dev->state != UK_NETDEV_CONFIGURED &&
	    dev->state != UK_NETDEV_STOPPED)
		return -EINVAL;
	if (!conf || qid >= dev->conf.nb_txq)
		return -EINVAL;
	return dev->ops->txq_setup(dev, qid, conf);
}

int uk_netdev_start(struct uk_netdev *dev)
{
	int rc;

	if (dev->state != UK_NETDEV_CONFIGURED &&
	    dev->state != UK_NETDEV_STOPPED)
		return -EINVAL;
	rc = dev->ops->start(dev);
	if (rc < 0)
		return rc;
	dev->state = UK_NETDEV_RUNNING;
	return 0;
}

void uk_netdev_stop(struct uk_netdev *dev)
{
	if (dev->state != UK_NETDEV_RUNNING)
		return;
	if (dev->ops->stop)
		dev->ops->stop(dev);
	dev->state = UK_NETDEV_STOPPED;
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, unsigned int qid)
{
	if (qid >= dev->conf.nb_rxq)
		return -EINVAL;
	if (!dev->ops->rxq_intr_enable)
		return -ENOTSUP;
	return dev->ops->rxq_intr_enable(dev, qid);
}

int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, unsigned int qid)
{
	if (qid >= dev->conf.nb_rxq)
		return -EINVAL;
	if (!dev->ops->rxq_intr_disable)
		return -ENOTSUP;
	return dev->ops->rxq_intr_disable(dev, qid);
}

int uk_netdev_link_up(struct uk_netdev *dev)
{
	return dev->ops->link_up ? dev->ops->link_up(dev) : 1;
}
