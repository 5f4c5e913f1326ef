/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checks of the PVH start info that Xen (or any PVH loader) passes,
 * beyond what kvm_pvh_parse refuses: pure functions on what it read
 * (tested in tests/test_xen_x86.c).
 */
#include <xen/x86.h>
#include <kvm/x86/boot.h>
#include <uk/plat/memory.h>
#include <errno.h>

int xen_x86_check_start_info(const struct kvm_pvh_start_info *si,
			     struct xen_x86_bootcheck *why)
{
	if (si->magic != KVM_PVH_MAGIC) {
		why->value = si->magic;
		return -EPROTO;
	}
	if (si->version < 1) {
		why->value = si->version;
		return -ENOENT;
	}
	return 0;
}

static int is_ram(const struct kvm_memrange *r)
{
	return (r->flags & UKPLAT_MEMRF_FREE) && r->len;
}

/* Whether [base, base + len) lies inside one RAM entry. */
static int in_ram(const struct kvm_pvh_info *info, __u64 base, __u64 len)
{
	for (int i = 0; i < info->nfw; i++)
		if (is_ram(&info->fw[i]) && base >= info->fw[i].base &&
		    base + len >= base &&
		    base + len <= info->fw[i].base + info->fw[i].len)
			return 1;
	return 0;
}

int xen_x86_check_memory(const struct kvm_pvh_info *info, __u64 image,
			 __u64 image_end, struct xen_x86_bootcheck *why)
{
	int ram = 0;

	why->a = why->b = -1;
	for (int i = 0; i < info->nfw; i++) {
		const struct kvm_memrange *a = &info->fw[i];

		ram |= is_ram(a);
		for (int j = i + 1; j < info->nfw; j++) {
			const struct kvm_memrange *b = &info->fw[j];

			if (a->len && b->len && a->base < b->base + b->len &&
			    b->base < a->base + a->len) {
				why->a = i;
				why->b = j;
				return -EINVAL;
			}
		}
	}
	if (!ram)
		return -ENOMEM;
	if (!in_ram(info, image, image_end - image))
		return -EFAULT;
	for (int i = 0; i < info->nused; i++)
		if (info->used[i].flags == UKPLAT_MEMRF_INITRD &&
		    !in_ram(info, info->used[i].base, info->used[i].len)) {
			why->a = i;
			return -ERANGE;
		}
	return 0;
}

UK_CTASSERT(sizeof(struct xen_e820_entry) == 20);
UK_CTASSERT(sizeof(struct xen_memory_map) == 16);

int xen_x86_e820_to_memmap(const struct xen_e820_entry *e820, unsigned int n,
			   struct kvm_pvh_memmap_entry *out, unsigned int max)
{
	if (n > max)
		return -E2BIG;
	for (unsigned int i = 0; i < n; i++)
		out[i] = (struct kvm_pvh_memmap_entry){
			e820[i].addr, e820[i].size, e820[i].type, 0 };
	return (int)n;
}

const char *xen_x86_bootcheck_str(int rc)
{
	switch (rc) {
	case 0:
		return "fine";
	case -EPROTO:
		return "the start info's magic is not hvm_start_info's 0x336ec578";
	case -ENOENT:
		return "start info version 0: no memory map";
	case -ENOMEM:
		return "the memory map has no usable RAM";
	case -EFAULT:
		return "the image is not inside one RAM entry of the memory map";
	case -EINVAL:
		return "two entries of the memory map overlap";
	case -ERANGE:
		return "the initrd (module 0) is not inside RAM";
	}
	return "unknown error";
}
