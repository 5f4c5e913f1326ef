/* SPDX-License-Identifier: BSD-3-Clause */
/* Identity mappings beyond the boot page tables (see kvm/arm64/pagetable.h). */
#include <kvm/arm64/pagetable.h>
#include <kvm/arm64/boot.h>
#include <errno.h>
#include <stddef.h>

#define ENTRIES 512
#define VA_BITS 48
#define PTE_TYPE_MASK (KVM_ARM64_PTE_VALID | KVM_ARM64_PTE_TABLE)
#define PTE_TBL (KVM_ARM64_PTE_VALID | KVM_ARM64_PTE_TABLE)
#define PTE_BLOCK KVM_ARM64_PTE_VALID
/* Attribute bits a block or page descriptor carries (all but address, type). */
#define PTE_ATTRS (~KVM_ARM64_PTE_ADDR & ~PTE_TYPE_MASK)

extern __u64 kvm_arm64_pt_l0[ENTRIES];
extern __u64 kvm_arm64_pt_pool[KVM_ARM64_PT_POOL_PAGES][ENTRIES];
static int pool_used;

static __u64 attrs(int kind)
{
	switch (kind) {
	case KVM_MAP_MMIO:
		return KVM_ARM64_PTE_ATTR(KVM_ARM64_MT_DEVICE_nGnRE) |
		       KVM_ARM64_PTE_AF | KVM_ARM64_PTE_PXN |
		       KVM_ARM64_PTE_UXN;
	case KVM_MAP_RO:
		return KVM_ARM64_PTE_ATTR(KVM_ARM64_MT_NORMAL) |
		       KVM_ARM64_PTE_SH_INNER | KVM_ARM64_PTE_AF |
		       KVM_ARM64_PTE_RO | KVM_ARM64_PTE_PXN |
		       KVM_ARM64_PTE_UXN;
	default:
		return KVM_ARM64_PTE_ATTR(KVM_ARM64_MT_NORMAL) |
		       KVM_ARM64_PTE_SH_INNER | KVM_ARM64_PTE_AF |
		       KVM_ARM64_PTE_PXN | KVM_ARM64_PTE_UXN;
	}
}

/* Make table updates visible to the table walker. */
static void publish(void)
{
	__asm__ __volatile__("dsb ishst\n\tisb" ::: "memory");
}

static void tlb_flush_all(void)
{
	__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
			     ::: "memory");
}

static void tlb_flush_page(__u64 addr)
{
	__asm__ __volatile__("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
			     ::"r"(addr >> 12) : "memory");
}

/* A zeroed page-table page: from the pool, else from the allocator. */
static __u64 *table_alloc(void)
{
	__u64 *t;

	if (pool_used < KVM_ARM64_PT_POOL_PAGES)
		t = kvm_arm64_pt_pool[pool_used++];
	else if (kvm_arm64_pt_extra_page)
		t = kvm_arm64_pt_extra_page();
	else
		return NULL;
	if (t)
		for (int i = 0; i < ENTRIES; i++)
			t[i] = 0;
	return t;
}

static int shift_of(int level)
{
	return 39 - 9 * level;
}

/*
 * Map [addr, end) inside table t of the given level: whole entries as
 * blocks (pages at level 3) where they fit and are free, the rest in the
 * next level's tables, made as needed. One pass per table: no walk from
 * the root for each page.
 */
static int map_level(__u64 *t, int level, __u64 addr, __u64 end, __u64 attr)
{
	int shift = shift_of(level);
	__u64 size = 1ULL << shift;

	while (addr < end) {
		__u64 *e = &t[(addr >> shift) & (ENTRIES - 1)];
		__u64 stop = MIN(ALIGN_DOWN(addr, size) + size, end);

		if ((*e & PTE_TYPE_MASK) == PTE_BLOCK ||
		    (level == 3 && (*e & KVM_ARM64_PTE_VALID)) ||
		    *e == KVM_ARM64_PTE_GUARD) {
			/* Already mapped, or a guard page: leave it. */
		} else if (level >= 1 && !(*e & KVM_ARM64_PTE_VALID) &&
			   IS_ALIGNED(addr, size) && end - addr >= size) {
			*e = addr | attr | (level == 3 ? PTE_TBL : PTE_BLOCK);
		} else {
			int rc;

			if (!(*e & KVM_ARM64_PTE_VALID)) {
				__u64 *n = table_alloc();

				if (!n)
					return -ENOMEM;
				*e = (__u64)n | PTE_TBL;
			}
			rc = map_level((__u64 *)(*e & KVM_ARM64_PTE_ADDR),
				       level + 1, addr, stop, attr);
			if (rc < 0)
				return rc;
		}
		addr = stop;
	}
	return 0;
}

int kvm_arm64_map(__paddr base, __sz len, int kind)
{
	__u64 addr = ALIGN_DOWN((__u64)base, (__u64)4096);
	__u64 end = ALIGN_UP((__u64)base + len, (__u64)4096);
	int rc;

	if (end < addr || end > (1ULL << VA_BITS))
		return -EINVAL;
	rc = map_level(kvm_arm64_pt_l0, 0, addr, end, attrs(kind));
	publish();
	return rc;
}

/*
 * Replace the block entry *e of the given level by a table of the next
 * level mapping the same range with the same attributes. The entry is
 * invalidated and the TLB flushed before the table goes in
 * (break-before-make), so the two never coexist in a TLB.
 */
static __u64 *split(__u64 *e, int level)
{
	__u64 *t = table_alloc();
	int child_shift = shift_of(level + 1);
	__u64 base = *e & KVM_ARM64_PTE_ADDR;
	__u64 attr = *e & PTE_ATTRS;

	if (!t)
		return NULL;
	for (int i = 0; i < ENTRIES; i++)
		t[i] = (base + ((__u64)i << child_shift)) | attr |
		       (level + 1 == 3 ? PTE_TBL : PTE_BLOCK);
	*e = 0;
	tlb_flush_all();
	*e = (__u64)t | PTE_TBL;
	publish();
	return t;
}

int kvm_arm64_page_set_present(__paddr addr, int present)
{
	__u64 *t = kvm_arm64_pt_l0, *e;

	for (int level = 0; level < 3; level++) {
		e = &t[(addr >> shift_of(level)) & (ENTRIES - 1)];
		if (!(*e & KVM_ARM64_PTE_VALID))
			return -EINVAL;
		if ((*e & PTE_TYPE_MASK) == PTE_BLOCK) {
			t = split(e, level);
			if (!t)
				return -ENOMEM;
		} else {
			t = (__u64 *)(*e & KVM_ARM64_PTE_ADDR);
		}
	}
	e = &t[(addr >> 12) & (ENTRIES - 1)];
	if (present) {
		if (!(*e & KVM_ARM64_PTE_VALID))
			*e = (addr & KVM_ARM64_PTE_ADDR) | attrs(KVM_MAP_RAM) |
			     PTE_TBL;
		publish();
	} else if (*e & KVM_ARM64_PTE_VALID) {
		*e = KVM_ARM64_PTE_GUARD;
		tlb_flush_page(addr);
	}
	return 0;
}

int kvm_arm64_is_mapped(__paddr addr)
{
	const __u64 *t = kvm_arm64_pt_l0;

	for (int level = 0; level <= 3; level++) {
		__u64 e = t[(addr >> shift_of(level)) & (ENTRIES - 1)];

		if (!(e & KVM_ARM64_PTE_VALID))
			return 0;
		if (level == 3 || (e & PTE_TYPE_MASK) == PTE_BLOCK)
			return 1;
		t = (const __u64 *)(e & KVM_ARM64_PTE_ADDR);
	}
	return 0;
}
