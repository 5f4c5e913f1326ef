/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The legacy virtio PCI interface (virtio 1.x, 4.1.4.10; transitional
 * devices 0x1000-0x103f): registers in I/O BAR 0, 32 feature bits, the
 * queue's size fixed by the device and its rings given as one page
 * frame number. x86 only (port I/O).
 */
#include "virtio_pci.h"
#include <uk/arch/io.h>
#include <errno.h>

#define L_HOST_FEATURES 0
#define L_GUEST_FEATURES 4
#define L_QUEUE_PFN 8
#define L_QUEUE_SIZE 12
#define L_QUEUE_SELECT 14
#define L_QUEUE_NOTIFY 16
#define L_STATUS 18
#define L_ISR 19
#define L_CONFIG 20 /* without MSI-X */

#define PORT(vdev) ((__u16)(__uptr)(vdev)->transport_priv)

static __u64 features_get(struct virtio_dev *vdev)
{
	return ukarch_inl(PORT(vdev) + L_HOST_FEATURES);
}

static void features_set(struct virtio_dev *vdev, __u64 f)
{
	ukarch_outl(PORT(vdev) + L_GUEST_FEATURES, (__u32)f);
}

static __u8 status_get(struct virtio_dev *vdev)
{
	return ukarch_inb(PORT(vdev) + L_STATUS);
}

static void status_set(struct virtio_dev *vdev, __u8 s)
{
	ukarch_outb(PORT(vdev) + L_STATUS, s);
}

static void config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			unsigned int len)
{
	__u8 *out = buf;

	for (unsigned int i = 0; i < len; i++)
		out[i] = ukarch_inb((__u16)(PORT(vdev) + L_CONFIG + off + i));
}

static unsigned int vq_max(struct virtio_dev *vdev, __u16 idx)
{
	ukarch_outw(PORT(vdev) + L_QUEUE_SELECT, idx);
	return ukarch_inw(PORT(vdev) + L_QUEUE_SIZE);
}

static int vq_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	__uptr pa = (__uptr)vq->mem;

	if (pa >> (32 + 12))
		return -EIO; /* beyond what a 32-bit frame number reaches */
	ukarch_outw(PORT(vdev) + L_QUEUE_SELECT, vq->index);
	ukarch_outl(PORT(vdev) + L_QUEUE_PFN, (__u32)(pa >> 12));
	return 0;
}

static void notify(struct virtio_dev *vdev, struct virtq *vq)
{
	ukarch_outw(PORT(vdev) + L_QUEUE_NOTIFY, vq->index);
}

static __u8 isr_ack(struct virtio_dev *vdev)
{
	return ukarch_inb(PORT(vdev) + L_ISR);
}

static const struct virtio_transport_ops legacy_ops = {
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

int virtio_pci_legacy_setup(struct pci_device *dev, struct virtio_dev *vdev)
{
	__u64 base, size;
	int io;

	if (pci_bar_get(dev, 0, &base, &size, &io) < 0 || !io || !base ||
	    size < L_CONFIG)
		return -ENOENT;
	pci_enable(dev, PCI_COMMAND_IO | PCI_COMMAND_MASTER);
	vdev->ops = &legacy_ops;
	vdev->transport = "pci-legacy";
	vdev->transport_priv = (void *)(__uptr)base;
	vdev->modern = 0;
	vdev->vq_size_fixed = 1;
	return 0;
}
