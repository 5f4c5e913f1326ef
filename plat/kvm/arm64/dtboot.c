/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The arm64 boot steps the kvm and xen platforms share (both get a device
 * tree in x0 and take RAM from its memory nodes): mapping and checking the
 * tree, mapping RAM, and building the memory regions from RAM less the
 * image, the tree and the initrd. Each platform's setup.c keeps what
 * differs (where a tree may be found, kvm moving it behind the image).
 */
#include <kvm/arm64/boot.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/dtboot.h>
#include <kvm/arm64/pagetable.h>
#include <kvm/memregion.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

#define USED_MAX 4

void __noreturn kvm_arm64_boot_fail(const char *msg)
{
	uk_pr_crit("%s\n", msg);
	ukplat_terminate(UKPLAT_CRASH);
}

const void *kvm_arm64_dtb_map(const struct kvm_arm64_bootname *bn,
			      __paddr dtb, __sz max, const char *no_magic,
			      __sz *size)
{
	const __u8 *p = (const __u8 *)dtb;

	if (dtb & 7) {
		uk_pr_crit("%s: the device tree address in x0 is not 8-byte aligned\n",
			   bn->platform);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (kvm_arm64_map(dtb, UK_FDT_HEADER_SIZE, KVM_MAP_RO) < 0)
		goto unmappable;
	if (uk_fdt32(p) != UK_FDT_MAGIC)
		kvm_arm64_boot_fail(no_magic);
	*size = MIN((__sz)uk_fdt32(p + 4), max);
	if (kvm_arm64_map(dtb, *size, KVM_MAP_RO) < 0)
		goto unmappable;
	return p;
unmappable:
	uk_pr_crit("%s: cannot map the device tree\n", bn->platform);
	ukplat_terminate(UKPLAT_CRASH);
}

int kvm_arm64_dt_ram(const struct kvm_arm64_bootname *bn,
		     struct kvm_memrange *fw)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	__uptr img = (__uptr)__kvm_image_start;
	__uptr img_end = (__uptr)__kvm_image_end;
	int nfw = 0, inside = 0;

	if (!dt->nmem) {
		uk_pr_crit("%s: the device tree has no memory node\n",
			   bn->platform);
		ukplat_terminate(UKPLAT_CRASH);
	}
	for (int i = 0; i < dt->nmem; i++) {
		const struct kvm_memrange *m = &dt->mem[i];

		fw[nfw++] = *m;
		if (m->base <= img && m->base + m->len >= img_end)
			inside = 1;
		if (kvm_arm64_map(m->base, m->len, KVM_MAP_RAM) < 0)
			uk_pr_warn("RAM at 0x%llx: page-table pool full, part of it is left out\n",
				   (unsigned long long)m->base);
	}
	for (int i = 0; i < dt->nrsv; i++)
		fw[nfw++] = dt->rsv[i];
	if (!inside) {
		uk_pr_crit("%s: not enough memory: the image needs RAM from 0x%lx up to 0x%lx; %s\n",
			   bn->platform, (unsigned long)img,
			   (unsigned long)img_end, bn->more_memory);
		ukplat_terminate(UKPLAT_CRASH);
	}
	return nfw;
}

void kvm_arm64_memregions(const struct kvm_arm64_bootname *bn,
			  const struct kvm_memrange *fw, int nfw,
			  const void *dtb, __sz dtb_size)
{
	static struct ukplat_memregion_desc out[KVM_MEMREGION_MAX];
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;
	struct kvm_memrange used[USED_MAX];
	__uptr img = (__uptr)__kvm_image_start;
	int nused = 0, n;

	used[nused++] = (struct kvm_memrange){
		img, (__uptr)__kvm_image_end - img, UKPLAT_MEMRF_KERNEL,
		"kernel" };
	used[nused++] = (struct kvm_memrange){ (__uptr)dtb, dtb_size,
					       UKPLAT_MEMRF_BOOTINFO, "dtb" };
	if (dt->initrd_end)
		used[nused++] = (struct kvm_memrange){
			dt->initrd_start, dt->initrd_end - dt->initrd_start,
			UKPLAT_MEMRF_INITRD, "initrd" };
	n = kvm_memregion_build(fw, nfw, used, nused, 0, ~0ULL, out,
				ARRAY_SIZE(out));
	if (n < 0 || kvm_memregion_set(out, n) < 0) {
		uk_pr_crit("%s: cannot build the memory regions\n",
			   bn->platform);
		ukplat_terminate(UKPLAT_CRASH);
	}
	kvm_memregion_print();
}
