/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PVH boot information (Xen's hvm_start_info, version 0 and 1), as a
 * PVH loader (QEMU -kernel, Firecracker, Xen) leaves it for the image.
 * Addresses are physical; 0 means absent.
 */
#ifndef KVM_X86_PVH_H
#define KVM_X86_PVH_H

#include <uk/essentials.h>
#include <kvm/memregion.h>

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

#define KVM_PVH_USED_MAX 8

/* A command line is looked at up to this length (then called that long). */
#define KVM_PVH_CMDLINE_SCAN (1 << 20)

/* What a start info says, before any of it is used. */
struct kvm_pvh_info {
	struct kvm_memrange fw[KVM_MEMREGION_MAX]; /* the loader's memory map */
	int nfw;
	struct kvm_memrange used[KVM_PVH_USED_MAX]; /* image, boot info, ... */
	int nused;
	__u64 ram_top;       /* end of the highest RAM entry */
	__u32 map_entries;   /* entries the map claims to have */
	const char *cmdline; /* or NULL */
	__paddr rsdp;        /* or 0 */
};

/*
 * Read the start info at paddr into info: the memory map as ranges, and
 * the ranges in use (the image, the start info, the map, the command
 * line, the module list, module 0 as the initrd). Maps what it reads,
 * changes nothing else. Returns 0, -ENOENT if there is no memory map
 * (start info version 0), -E2BIG if the map has more entries than
 * KVM_MEMREGION_MAX (info->map_entries says how many), -EINVAL if the map
 * or the module list is not 8-byte aligned, or -EOVERFLOW if
 * the command line runs into the start info, its memory map or module
 * list (a loader that copied a line longer than its buffer over them).
 */
int kvm_pvh_parse(__paddr start_info, struct kvm_pvh_info *info);

/*
 * Read the start info at paddr: build the memory regions, map RAM, keep
 * the ACPI RSDP address. Returns the command line (or NULL). Stops the
 * machine with a message if the boot information is unusable. Boot only.
 */
const char *kvm_pvh_setup(__paddr start_info);

/* The RSDP address the loader passed, or 0. */
extern __paddr kvm_pvh_rsdp;
#endif
