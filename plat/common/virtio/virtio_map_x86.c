/* SPDX-License-Identifier: BSD-3-Clause */
/* Device registers for virtio on kvm x86_64: uncached identity mapping. */
#include "virtio_pci.h"
#include <kvm/x86/pagetable.h>

int virtio_map_mmio(__u64 base, __u64 len)
{
	return kvm_x86_map(base, len, KVM_MAP_MMIO);
}
