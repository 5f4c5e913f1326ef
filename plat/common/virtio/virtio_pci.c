/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio over PCI (virtio 1.x, 4.1): vendor 0x1af4, devices
 * 0x1000-0x103f (transitional: legacy interface in I/O BAR 0, and
 * usually the modern one too) and 0x1040 + device type (modern only).
 * The modern interface is used whenever the device has it.
 */
#include "virtio_pci.h"
#include <uk/alloc.h>
#include <uk/print.h>
#include <errno.h>
#include <stdio.h>

#define FIRST_TRANSITIONAL 0x1000
#define LAST_TRANSITIONAL 0x103f
#define FIRST_MODERN 0x1040
#define LAST_MODERN 0x107f

static __u32 device_type(const struct pci_device *dev)
{
	if (dev->device_id >= FIRST_MODERN)
		return dev->device_id - FIRST_MODERN;
	/* Transitional devices name their type in the subsystem ID. */
	return dev->subsys_id;
}

static int add_dev(struct pci_device *dev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct virtio_dev *vdev;
	int rc;

	if (dev->device_id < FIRST_TRANSITIONAL ||
	    dev->device_id > LAST_MODERN)
		return -ENODEV;
	if (dev->drv_data)
		return 0; /* probed again: already ours */
	vdev = a ? uk_calloc(a, 1, sizeof(*vdev)) : NULL;
	if (!vdev)
		return -ENOMEM;
	snprintf(vdev->where, sizeof(vdev->where), "pci %02x:%02x.%x",
		 dev->addr.bus, dev->addr.dev, dev->addr.func);
	vdev->device_type = device_type(dev);
	vdev->irq = dev->irq_line;
	rc = virtio_pci_modern_setup(dev, vdev);
	if (rc == -ENOENT && dev->device_id <= LAST_TRANSITIONAL)
		rc = virtio_pci_legacy_setup(dev, vdev);
	if (rc == 0)
		rc = virtio_dev_attach(vdev);
	if (rc < 0) {
		/* Left alone; the modern registers' map goes too. */
		if (vdev->modern)
			uk_free(a, vdev->transport_priv);
		uk_free(a, vdev);
		return rc;
	}
	dev->drv_data = vdev;
	return 0;
}

static const struct pci_device_id ids[] = {
	PCI_DEVICE_ID(VIRTIO_PCI_VENDOR, PCI_ANY_ID),
	PCI_DEVICE_END,
};

static const struct pci_driver virtio_pci_driver = {
	.name = "virtio-pci",
	.ids = ids,
	.add_dev = add_dev,
};
UK_PCI_DRIVER_REGISTER(&virtio_pci_driver);
