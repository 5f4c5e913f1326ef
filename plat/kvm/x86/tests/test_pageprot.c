/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm x86_64 page protection: what the page tables allow at addresses of
 * code, read-only data, data, bss, the stack, free memory and device
 * memory, and the unmapped first 64 KiB.
 */
#include <uk/config.h>
#include <uk/test.h>
#include <uk/plat/memory.h>
#include <uk/plat/pageguard.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/pagetable.h>
#include <stddef.h>

#define R KVM_PROT_READ
#define W KVM_PROT_WRITE
#define X KVM_PROT_EXEC

#if CONFIG_KVM_WX
#define WX_ON 1
#define DATA_PROT (R | W)
#else
#define WX_ON 0
#define DATA_PROT (R | W | X)
#endif

static const char rodata_probe[64] __used = "read-only data probe";
static char data_probe[64] __used = "data probe";
static char bss_probe[64] __used;
static char guard_probe[4096] __align(4096) = { 1 };

/* The rights at address a (a pointer or an integer). */
#define prot(a) kvm_x86_page_prot((__paddr)(__uptr)(a))

UK_TESTCASE(kvm_x86_pageprot, code_is_read_execute)
{
	if (!WX_ON)
		UK_TEST_SKIP("built without CONFIG_KVM_WX: code is writable");
	UK_TEST_EXPECT_SNUM_EQ(prot(kvm_x86_page_prot), R | X);
	UK_TEST_EXPECT_SNUM_EQ(prot(__kvm_image_start), R | X);
	UK_TEST_EXPECT_SNUM_EQ(prot((__uptr)__kvm_text_end - 1), R | X);
}

UK_TESTCASE(kvm_x86_pageprot, rodata_is_read_only)
{
	if (!WX_ON)
		UK_TEST_SKIP("built without CONFIG_KVM_WX: constants writable");
	UK_TEST_EXPECT((__uptr)rodata_probe >= (__uptr)__kvm_text_end);
	UK_TEST_EXPECT((__uptr)rodata_probe < (__uptr)__kvm_rodata_end);
	UK_TEST_EXPECT_SNUM_EQ(prot(rodata_probe), R);
	UK_TEST_EXPECT_SNUM_EQ(prot(__kvm_text_end), R);
	UK_TEST_EXPECT_SNUM_EQ(prot((__uptr)__kvm_rodata_end - 1), R);
}

UK_TESTCASE(kvm_x86_pageprot, data_bss_and_stack_are_read_write)
{
	char on_stack[16];

	UK_TEST_EXPECT((__uptr)data_probe >= (__uptr)__kvm_rodata_end);
	UK_TEST_EXPECT_SNUM_EQ(prot(data_probe), DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(prot(__kvm_rodata_end), DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(prot(bss_probe), DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(prot(on_stack), DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(prot((__uptr)__kvm_boot_stack_top - 1),
			       DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(prot(__kvm_boot_stack_guard), 0);
}

UK_TESTCASE(kvm_x86_pageprot, first_64k_unmapped_and_free_memory_above_1m)
{
	struct ukplat_memregion_desc d;
	int nfree = 0;

	for (__uptr a = 0; a < KVM_NULL_AREA; a += 4096)
		UK_TEST_EXPECT_SNUM_EQ(prot(a), 0);
	UK_TEST_EXPECT_SNUM_EQ(prot(KVM_NULL_AREA), DATA_PROT);
	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE) {
		UK_TEST_EXPECT_UNUM_GE(d.base, KVM_FREE_RAM_START);
		UK_TEST_EXPECT_SNUM_EQ(prot(d.base), DATA_PROT);
		UK_TEST_EXPECT_SNUM_EQ(prot(d.base + d.len - 1),
				       DATA_PROT);
		nfree++;
	}
	UK_TEST_EXPECT_SNUM_GT(nfree, 0);
}

UK_TESTCASE(kvm_x86_pageprot, device_memory_is_read_write)
{
	/* The I/O APIC's page: mapped uncached, never executable. */
	UK_TEST_ASSERT_SNUM_EQ(kvm_x86_map(0xfec00000, 4096, KVM_MAP_MMIO), 0);
	UK_TEST_EXPECT_SNUM_EQ(prot(0xfec00000), DATA_PROT);
}

UK_TESTCASE(kvm_x86_pageprot, unguard_gives_the_rights_back)
{
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_guard(guard_probe, 4096), 0);
	UK_TEST_EXPECT_SNUM_EQ(prot(guard_probe), 0);
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_unguard(guard_probe, 4096), 0);
	UK_TEST_EXPECT_SNUM_EQ(prot(guard_probe), DATA_PROT);
	UK_TEST_EXPECT_SNUM_EQ(guard_probe[0], 1);
}
