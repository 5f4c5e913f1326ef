/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio over MMIO (virtio 1.x, 4.2): the device tree's "virtio,mmio"
 * nodes (QEMU's virt has 32, most of them empty: device ID 0). Version 2
 * is the modern interface; version 1 the legacy one (QEMU's default
 * unless -global virtio-mmio.force-legacy=false), with 32 feature bits
 * and rings given as a page frame number. A bus of its own (ukbus).
 */
#include "virtio_pci.h"
#include <kvm/arm64/devices.h>
#include <uk/alloc.h>
#include <uk/arch/io.h>
#include <uk/bus.h>
#include <uk/print.h>
#include <errno.h>
#include <stdio.h>

#define MAGIC 0x74726976 /* "virt" */
#define R_MAGIC 0x000
#define R_VERSION 0x004
#define R_DEVICE_ID 0x008
#define R_DEV_FEATURES 0x010
#define R_DEV_FEATURES_SEL 0x014
#define R_DRV_FEATURES 0x020
#define R_DRV_FEATURES_SEL 0x024
#define R_GUEST_PAGE_SIZE 0x028 /* v1 */
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM_MAX 0x034
#define R_QUEUE_NUM 0x038
#define R_QUEUE_ALIGN 0x03c /* v1 */
#define R_QUEUE_PFN 0x040   /* v1 */
#define R_QUEUE_READY 0x044 /* v2 */
#define R_QUEUE_NOTIFY 0x050
#define R_INT_STATUS 0x060
#define R_INT_ACK 0x064
#define R_STATUS 0x070
#define R_QUEUE_DESC 0x080
#define R_QUEUE_AVAIL 0x090
#define R_QUEUE_USED 0x0a0
#define R_GENERATION 0x0fc
#define R_CONFIG 0x100

#define REGS(vdev) ((volatile __u8 *)(vdev)->transport_priv)

static __u32 rd(struct virtio_dev *vdev, unsigned int off)
{
	return ukarch_mmio_read32(REGS(vdev) + off);
}

static void wr(struct virtio_dev *vdev, unsigned int off, __u32 v)
{
	ukarch_mmio_write32(REGS(vdev) + off, v);
}

static __u64 features_get(struct virtio_dev *vdev)
{
	__u64 f;

	wr(vdev, R_DEV_FEATURES_SEL, 1);
	f = (__u64)rd(vdev, R_DEV_FEATURES) << 32;
	wr(vdev, R_DEV_FEATURES_SEL, 0);
	return f | rd(vdev, R_DEV_FEATURES);
}

static void features_set(struct virtio_dev *vdev, __u64 f)
{
	wr(vdev, R_DRV_FEATURES_SEL, 0);
	wr(vdev, R_DRV_FEATURES, (__u32)f);
	wr(vdev, R_DRV_FEATURES_SEL, 1);
	wr(vdev, R_DRV_FEATURES, (__u32)(f >> 32));
}

static __u8 status_get(struct virtio_dev *vdev)
{
	return (__u8)rd(vdev, R_STATUS);
}

static void status_set(struct virtio_dev *vdev, __u8 s)
{
	wr(vdev, R_STATUS, s);
}

static void config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			unsigned int len)
{
	__u8 *out = buf;
	__u32 gen;

	do {
		gen = vdev->modern ? rd(vdev, R_GENERATION) : 0;
		for (unsigned int i = 0; i < len; i++)
			out[i] = ukarch_mmio_read8(REGS(vdev) + R_CONFIG +
						   off + i);
	} while (vdev->modern && gen != rd(vdev, R_GENERATION));
}

static unsigned int vq_max(struct virtio_dev *vdev, __u16 idx)
{
	wr(vdev, R_QUEUE_SEL, idx);
	if (vdev->modern && rd(vdev, R_QUEUE_READY))
		return 0; /* in use: not ours to set up */
	return rd(vdev, R_QUEUE_NUM_MAX);
}

static int vq_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	__u64 desc = (__uptr)vq->desc, avail = (__uptr)vq->avail,
	      used = (__uptr)vq->used;

	wr(vdev, R_QUEUE_SEL, vq->index);
	wr(vdev, R_QUEUE_NUM, vq->num);
	if (!vdev->modern) {
		if (desc >> (32 + 12))
			return -EIO;
		/* Page size first: a reset may have cleared it. */
		wr(vdev, R_GUEST_PAGE_SIZE, VIRTQ_ALIGN);
		wr(vdev, R_QUEUE_ALIGN, VIRTQ_ALIGN);
		wr(vdev, R_QUEUE_PFN, (__u32)(desc >> 12));
		return 0;
	}
	wr(vdev, R_QUEUE_DESC, (__u32)desc);
	wr(vdev, R_QUEUE_DESC + 4, (__u32)(desc >> 32));
	wr(vdev, R_QUEUE_AVAIL, (__u32)avail);
	wr(vdev, R_QUEUE_AVAIL + 4, (__u32)(avail >> 32));
	wr(vdev, R_QUEUE_USED, (__u32)used);
	wr(vdev, R_QUEUE_USED + 4, (__u32)(used >> 32));
	wr(vdev, R_QUEUE_READY, 1);
	return rd(vdev, R_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void notify(struct virtio_dev *vdev, struct virtq *vq)
{
	wr(vdev, R_QUEUE_NOTIFY, vq->index);
}

static __u8 isr_ack(struct virtio_dev *vdev)
{
	__u32 s = rd(vdev, R_INT_STATUS);

	if (s)
		wr(vdev, R_INT_ACK, s);
	return (__u8)s;
}

static const struct virtio_transport_ops mmio_ops = {
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

/* One transport slot: 1 if a device sits there and was offered. */
static int probe_one(const struct kvm_dt_dev *d)
{
	volatile __u8 *regs = (volatile __u8 *)(__uptr)d->base;
	struct virtio_dev *vdev;
	__u32 version, type;

	if (d->size < R_CONFIG || virtio_map_mmio(d->base, d->size) < 0)
		return 0;
	if (ukarch_mmio_read32(regs + R_MAGIC) != MAGIC)
		return 0;
	version = ukarch_mmio_read32(regs + R_VERSION);
	type = ukarch_mmio_read32(regs + R_DEVICE_ID);
	if (!type)
		return 0; /* an empty slot */
	if (version != 1 && version != 2) {
		uk_pr_warn("virtio-mmio at 0x%llx: unknown version %u\n",
			   (unsigned long long)d->base, version);
		return 0;
	}
	vdev = uk_calloc(uk_alloc_get_default(), 1, sizeof(*vdev));
	if (!vdev)
		return 0;
	snprintf(vdev->where, sizeof(vdev->where), "mmio 0x%llx",
		 (unsigned long long)d->base);
	vdev->ops = &mmio_ops;
	vdev->transport = version == 2 ? "mmio-v2" : "mmio-v1";
	vdev->transport_priv = (void *)(__uptr)d->base;
	vdev->device_type = type;
	vdev->modern = version == 2;
	vdev->vq_size_fixed = 0;
	vdev->irq = d->irq.intid;
	if (virtio_dev_attach(vdev) < 0)
		uk_free(uk_alloc_get_default(), vdev);
	return 1;
}

static int probed;

static int mmio_probe(void)
{
	int n = 0;

	if (probed++)
		return 0; /* devices are taken once */
	for (int i = 0; i < kvm_arm64_dt.nvirtio; i++)
		n += probe_one(&kvm_arm64_dt.virtio[i]);
	return n;
}

static const struct uk_bus mmio_bus = { .name = "virtio-mmio",
					.probe = mmio_probe };
UK_BUS_REGISTER(&mmio_bus);
