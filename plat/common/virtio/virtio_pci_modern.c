/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The modern virtio PCI interface (virtio 1.x, 4.1.4): vendor-specific
 * capabilities point into memory BARs at the common configuration, the
 * notification area, the ISR byte and the device configuration.
 */
#include "virtio_pci.h"
#include <uk/alloc.h>
#include <uk/arch/io.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_VENDOR 0x09

/* struct virtio_pci_cap fields, and the types of the areas. */
#define CAP_TYPE 3
#define CAP_BAR 4
#define CAP_OFFSET 8
#define CAP_LENGTH 12
#define CAP_NOTIFY_MULT 16
#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR 3
#define CFG_DEVICE 4

/* Common configuration registers. */
#define COM_DFSELECT 0
#define COM_DF 4
#define COM_GFSELECT 8
#define COM_GF 12
#define COM_NUMQ 18
#define COM_STATUS 20
#define COM_GENERATION 21
#define COM_Q_SELECT 22
#define COM_Q_SIZE 24
#define COM_Q_ENABLE 28
#define COM_Q_NOFF 30
#define COM_Q_DESC 32
#define COM_Q_AVAIL 40
#define COM_Q_USED 48

struct modern {
	volatile __u8 *common, *notify, *isr, *device;
	__u32 notify_mult;
	__u32 device_len;
};

#define M(vdev) ((struct modern *)(vdev)->transport_priv)

static __u32 conf(struct pci_device *dev, unsigned int off, unsigned int w)
{
	__u32 v = 0xffffffffU;

	pci_conf_read(&dev->addr, off, w, &v);
	return v;
}

static void com_w64(volatile __u8 *c, unsigned int off, __u64 v)
{
	ukarch_mmio_write32(c + off, (__u32)v);
	ukarch_mmio_write32(c + off + 4, (__u32)(v >> 32));
}

static __u64 features_get(struct virtio_dev *vdev)
{
	volatile __u8 *c = M(vdev)->common;
	__u64 f;

	ukarch_mmio_write32(c + COM_DFSELECT, 1);
	f = (__u64)ukarch_mmio_read32(c + COM_DF) << 32;
	ukarch_mmio_write32(c + COM_DFSELECT, 0);
	return f | ukarch_mmio_read32(c + COM_DF);
}

static void features_set(struct virtio_dev *vdev, __u64 f)
{
	volatile __u8 *c = M(vdev)->common;

	ukarch_mmio_write32(c + COM_GFSELECT, 0);
	ukarch_mmio_write32(c + COM_GF, (__u32)f);
	ukarch_mmio_write32(c + COM_GFSELECT, 1);
	ukarch_mmio_write32(c + COM_GF, (__u32)(f >> 32));
}

static __u8 status_get(struct virtio_dev *vdev)
{
	return ukarch_mmio_read8(M(vdev)->common + COM_STATUS);
}

static void status_set(struct virtio_dev *vdev, __u8 s)
{
	ukarch_mmio_write8(M(vdev)->common + COM_STATUS, s);
}

/* Byte by byte, repeated until the generation is stable (4.1.4.3.1). */
static void config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			unsigned int len)
{
	struct modern *m = M(vdev);
	__u8 gen, *out = buf;

	do {
		gen = ukarch_mmio_read8(m->common + COM_GENERATION);
		for (unsigned int i = 0; i < len; i++) {
			volatile __u8 *r = m->device + off + i;

			out[i] = off + i < m->device_len ? ukarch_mmio_read8(r)
							 : 0;
		}
	} while (gen != ukarch_mmio_read8(m->common + COM_GENERATION));
}

static unsigned int vq_max(struct virtio_dev *vdev, __u16 idx)
{
	volatile __u8 *c = M(vdev)->common;

	if (idx >= ukarch_mmio_read16(c + COM_NUMQ))
		return 0;
	ukarch_mmio_write16(c + COM_Q_SELECT, idx);
	return ukarch_mmio_read16(c + COM_Q_SIZE);
}

static int vq_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	volatile __u8 *c = M(vdev)->common;
	__u16 noff;

	ukarch_mmio_write16(c + COM_Q_SELECT, vq->index);
	ukarch_mmio_write16(c + COM_Q_SIZE, vq->num);
	com_w64(c, COM_Q_DESC, (__u64)(__uptr)vq->desc);
	com_w64(c, COM_Q_AVAIL, (__u64)(__uptr)vq->avail);
	com_w64(c, COM_Q_USED, (__u64)(__uptr)vq->used);
	noff = ukarch_mmio_read16(c + COM_Q_NOFF);
	vq->priv = (void *)(M(vdev)->notify + (__uptr)noff *
					       M(vdev)->notify_mult);
	ukarch_mmio_write16(c + COM_Q_ENABLE, 1);
	return ukarch_mmio_read16(c + COM_Q_ENABLE) == 1 ? 0 : -EIO;
}

static void notify(struct virtio_dev *vdev __unused, struct virtq *vq)
{
	ukarch_mmio_write16(vq->priv, vq->index);
}

static __u8 isr_ack(struct virtio_dev *vdev)
{
	return ukarch_mmio_read8(M(vdev)->isr);
}

static const struct virtio_transport_ops modern_ops = {
	.features_get = features_get,
	.features_set = features_set,
	.status_get = status_get,
	.status_set = status_set,
	.config_read = config_read,
	.vq_max = vq_max,
	.vq_enable = vq_enable,
	.notify = notify,
	.isr_ack = isr_ack,
};

/*
 * The area a capability at cap points to, mapped: its address, or NULL
 * (with *err) if the BAR is absent, I/O or too small.
 */
static volatile __u8 *area(struct pci_device *dev, unsigned int cap,
			   __u32 *len, int *err)
{
	unsigned int bar = conf(dev, cap + CAP_BAR, 1) & 0xff;
	__u32 off = conf(dev, cap + CAP_OFFSET, 4);
	__u64 base, size;
	int io;

	*len = conf(dev, cap + CAP_LENGTH, 4);
	if (bar > 5 || pci_bar_get(dev, (int)bar, &base, &size, &io) < 0 ||
	    io || !base || (__u64)off + *len > size) {
		*err = -ENOENT;
		return NULL;
	}
	if (virtio_map_mmio(base + off, *len) < 0) {
		*err = -ENOMEM;
		return NULL;
	}
	return (volatile __u8 *)(__uptr)(base + off);
}

int virtio_pci_modern_setup(struct pci_device *dev, struct virtio_dev *vdev)
{
	struct modern m = { 0 }, *mp;
	unsigned int cap, guard = 48;
	int err = 0;
	__u32 len;

	if (!(conf(dev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return -ENOENT;
	for (cap = conf(dev, PCI_CAP_PTR, 1) & 0xfc; cap && guard--;
	     cap = conf(dev, cap + 1, 1) & 0xfc) {
		unsigned int type;

		if ((conf(dev, cap, 1) & 0xff) != PCI_CAP_VENDOR)
			continue;
		type = conf(dev, cap + CAP_TYPE, 1) & 0xff;
		/* The first capability of each type is the one to use. */
		if (type == CFG_COMMON && !m.common) {
			m.common = area(dev, cap, &len, &err);
		} else if (type == CFG_NOTIFY && !m.notify) {
			m.notify = area(dev, cap, &len, &err);
			m.notify_mult = conf(dev, cap + CAP_NOTIFY_MULT, 4);
		} else if (type == CFG_ISR && !m.isr) {
			m.isr = area(dev, cap, &len, &err);
		} else if (type == CFG_DEVICE && !m.device) {
			m.device = area(dev, cap, &m.device_len, &err);
		}
		if (err == -ENOMEM)
			break;
	}
	if (!m.common || !m.notify || !m.isr) {
		if (err == -ENOMEM)
			uk_pr_err("%s: cannot map the virtio registers\n",
				  vdev->where);
		return err == -ENOMEM ? err : -ENOENT;
	}
	mp = uk_malloc(uk_alloc_get_default(), sizeof(*mp));
	if (!mp)
		return -ENOMEM;
	*mp = m;
	pci_enable(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	vdev->ops = &modern_ops;
	vdev->transport = "pci-modern";
	vdev->transport_priv = mp;
	vdev->modern = 1;
	vdev->max_vq_size = 32768;
	return 0;
}
