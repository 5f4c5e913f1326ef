/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PVH start info on the host. The kernel reads boot information at
 * the physical addresses the loader gives, identity mapped, mapping each
 * range with kvm_x86_map before reading it. Here "physical memory" is a
 * 64 KiB arena mapped at the fixed address ARENA; the input is copied to
 * its start, where the start info is (so addresses in the input that
 * point into the arena are 0x10000000 plus an offset), the rest is zero.
 * The arena is poisoned for the sanitizer, and kvm_x86_map unpoisons the
 * 4 KiB pages it is asked to map: reading boot information before mapping
 * it is caught like an overrun. Mapping outside the arena fails, and the
 * kernel then stops with UK_CRASH: a clean refusal here.
 *
 * kvm_pvh_parse's result is checked (the map copied entry by entry, the
 * command line's length, the used ranges), then kvm_pvh_setup builds the
 * memory regions from it, which are checked too: sorted, and no free RAM
 * over a range in use, a non-RAM range of the map, or outside RAM.
 */
#include "shim.h"
#include <kvm/x86/boot.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/pvh.h>
#include <kvm/memregion.h>
#include <uk/plat/memory.h>
#include <sanitizer/asan_interface.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA 0x10000000UL
#define ARENA_SIZE 0x10000UL
#define PAGE 4096UL

/* The image's bounds, as the linker script gives them: 64 KiB at 1 MiB. */
__asm__(".globl __kvm_image_start\n .set __kvm_image_start, 0x100000\n"
	".globl __kvm_image_end\n .set __kvm_image_end, 0x110000\n");

int kvm_x86_map(__paddr base, __sz len, int kind)
{
	__paddr first, end;

	(void)kind;
	if (!len)
		len = 1;
	if (base < ARENA || base - ARENA >= ARENA_SIZE ||
	    len > ARENA_SIZE - (base - ARENA))
		return -ENOMEM; /* not in the arena: the kernel stops */
	first = base & ~(PAGE - 1);
	end = (base + len + PAGE - 1) & ~(PAGE - 1);
	ASAN_UNPOISON_MEMORY_REGION((void *)first, end - first);
	return 0;
}

__paddr kvm_x86_map_ram(__paddr base, __paddr end)
{
	(void)base;
	return end;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	void *p = mmap((void *)ARENA, ARENA_SIZE, PROT_READ | PROT_WRITE,
		       flags, -1, 0);

	(void)argc, (void)argv;
	if (p != (void *)ARENA) {
		perror("fuzz: mapping the arena at 0x10000000");
		exit(1);
	}
	return 0;
}

/* End of [base, base + len), saturating at 2^64. */
static __u64 end_of(__u64 base, __u64 len)
{
	return base + len < base ? ~0ULL : base + len;
}

static int overlap(__u64 b1, __u64 l1, __u64 b2, __u64 l2)
{
	return l1 && l2 && b1 < end_of(b2, l2) && b2 < end_of(b1, l1);
}

static void check_info(const struct kvm_pvh_info *info,
		       const struct kvm_pvh_start_info *si)
{
	const struct kvm_pvh_memmap_entry *mm =
		(const void *)(__uptr)si->memmap_paddr;
	__u64 top = 0;

	FUZZ_CHECK(info->nfw == (int)si->memmap_entries, "%d of %u entries",
		   info->nfw, si->memmap_entries);
	for (int i = 0; i < info->nfw; i++) {
		int ram = mm[i].type == KVM_PVH_MEM_RAM;

		FUZZ_CHECK(info->fw[i].base == mm[i].addr &&
			   info->fw[i].len == mm[i].size &&
			   info->fw[i].flags == (ram ? UKPLAT_MEMRF_FREE :
					UKPLAT_MEMRF_RESERVED) &&
			   info->fw[i].name,
			   "map entry %d not copied as it is", i);
		if (ram && mm[i].addr + mm[i].size > top)
			top = mm[i].addr + mm[i].size;
	}
	FUZZ_CHECK(info->ram_top == top, "ram_top %llx, not %llx",
		   (unsigned long long)info->ram_top, (unsigned long long)top);
	FUZZ_CHECK(info->nused >= 3 && info->nused <= KVM_PVH_USED_MAX,
		   "%d ranges in use", info->nused);
	FUZZ_CHECK(!info->cmdline == !si->cmdline_paddr,
		   "command line %p for address %llx", (void *)info->cmdline,
		   (unsigned long long)si->cmdline_paddr);
	for (int i = 0; i < info->nused; i++) {
		const struct kvm_memrange *r = &info->used[i];

		if (r->flags != UKPLAT_MEMRF_CMDLINE)
			continue;
		FUZZ_CHECK(r->len == strlen(info->cmdline) + 1,
			   "command line range of %llu bytes for a %zu-byte line",
			   (unsigned long long)r->len, strlen(info->cmdline));
	}
}

/* The regions: sorted; free RAM only in RAM, never over anything else. */
static void check_regions(const struct kvm_pvh_info *info)
{
	struct ukplat_memregion_desc r, prev = { 0 };
	int n = ukplat_memregion_count();

	for (int i = 0; i < n; i++, prev = r) {
		int in_ram = 0;

		FUZZ_CHECK(!ukplat_memregion_get(i, &r), "region %d", i);
		FUZZ_CHECK(!i || prev.base <= r.base, "region %d not sorted", i);
		if (r.flags != UKPLAT_MEMRF_FREE)
			continue;
		FUZZ_CHECK(r.len && !(r.base % PAGE) && !(r.len % PAGE) &&
			   r.base >= KVM_FREE_RAM_START,
			   "free region %lx+%lx", r.base, r.len);
		for (int j = 0; j < info->nused; j++)
			FUZZ_CHECK(!overlap(r.base, r.len, info->used[j].base,
					    info->used[j].len),
				   "free RAM %lx+%lx over '%s' %llx+%llx", r.base,
				   r.len, info->used[j].name,
				   (unsigned long long)info->used[j].base,
				   (unsigned long long)info->used[j].len);
		for (int j = 0; j < info->nfw; j++) {
			const struct kvm_memrange *f = &info->fw[j];

			if (f->flags != UKPLAT_MEMRF_FREE)
				FUZZ_CHECK(!overlap(r.base, r.len, f->base,
						    f->len),
					   "free RAM %lx+%lx over map entry %d (%s) %llx+%llx",
					   r.base, r.len, j, f->name,
					   (unsigned long long)f->base,
					   (unsigned long long)f->len);
			else if (r.base >= f->base &&
				 r.base + r.len <= end_of(f->base, f->len))
				in_ram = 1;
		}
		(void)in_ram; /* merged RAM entries may hold it between them */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kvm_pvh_info info;
	const struct kvm_pvh_start_info *si = (const void *)ARENA;
	size_t n = size < ARENA_SIZE ? size : ARENA_SIZE;
	int rc;

	ASAN_UNPOISON_MEMORY_REGION((void *)ARENA, ARENA_SIZE);
	memset((void *)ARENA, 0, ARENA_SIZE);
	memcpy((void *)ARENA, data, n);
	ASAN_POISON_MEMORY_REGION((void *)ARENA, ARENA_SIZE);

	if (FUZZ_STOPPED())
		return 0; /* boot information outside the arena */
	rc = kvm_pvh_parse(ARENA, &info);
	FUZZ_DISARM();
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -E2BIG ||
		   rc == -EOVERFLOW || rc == -EINVAL, "kvm_pvh_parse: %d", rc);
	if (rc)
		return 0;
	check_info(&info, si);

	if (FUZZ_STOPPED())
		return 0; /* more regions than the platform keeps */
	kvm_pvh_setup(ARENA);
	FUZZ_DISARM();
	check_regions(&info);
	return 0;
}
