/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PVH boot information (Xen's hvm_start_info, version 0 and 1), as a
 * PVH loader (QEMU -kernel, Firecracker, Xen) leaves it for the image.
 * Addresses are physical; 0 means absent.
 */
#ifndef KVM_X86_PVH_H
#define KVM_X86_PVH_H

#include <uk/essentials.h>

struct kvm_pvh_start_info {
	__u32 magic; /* KVM_PVH_MAGIC */
	__u32 version;
	__u32 flags;
	__u32 nr_modules;
	__u64 modlist_paddr;
	__u64 cmdline_paddr;
	__u64 rsdp_paddr;
	/* version 1 and later */
	__u64 memmap_paddr;
	__u32 memmap_entries;
	__u32 reserved;
};

struct kvm_pvh_module {
	__u64 paddr;
	__u64 size;
	__u64 cmdline_paddr;
	__u64 reserved;
};

/* Memory map entry types (the E820 ones). */
#define KVM_PVH_MEM_RAM 1
#define KVM_PVH_MEM_RESERVED 2
#define KVM_PVH_MEM_ACPI 3
#define KVM_PVH_MEM_NVS 4
#define KVM_PVH_MEM_UNUSABLE 5

struct kvm_pvh_memmap_entry {
	__u64 addr;
	__u64 size;
	__u32 type;
	__u32 reserved;
};

/*
 * Read the start info at paddr: build the memory regions, map RAM, keep
 * the ACPI RSDP address. Returns the command line (or NULL). Stops the
 * machine with a message if the boot information is unusable. Boot only.
 */
const char *kvm_pvh_setup(__paddr start_info);

/* The RSDP address the loader passed, or 0. */
extern __paddr kvm_pvh_rsdp;
#endif
