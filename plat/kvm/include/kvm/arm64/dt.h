/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the kvm arm64 platform takes from the device tree, read in one
 * walk over it: memory, reserved memory, /chosen (command line, initrd,
 * console), the PL011 UART, the GIC, the generic timer, PSCI, the PL031
 * RTC, virtio-mmio transports and the generic ECAM PCI host bridge.
 * Nodes with status "disabled" are skipped; so are nodes whose parent
 * translates addresses through a non-empty "ranges" (QEMU's virt has
 * none; see doc/arm64.md).
 */
#ifndef KVM_ARM64_DT_H
#define KVM_ARM64_DT_H

#include <uk/essentials.h>
#include <uk/fdt.h>
#include <kvm/memregion.h>

#define KVM_DT_MEM_MAX 8
#define KVM_DT_RSV_MAX 8
#define KVM_DT_VIRTIO_MAX 32

#define KVM_DT_PSCI_NONE 0
#define KVM_DT_PSCI_HVC 1
#define KVM_DT_PSCI_SMC 2

/* An interrupt as the GIC numbers it (INTID), and how it triggers. */
struct kvm_dt_irq {
	unsigned int intid; /* 0: none */
	int edge;           /* 1: edge-triggered, 0: level */
};

struct kvm_dt_dev {
	__u64 base, size;   /* first register range; size 0: absent */
	struct kvm_dt_irq irq;
};

struct kvm_arm64_dt {
	struct kvm_memrange mem[KVM_DT_MEM_MAX]; /* RAM (device_type memory) */
	int nmem;
	struct kvm_memrange rsv[KVM_DT_RSV_MAX]; /* reserved: block + node */
	int nrsv;
	const char *bootargs;     /* NULL: none */
	const void *seed;         /* /chosen rng-seed, else kaslr-seed; NULL: none */
	__u32 seed_len;
	__u64 initrd_start, initrd_end;
	struct kvm_dt_dev uart;   /* PL011: stdout-path's, else the first */
	int gic_version;          /* 2, 3, or 0: none found */
	struct kvm_dt_dev gicd;   /* distributor */
	struct kvm_dt_dev gicc;   /* v2: CPU interface; v3: redistributors */
	int gic_addr_cells;       /* the GIC node's #address-cells */
	struct kvm_dt_irq timer_virt, timer_phys; /* EL1 virtual, physical */
	__u32 timer_freq;         /* clock-frequency, 0: ask CNTFRQ_EL0 */
	int psci;                 /* KVM_DT_PSCI_* */
	struct kvm_dt_dev rtc;    /* PL031 */
	struct kvm_dt_dev virtio[KVM_DT_VIRTIO_MAX];
	int nvirtio;
	struct {
		struct kvm_dt_dev ecam; /* size 0: no PCI host bridge */
		__u32 bus_start, bus_end;
		const void *ranges;     /* raw "ranges", "interrupt-map" */
		__u32 ranges_len;
		const void *imap;
		__u32 imap_len;
		__u32 imap_mask[4];     /* phys.hi, mid, lo, pin */
		int parent_addr_cells;  /* of the bridge's parent */
	} pci;
	const char *warning;      /* something skipped, for the console */
};

/*
 * Check the device tree at blob (at most maxlen bytes readable) and
 * fill *dt. Returns 0, or the negative errno of uk_fdt_init/uk_fdt_next;
 * then fdt->err says what is wrong and fdt->err_off where. Needs no
 * console and no allocator.
 */
int kvm_arm64_dt_parse(const void *blob, __sz maxlen, struct uk_fdt *fdt,
		       struct kvm_arm64_dt *dt);
#endif
