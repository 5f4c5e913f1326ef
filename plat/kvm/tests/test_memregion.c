/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-map to memory-region conversion (kvm_memregion_build). */
#include <uk/test.h>
#include <kvm/memregion.h>
#include <errno.h>
#include <stddef.h>

#define RAM(b, l) { b, l, UKPLAT_MEMRF_FREE, "ram" }
#define RSV(b, l) { b, l, UKPLAT_MEMRF_RESERVED, "reserved" }

static struct ukplat_memregion_desc out[KVM_MEMREGION_MAX];

/* Bytes of free memory, and whether any free byte is also used. */
static __u64 free_bytes(int n)
{
	__u64 sum = 0;

	for (int i = 0; i < n; i++)
		if (out[i].flags & UKPLAT_MEMRF_FREE)
			sum += out[i].len;
	return sum;
}

static int free_overlaps_other(int n)
{
	for (int i = 0; i < n; i++) {
		if (!(out[i].flags & UKPLAT_MEMRF_FREE))
			continue;
		for (int j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (out[j].base < out[i].base + out[i].len &&
			    out[i].base < out[j].base + out[j].len)
				return 1;
		}
	}
	return 0;
}

/* The QEMU pc map: low RAM, BIOS holes, RAM from 1 MiB, the image in it. */
UK_TESTCASE(kvm_memregion, pc_map_with_kernel_and_bootinfo)
{
	const struct kvm_memrange fw[] = {
		RAM(0, 0x9fc00), RSV(0x9fc00, 0x400), RSV(0xf0000, 0x10000),
		RAM(0x100000, 0x3ee0000), RSV(0xfffc0000, 0x40000),
	};
	const struct kvm_memrange used[] = {
		{ 0x100000, 0x2e000, UKPLAT_MEMRF_KERNEL, "kernel" },
		{ 0x5a8, 0xa8, UKPLAT_MEMRF_BOOTINFO, "bootinfo" },
		{ 0x11c0, 2, UKPLAT_MEMRF_CMDLINE, "cmdline" },
	};
	int n = kvm_memregion_build(fw, 5, used, 3, 4096, 0x4000000, out,
				    KVM_MEMREGION_MAX);

	UK_TEST_ASSERT(n > 0);
	/* 3 used + 3 reserved + free [0x2000,0x9f000) [0x12e000,0x3fe0000) */
	UK_TEST_EXPECT_SNUM_EQ(n, 8);
	UK_TEST_EXPECT_UNUM_EQ(free_bytes(n),
			       (0x9f000 - 0x2000) + (0x3fe0000 - 0x12e000));
	UK_TEST_EXPECT_ZERO(free_overlaps_other(n));
	for (int i = 1; i < n; i++)
		UK_TEST_EXPECT(out[i - 1].base <= out[i].base);
	for (int i = 0; i < n; i++)
		if (out[i].flags & UKPLAT_MEMRF_FREE) {
			UK_TEST_EXPECT_ZERO(out[i].base & 0xfff);
			UK_TEST_EXPECT_ZERO(out[i].len & 0xfff);
			UK_TEST_EXPECT(out[i].base >= 4096);
		}
}

UK_TESTCASE(kvm_memregion, overlapping_ram_is_free_once)
{
	const struct kvm_memrange fw[] = {
		RAM(0x100000, 0x200000), RAM(0x200000, 0x200000),
		RAM(0x180000, 0x1000),
	};
	int n = kvm_memregion_build(fw, 3, NULL, 0, 0, ~0ULL, out,
				    KVM_MEMREGION_MAX);

	UK_TEST_ASSERT_SNUM_EQ(n, 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].base, 0x100000);
	UK_TEST_EXPECT_UNUM_EQ(out[0].len, 0x300000);
}

UK_TESTCASE(kvm_memregion, reserved_inside_ram_is_cut_out)
{
	const struct kvm_memrange fw[] = {
		RAM(0x100000, 0x100000), RSV(0x140800, 0x1000),
	};
	int n = kvm_memregion_build(fw, 2, NULL, 0, 0, ~0ULL, out,
				    KVM_MEMREGION_MAX);

	UK_TEST_ASSERT_SNUM_EQ(n, 3);
	UK_TEST_EXPECT_UNUM_EQ(out[0].base, 0x100000);
	UK_TEST_EXPECT_UNUM_EQ(out[0].len, 0x40000); /* up to 0x140000 */
	UK_TEST_EXPECT_UNUM_EQ(out[1].flags, UKPLAT_MEMRF_RESERVED);
	UK_TEST_EXPECT_UNUM_EQ(out[2].base, 0x142000); /* page after 0x141800 */
	UK_TEST_EXPECT_UNUM_EQ(out[2].base + out[2].len, 0x200000);
	UK_TEST_EXPECT_ZERO(free_overlaps_other(n));
}

UK_TESTCASE(kvm_memregion, cut_to_what_is_mapped)
{
	const struct kvm_memrange fw[] = { RAM(0, 0x80000000ULL) };
	int n = kvm_memregion_build(fw, 1, NULL, 0, 4096, 0x40000000ULL, out,
				    KVM_MEMREGION_MAX);

	UK_TEST_ASSERT_SNUM_EQ(n, 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].base, 4096);
	UK_TEST_EXPECT_UNUM_EQ(out[0].base + out[0].len, 0x40000000ULL);
}

UK_TESTCASE(kvm_memregion, used_outside_ram_and_tiny_pieces)
{
	const struct kvm_memrange fw[] = { RAM(0x1000, 0x3000) };
	const struct kvm_memrange used[] = {
		{ 0x1800, 0x1000, UKPLAT_MEMRF_INITRD, "initrd" },
		{ 0xf0000, 0x10, UKPLAT_MEMRF_CMDLINE, "cmdline" },
	};
	int n = kvm_memregion_build(fw, 1, used, 2, 0, ~0ULL, out,
				    KVM_MEMREGION_MAX);

	/* [0x1000,0x1800) has no whole page; [0x2800,0x4000) has one. */
	UK_TEST_ASSERT_SNUM_EQ(n, 3);
	UK_TEST_EXPECT_UNUM_EQ(free_bytes(n), 0x1000);
	UK_TEST_EXPECT_UNUM_EQ(out[1].base, 0x3000);
	UK_TEST_EXPECT_UNUM_EQ(out[2].flags, UKPLAT_MEMRF_CMDLINE);
}

/*
 * Found by the pvh fuzzing harness: an entry whose end passes 2^64
 * wrapped to a small end and was not cut out of RAM at all.
 */
UK_TESTCASE(kvm_memregion, entries_past_the_top_of_memory_are_cut)
{
	const struct kvm_memrange fw[] = {
		RAM(0x100000, 0x1f00000), RSV(0x200000, ~0ULL),
		RAM(~0ULL - 0xfff, 0x2000),
	};
	const struct kvm_memrange used[] = {
		{ 0x180000, ~0ULL - 0x1000, UKPLAT_MEMRF_INITRD, "initrd" },
	};
	int n = kvm_memregion_build(fw, 3, NULL, 0, 0, ~0ULL, out,
				    KVM_MEMREGION_MAX);

	/* free [0x100000, 0x200000), the reserved entry to the top */
	UK_TEST_ASSERT_SNUM_EQ(n, 2);
	UK_TEST_EXPECT_UNUM_EQ(out[0].base, 0x100000);
	UK_TEST_EXPECT_UNUM_EQ(out[0].len, 0x100000);
	UK_TEST_EXPECT_UNUM_EQ(out[1].flags, UKPLAT_MEMRF_RESERVED);
	UK_TEST_EXPECT_UNUM_EQ(out[1].base + out[1].len, ~0ULL);
	UK_TEST_EXPECT_ZERO(free_overlaps_other(n));

	/* a used range past the top takes everything from its base on */
	n = kvm_memregion_build(fw, 1, used, 1, 0, ~0ULL, out,
				KVM_MEMREGION_MAX);
	UK_TEST_ASSERT_SNUM_EQ(n, 2);
	UK_TEST_EXPECT_UNUM_EQ(free_bytes(n), 0x80000);
	UK_TEST_EXPECT_ZERO(free_overlaps_other(n));
}

/*
 * Found by the pvh fuzzing harness: RAM left free after a used range
 * that ends inside the last page rounded its start up to 0, and all of
 * memory became one free region.
 */
UK_TESTCASE(kvm_memregion, free_rest_in_the_last_page_is_dropped)
{
	const struct kvm_memrange fw[] = {
		RAM(~0ULL - 0x10000, 0x10000),
	};
	const struct kvm_memrange used[] = {
		{ ~0ULL - 0x10000, 0xf800, UKPLAT_MEMRF_INITRD, "initrd" },
	};
	int n = kvm_memregion_build(fw, 1, used, 1, 0x100000, ~0ULL, out,
				    KVM_MEMREGION_MAX);

	UK_TEST_ASSERT_SNUM_EQ(n, 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].flags, UKPLAT_MEMRF_INITRD);
	UK_TEST_EXPECT_UNUM_EQ(free_bytes(n), 0);
}

UK_TESTCASE(kvm_memregion, too_small_output_is_an_error)
{
	const struct kvm_memrange fw[] = {
		RAM(0, 0x9f000), RSV(0x9f000, 0x1000), RAM(0x100000, 0x100000),
	};

	UK_TEST_EXPECT_SNUM_EQ(kvm_memregion_build(fw, 3, NULL, 0, 0, ~0ULL,
						   out, 2), -ENOSPC);
	UK_TEST_EXPECT_SNUM_EQ(kvm_memregion_build(fw, KVM_MEMREGION_MAX + 1,
						   NULL, 0, 0, ~0ULL, out,
						   KVM_MEMREGION_MAX),
			       -EINVAL);
}

/* The regions this very image booted with are consistent. */
UK_TESTCASE(kvm_memregion, booted_regions)
{
	struct ukplat_memregion_desc d, k = { 0 };
	int n = ukplat_memregion_count(), kernels = 0;
	__u64 prev = 0;

	UK_TEST_ASSERT(n > 0);
	for (int i = 0; i < n; i++) {
		UK_TEST_ASSERT_SNUM_EQ(ukplat_memregion_get(i, &d), 0);
		UK_TEST_EXPECT(d.base >= prev);
		prev = d.base;
		if (d.flags & UKPLAT_MEMRF_KERNEL)
			kernels++, k = d;
	}
	UK_TEST_EXPECT_SNUM_EQ(kernels, 1);
	UK_TEST_EXPECT(ukplat_memregion_get(n, &d) == -EINVAL);
	UK_TEST_EXPECT(ukplat_memregion_get(-1, &d) == -EINVAL);
	/* The kernel region holds this function and the free ones do not. */
	UK_TEST_EXPECT((__uptr)&free_bytes >= k.base &&
		       (__uptr)&free_bytes < k.base + k.len);
	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE) {
		UK_TEST_EXPECT(d.base >= k.base + k.len ||
			       d.base + d.len <= k.base);
		UK_TEST_EXPECT(d.base >= 4096);
	}
}
