/* SPDX-License-Identifier: BSD-3-Clause */
/* Device registers for virtio on kvm arm64: Device-nGnRE identity mapping. */
#include "virtio_pci.h"
#include <kvm/arm64/pagetable.h>

int virtio_map_mmio(__u64 base, __u64 len)
{
	return kvm_arm64_map(base, len, KVM_MAP_MMIO);
}
