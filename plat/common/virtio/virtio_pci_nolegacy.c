/* SPDX-License-Identifier: BSD-3-Clause */
/* arm64 has no port I/O: legacy-only virtio PCI devices are not used. */
#include "virtio_pci.h"
#include <uk/print.h>
#include <errno.h>

int virtio_pci_legacy_setup(struct pci_device *dev __unused,
			    struct virtio_dev *vdev)
{
	uk_pr_warn("%s: legacy-only virtio PCI device: not supported on this architecture (use a modern one)\n",
		   vdev->where);
	return -ENOTSUP;
}
