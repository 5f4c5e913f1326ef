/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm_pvh_parse on start infos made up here (the image is identity
 * mapped, so their addresses are physical ones): memory-map types, the
 * ranges in use, the command line, module 0 as the initrd, and the
 * start infos it refuses.
 */
#include <uk/test.h>
#include <uk/plat/memory.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/pvh.h>
#include <errno.h>
#include <stddef.h>

static struct kvm_pvh_start_info si;
static struct kvm_pvh_memmap_entry map[5];
static struct kvm_pvh_module mods[2];
static char cmdline[] = "a -- b";
static char initrd[100];
static struct kvm_pvh_info info;

static void make_start_info(void)
{
	static const struct kvm_pvh_memmap_entry m[] = {
		{ 0, 0x9fc00, KVM_PVH_MEM_RAM, 0 },
		{ 0x9fc00, 0x400, KVM_PVH_MEM_RESERVED, 0 },
		{ 0xf0000, 0x10000, KVM_PVH_MEM_ACPI, 0 },
		{ 0x100000, 0x3f00000, KVM_PVH_MEM_RAM, 0 },
		{ 0xfffc0000, 0x40000, 7, 0 }, /* a type nobody knows */
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(m); i++)
		map[i] = m[i];
	mods[0] = (struct kvm_pvh_module){ (__uptr)initrd, sizeof(initrd),
					   0, 0 };
	si = (struct kvm_pvh_start_info){
		.magic = KVM_PVH_MAGIC, .version = 1, .nr_modules = 2,
		.modlist_paddr = (__uptr)mods, .cmdline_paddr = (__uptr)cmdline,
		.rsdp_paddr = 0xf5a40, .memmap_paddr = (__uptr)map,
		.memmap_entries = ARRAY_SIZE(m),
	};
}

static const struct kvm_memrange *used(const char *name)
{
	for (int i = 0; i < info.nused; i++)
		if (!__builtin_strcmp(info.used[i].name, name))
			return &info.used[i];
	return NULL;
}

UK_TESTCASE(kvm_pvh, memory_map_and_ranges_in_use)
{
	const struct kvm_memrange *r;

	make_start_info();
	UK_TEST_ASSERT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), 0);
	UK_TEST_ASSERT_SNUM_EQ(info.nfw, 5);
	UK_TEST_EXPECT_SNUM_EQ(info.fw[0].flags, UKPLAT_MEMRF_FREE);
	UK_TEST_EXPECT_UNUM_EQ(info.fw[1].base, 0x9fc00);
	UK_TEST_EXPECT_UNUM_EQ(info.fw[1].len, 0x400);
	UK_TEST_EXPECT_SNUM_EQ(info.fw[1].flags, UKPLAT_MEMRF_RESERVED);
	UK_TEST_EXPECT_STR_EQ(info.fw[1].name, "reserved");
	UK_TEST_EXPECT_STR_EQ(info.fw[2].name, "acpi");
	UK_TEST_EXPECT_SNUM_EQ(info.fw[3].flags, UKPLAT_MEMRF_FREE);
	UK_TEST_EXPECT_SNUM_EQ(info.fw[4].flags, UKPLAT_MEMRF_RESERVED);
	UK_TEST_EXPECT_STR_EQ(info.fw[4].name, "reserved");
	UK_TEST_EXPECT_UNUM_EQ(info.ram_top, 0x4000000);
	UK_TEST_EXPECT_UNUM_EQ(info.rsdp, 0xf5a40);
	UK_TEST_EXPECT_PTR_EQ(info.cmdline, cmdline);

	UK_TEST_ASSERT_SNUM_EQ(info.nused, 6);
	r = used("kernel");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)__kvm_image_start);
	UK_TEST_EXPECT_UNUM_EQ(r->base + r->len, (__uptr)__kvm_image_end);
	UK_TEST_EXPECT_SNUM_EQ(r->flags, UKPLAT_MEMRF_KERNEL);
	r = used("bootinfo");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)&si);
	UK_TEST_EXPECT_UNUM_EQ(r->len, sizeof(si));
	r = used("memmap");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)map);
	UK_TEST_EXPECT_UNUM_EQ(r->len, sizeof(map));
	UK_TEST_EXPECT_SNUM_EQ(r->flags, UKPLAT_MEMRF_BOOTINFO);
	r = used("cmdline");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)cmdline);
	UK_TEST_EXPECT_UNUM_EQ(r->len, sizeof(cmdline)); /* with the NUL */
	UK_TEST_EXPECT_SNUM_EQ(r->flags, UKPLAT_MEMRF_CMDLINE);
	r = used("modules");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)mods);
	UK_TEST_EXPECT_UNUM_EQ(r->len, sizeof(mods));
	r = used("initrd");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->base, (__uptr)initrd);
	UK_TEST_EXPECT_UNUM_EQ(r->len, sizeof(initrd));
	UK_TEST_EXPECT_SNUM_EQ(r->flags, UKPLAT_MEMRF_INITRD);
}

UK_TESTCASE(kvm_pvh, no_command_line_no_initrd)
{
	make_start_info();
	si.cmdline_paddr = 0;
	mods[0].paddr = 0; /* an empty module 0 is no initrd */
	UK_TEST_ASSERT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), 0);
	UK_TEST_EXPECT_NULL(info.cmdline);
	UK_TEST_EXPECT_NULL(used("cmdline"));
	UK_TEST_EXPECT_NULL(used("initrd"));
	UK_TEST_EXPECT_NOT_NULL(used("modules"));
	si.nr_modules = 0;
	UK_TEST_ASSERT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), 0);
	UK_TEST_EXPECT_NULL(used("modules"));
	UK_TEST_EXPECT_SNUM_EQ(info.nused, 3);
}

UK_TESTCASE(kvm_pvh, start_infos_without_a_usable_map_are_refused)
{
	make_start_info();
	si.version = 0; /* no memory map fields */
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -ENOENT);
	make_start_info();
	si.memmap_entries = 0;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -ENOENT);
	make_start_info();
	si.memmap_paddr = 0;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -ENOENT);
	make_start_info();
	si.memmap_entries = KVM_MEMREGION_MAX + 1;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -E2BIG);
	UK_TEST_EXPECT_UNUM_EQ(info.map_entries, KVM_MEMREGION_MAX + 1);
}

/*
 * Found by the pvh fuzzing harness: a memory map at an odd address was
 * read as an array of 64-bit fields anyway (undefined behaviour).
 */
UK_TESTCASE(kvm_pvh, misaligned_map_or_module_list_is_refused)
{
	make_start_info();
	si.memmap_paddr = (__uptr)map + 4;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -EINVAL);
	make_start_info();
	si.modlist_paddr = (__uptr)mods + 1;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -EINVAL);
	/* no modules: where the list would be does not matter */
	si.nr_modules = 0;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), 0);
}

UK_TESTCASE(kvm_pvh, command_line_over_the_module_list_is_refused)
{
	/*
	 * What QEMU's PVH loader leaves after a line longer than its 4 KiB
	 * buffer: the module list written over the line's end.
	 */
	static union {
		char text[96];
		__u64 align;
	} area;
	const struct kvm_memrange *r;

	for (unsigned int i = 0; i < sizeof(area.text) - 1; i++)
		area.text[i] = 'x';
	make_start_info();
	si.cmdline_paddr = (__uptr)area.text;
	si.modlist_paddr = (__uptr)(area.text + 32);
	si.nr_modules = 1;
	UK_TEST_EXPECT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), -EOVERFLOW);

	/* a line that ends just before the list is fine */
	area.text[31] = 0;
	UK_TEST_ASSERT_SNUM_EQ(kvm_pvh_parse((__uptr)&si, &info), 0);
	r = used("cmdline");
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(r->len, 32);
}
