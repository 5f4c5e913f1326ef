/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to the virtio PCI transport: the two flavours' set-up. */
#ifndef VIRTIO_PCI_H
#define VIRTIO_PCI_H

#include <uk/bus/pci.h>
#include <uk/virtio/virtio.h>

#define VIRTIO_PCI_VENDOR 0x1af4

/* Map device registers at [base, base + len) uncached. 0 or -errno. */
int virtio_map_mmio(__u64 base, __u64 len);

/*
 * Fill vdev for the modern (1.x, capability-based) interface of dev.
 * Returns 0, -ENOENT if dev has no usable modern capabilities, another
 * negative errno (named on the console) if they are broken.
 */
int virtio_pci_modern_setup(struct pci_device *dev, struct virtio_dev *vdev);

/* The same with the legacy interface (I/O BAR 0). */
int virtio_pci_legacy_setup(struct pci_device *dev, struct virtio_dev *vdev);
#endif
