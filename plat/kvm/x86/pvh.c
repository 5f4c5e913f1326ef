/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH boot information to memory regions. Used ranges: the image itself
 * (code, data, bss, page tables, stacks), the start info with its memory
 * map and module list, the command line, and module 0 as the initrd.
 * Free: the rest of RAM from 1 MiB up to where the page tables reach.
 * Nothing below 1 MiB is free: the first 64 KiB stay unmapped (NULL
 * plus an offset faults), and no heap or stack lands in the legacy area
 * (BIOS data, option ROMs, VGA memory) next to them.
 */
#include <kvm/x86/pvh.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/pagetable.h>
#include <kvm/memregion.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <stddef.h>

__paddr kvm_pvh_rsdp;

static const char *const type_name[] = {
	[KVM_PVH_MEM_RESERVED] = "reserved", [KVM_PVH_MEM_ACPI] = "acpi",
	[KVM_PVH_MEM_NVS] = "acpi-nvs", [KVM_PVH_MEM_UNUSABLE] = "unusable",
};

static void *phys(__paddr addr, __sz len)
{
	if (kvm_x86_map(addr, len, KVM_MAP_RAM) < 0)
		UK_CRASH("cannot map boot information at 0x%lx", addr);
	return (void *)addr;
}

/*
 * Length of the string at paddr with its NUL, mapping it a page at a
 * time (it may be longer than any buffer it is meant for); at most
 * KVM_PVH_CMDLINE_SCAN, which a longer string is reported as.
 */
static __sz str_size(__paddr paddr)
{
	const char *s = phys(paddr, 1);
	__sz n = 0;

	while (n < KVM_PVH_CMDLINE_SCAN) {
		if (((paddr + n) & 4095) == 0)
			phys(paddr + n, 1);
		if (!s[n])
			return n + 1;
		n++;
	}
	return n;
}

static int overlap(const struct kvm_memrange *a, const struct kvm_memrange *b)
{
	return a->base < b->base + b->len && b->base < a->base + a->len;
}

/*
 * Whether the command line runs into other boot information: what a
 * loader leaves when it was given a line longer than its buffer (QEMU's
 * PVH option ROM keeps 4 KiB for it, then the module list and the start
 * info; it copies a longer line over them). The image and the initrd
 * are left out: a line may lie in the image (tests), and a module list
 * overwritten with text names an initrd anywhere.
 */
static int cmdline_overrun(const struct kvm_pvh_info *info,
			   const struct kvm_memrange *cmd)
{
	for (int i = 0; i < info->nused; i++)
		if (&info->used[i] != cmd &&
		    info->used[i].flags != UKPLAT_MEMRF_INITRD &&
		    info->used[i].flags != UKPLAT_MEMRF_KERNEL &&
		    overlap(&info->used[i], cmd))
			return 1;
	return 0;
}

/*
 * Map the RAM ranges of the map, lowest first (holes stay unmapped).
 * Returns the address below which all RAM is mapped.
 */
static __u64 map_ram(const struct kvm_memrange *fw, int n)
{
	__u64 done = 0;

	for (;;) {
		const struct kvm_memrange *next = NULL;
		__u64 end, got;

		/* The RAM range with the lowest base at or above done. */
		for (int i = 0; i < n; i++)
			if ((fw[i].flags & UKPLAT_MEMRF_FREE) && fw[i].len &&
			    fw[i].base + fw[i].len > done &&
			    (!next || fw[i].base < next->base))
				next = &fw[i];
		if (!next)
			return ~0ULL;
		end = next->base + next->len;
		got = kvm_x86_map_ram(MAX(next->base, done), end);
		if (got < end)
			return got;
		done = end;
	}
}

int kvm_pvh_parse(__paddr si_paddr, struct kvm_pvh_info *info)
{
	const struct kvm_pvh_start_info *si = phys(si_paddr, sizeof(*si));
	const struct kvm_pvh_memmap_entry *mm;
	struct kvm_memrange *cmd = NULL;

	info->nfw = 0;
	info->nused = 0;
	info->ram_top = 0;
	info->cmdline = NULL;
	info->rsdp = si->rsdp_paddr;
	info->map_entries = si->version < 1 ? 0 : si->memmap_entries;
	if (si->version < 1 || !si->memmap_paddr || !si->memmap_entries)
		return -ENOENT;
	if (si->memmap_entries > KVM_MEMREGION_MAX)
		return -E2BIG;
	/* read as arrays of 64-bit fields: a misaligned one is refused */
	if ((si->memmap_paddr | (si->nr_modules ? si->modlist_paddr : 0)) & 7)
		return -EINVAL;
	mm = phys(si->memmap_paddr, si->memmap_entries * sizeof(*mm));
	for (__u32 i = 0; i < si->memmap_entries; i++) {
		__u32 t = mm[i].type;

		info->fw[info->nfw++] = (struct kvm_memrange){
			.base = mm[i].addr, .len = mm[i].size,
			.flags = t == KVM_PVH_MEM_RAM ? UKPLAT_MEMRF_FREE
						      : UKPLAT_MEMRF_RESERVED,
			.name = t < ARRAY_SIZE(type_name) && type_name[t]
					? type_name[t] : "reserved",
		};
		if (t == KVM_PVH_MEM_RAM &&
		    mm[i].addr + mm[i].size > info->ram_top)
			info->ram_top = mm[i].addr + mm[i].size;
	}

	info->used[info->nused++] = (struct kvm_memrange){
		(__uptr)__kvm_image_start,
		(__uptr)__kvm_image_end - (__uptr)__kvm_image_start,
		UKPLAT_MEMRF_KERNEL, "kernel" };
	info->used[info->nused++] = (struct kvm_memrange){
		si_paddr, sizeof(*si), UKPLAT_MEMRF_BOOTINFO, "bootinfo" };
	info->used[info->nused++] = (struct kvm_memrange){
		si->memmap_paddr, si->memmap_entries * sizeof(*mm),
		UKPLAT_MEMRF_BOOTINFO, "memmap" };
	if (si->cmdline_paddr) {
		info->cmdline = phys(si->cmdline_paddr, 1);
		cmd = &info->used[info->nused++];
		*cmd = (struct kvm_memrange){
			si->cmdline_paddr, str_size(si->cmdline_paddr),
			UKPLAT_MEMRF_CMDLINE, "cmdline" };
	}
	if (si->nr_modules && si->modlist_paddr) {
		const struct kvm_pvh_module *mod =
			phys(si->modlist_paddr, sizeof(*mod));

		info->used[info->nused++] = (struct kvm_memrange){
			si->modlist_paddr, si->nr_modules * sizeof(*mod),
			UKPLAT_MEMRF_BOOTINFO, "modules" };
		if (mod->paddr && mod->size)
			info->used[info->nused++] = (struct kvm_memrange){
				mod->paddr, mod->size, UKPLAT_MEMRF_INITRD,
				"initrd" };
	}
	if (cmd && cmdline_overrun(info, cmd))
		return -EOVERFLOW;
	return 0;
}

const char *kvm_pvh_setup(__paddr si_paddr)
{
	static struct kvm_pvh_info info;
	static struct ukplat_memregion_desc out[KVM_MEMREGION_MAX];
	int rc = kvm_pvh_parse(si_paddr, &info);
	__u64 mapped;
	int n;

	if (rc == -ENOENT) {
		uk_pr_crit("the boot loader passed no memory map (PVH start info version 0): cannot tell where RAM is\n");
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (rc == -EINVAL) {
		uk_pr_crit("the boot loader's memory map (0x%lx) or module list (0x%lx) is not 8-byte aligned\n",
			   (unsigned long)((const struct kvm_pvh_start_info *)
						   si_paddr)->memmap_paddr,
			   (unsigned long)((const struct kvm_pvh_start_info *)
						   si_paddr)->modlist_paddr);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (rc == -E2BIG)
		UK_CRASH("the memory map has %u entries; at most %d are supported",
			 info.map_entries, KVM_MEMREGION_MAX);
	if (rc == -EOVERFLOW) {
		uk_pr_crit("kvm: the command line runs into the boot information after it: it was longer than the boot loader could hold (QEMU's PVH loader: 4095 bytes); this image takes at most %u (CONFIG_KVM_CMDLINE_MAX=%u, NUL included)\n",
			   CONFIG_KVM_CMDLINE_MAX - 1, CONFIG_KVM_CMDLINE_MAX);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	kvm_pvh_rsdp = info.rsdp;
	mapped = map_ram(info.fw, info.nfw);
	if (mapped < info.ram_top)
		uk_pr_warn("RAM from 0x%llx to 0x%llx is left out: no page-table pages left to map it (a CPU with 1 GiB pages maps it all)\n",
			   (unsigned long long)mapped,
			   (unsigned long long)info.ram_top);
	n = kvm_memregion_build(info.fw, info.nfw, info.used, info.nused,
				KVM_FREE_RAM_START, mapped, out,
				ARRAY_SIZE(out));
	if (n < 0 || kvm_memregion_set(out, n) < 0)
		UK_CRASH("cannot build the memory regions (%d)", n);
	kvm_memregion_print();
	return info.cmdline;
}
