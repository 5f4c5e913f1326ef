/* SPDX-License-Identifier: BSD-3-Clause */
/* Identity mappings beyond the boot page tables (see kvm/x86/pagetable.h). */
#include <uk/config.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/boot.h>
#include <uk/arch/cpu.h>
#include <errno.h>
#include <stddef.h>

#define PTE_P 0x001UL
#define PTE_W 0x002UL
#define PTE_PWT 0x008UL
#define PTE_PCD 0x010UL
#define PTE_PS 0x080UL
#define PTE_ADDR 0x000ffffffffff000UL
#define PTE_NX (1UL << 63)

/* Data is never executable where the image enforces W^X (EFER.NXE is set
 * then; without it bit 63 is reserved and must stay clear). */
#if CONFIG_KVM_WX
#define PTE_DATA_NX PTE_NX
#else
#define PTE_DATA_NX 0UL
#endif

#define SZ_2M (1UL << 21)
#define SZ_1G (1UL << 30)

extern __u64 kvm_pml4[512];
extern __u64 kvm_pt0[];
#if CONFIG_KVM_ASLR
/* The first 2 MiB have their own PT; the image's PTs lie where it does. */
extern __u64 kvm_pt_low[];
#define LOW_PT kvm_pt_low
#else
#define LOW_PT kvm_pt0
#endif
extern __u64 kvm_pt_pool[KVM_PT_POOL_PAGES][512];
static int pool_used;
static int gib_pages = -1; /* 1 GiB pages: -1 not known yet */

static int have_gib_pages(void)
{
	if (gib_pages < 0) {
		struct ukarch_cpuid max = ukarch_cpuid(0x80000000, 0);

		gib_pages = max.eax >= 0x80000001 &&
			    (ukarch_cpuid(0x80000001, 0).edx &
			     X86_CPUID81_EDX_PDPE1GB);
	}
	return gib_pages;
}

/* A zeroed page-table page: from the pool, else from the allocator. */
static __u64 *table_alloc(void)
{
	__u64 *t;

	if (pool_used < KVM_PT_POOL_PAGES)
		t = kvm_pt_pool[pool_used++];
	else if (kvm_x86_pt_extra_page)
		t = kvm_x86_pt_extra_page();
	else
		return NULL;
	if (t)
		for (int i = 0; i < 512; i++)
			t[i] = 0;
	return t;
}

/* The table entry e points to, taking a fresh one if absent. */
static __u64 *next_table(__u64 *e)
{
	__u64 *t;

	if (*e & PTE_P)
		return (*e & PTE_PS) ? NULL : (__u64 *)(*e & PTE_ADDR);
	t = table_alloc();
	if (t)
		*e = (__u64)t | PTE_P | PTE_W;
	return t;
}

/*
 * Replace the large page of entry e (covering 1 << shift bytes) by a table
 * of 512 pages of the next size down, with the same attributes.
 */
static __u64 *split(__u64 *e, int shift)
{
	__u64 *t = table_alloc();
	__u64 child = 1UL << (shift - 9);
	__u64 base = *e & PTE_ADDR & ~((1UL << shift) - 1);
	__u64 attr = *e & (PTE_P | PTE_W | PTE_PWT | PTE_PCD | PTE_NX);

	if (!t)
		return NULL;
	for (int i = 0; i < 512; i++)
		t[i] = (base + i * child) | attr | (shift > 21 ? PTE_PS : 0);
	*e = (__u64)t | PTE_P | PTE_W;
	ukarch_write_cr3(ukarch_read_cr3()); /* drop the large TLB entry */
	return t;
}

int kvm_x86_map(__paddr base, __sz len, int kind)
{
	__u64 attr = PTE_P | PTE_W | PTE_PS | PTE_DATA_NX |
		     (kind == KVM_MAP_MMIO ? PTE_PCD | PTE_PWT : 0);
	__paddr addr = ALIGN_DOWN(base, SZ_2M);
	__paddr end = ALIGN_UP(base + len, SZ_2M);

	if (end < addr) /* wrapped around */
		return -EINVAL;
	while (addr < end) {
		__u64 *pml4e = &kvm_pml4[(addr >> 39) & 511];
		__u64 *pdpt, *pdpte, *pd, *pde;

		pdpt = next_table(pml4e);
		if (!pdpt)
			return -ENOMEM;
		pdpte = &pdpt[(addr >> 30) & 511];
		if (!(*pdpte & PTE_P) && IS_ALIGNED(addr, SZ_1G) &&
		    end - addr >= SZ_1G && have_gib_pages()) {
			*pdpte = addr | attr;
			addr += SZ_1G;
			continue;
		}
		if ((*pdpte & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS)) {
			addr = ALIGN_DOWN(addr, SZ_1G) + SZ_1G;
			continue;
		}
		pd = next_table(pdpte);
		if (!pd)
			return -ENOMEM;
		pde = &pd[(addr >> 21) & 511];
		if (!(*pde & PTE_P))
			*pde = addr | attr;
		addr += SZ_2M;
	}
	return 0;
}

__paddr kvm_x86_map_ram(__paddr base, __paddr end)
{
#if CONFIG_KVM_ASLR
	/* The boot page tables map the first 2 MiB and the image's 2 MiB
	 * blocks, wherever it was moved: kvm_x86_map skips what is mapped. */
	__paddr done = MAX(base, (__paddr)SZ_2M);
#else
	/* The boot page tables map up to __kvm_boot_map_end. */
	__paddr done = MAX(base, (__paddr)(__uptr)__kvm_boot_map_end);
#endif

	/* One GiB at a time, so a full pool leaves a clean limit. */
	while (done < end) {
		__paddr step = MIN(ALIGN_DOWN(done, SZ_1G) + SZ_1G, end);

		if (kvm_x86_map(done, step - done, KVM_MAP_RAM) < 0)
			return MAX(ALIGN_DOWN(done, SZ_1G), base);
		done = step;
	}
	return end;
}

int kvm_x86_page_set_present(__paddr addr, int present)
{
	__u64 *e = &kvm_pml4[(addr >> 39) & 511];

	for (int shift = 30; shift >= 12; shift -= 9) {
		__u64 *t;

		if (!(*e & PTE_P))
			return -EINVAL;
		t = (*e & PTE_PS) ? split(e, shift + 9)
				  : (__u64 *)(*e & PTE_ADDR);
		if (!t)
			return -ENOMEM;
		e = &t[(addr >> shift) & 511];
	}
	if (!present && !(*e & PTE_P))
		return 0;
	/* The other bits stay: unguarding gives the page back its rights. */
	if (present && !(*e & PTE_ADDR) && (addr & PTE_ADDR))
		*e = (addr & PTE_ADDR) | PTE_W | PTE_DATA_NX; /* never mapped */
	if (present)
		*e |= PTE_P;
	else
		*e &= ~PTE_P;
	ukarch_invlpg(addr);
	return 0;
}

void kvm_x86_map_null_area(int present)
{
	for (__paddr a = 0; a < KVM_NULL_AREA; a += 4096) {
		LOW_PT[a >> 12] = present ? a | PTE_P | PTE_W | PTE_DATA_NX : 0;
		ukarch_invlpg(a);
	}
}

int kvm_x86_page_prot(__paddr addr)
{
	__u64 e = kvm_pml4[(addr >> 39) & 511];
	__u64 all = PTE_P | PTE_W, any = 0;

	/* Present and writable at every level; no-execute at any. PDPT
	 * and PD entries may be large pages; the PT's are 4 KiB. */
	for (int shift = 30; shift >= 12; shift -= 9) {
		all &= e;
		any |= e;
		if (!(e & PTE_P))
			return 0;
		e = ((__u64 *)(e & PTE_ADDR))[(addr >> shift) & 511];
		if (shift > 12 && (e & PTE_PS))
			break;
	}
	all &= e;
	any |= e;
	if (!(all & PTE_P))
		return 0;
	return KVM_PROT_READ | ((all & PTE_W) ? KVM_PROT_WRITE : 0) |
	       ((any & PTE_DATA_NX) ? 0 : KVM_PROT_EXEC);
}

int kvm_x86_is_mapped(__paddr addr)
{
	return kvm_x86_page_prot(addr) != 0;
}
