/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen x86_64 platform's pure functions, run in the kvm-x86_64 test
 * image (QEMU boots it; the xen image needs Xen): the start-info checks
 * on start infos made up here and parsed by kvm_pvh_parse, the PV-clock
 * arithmetic and version protocol on made-up vcpu_time_info structures,
 * and finding Xen's CPUID leaves in made-up CPUID results.
 */
#include <uk/test.h>
#include <uk/plat/memory.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/pvh.h>
#include <xen/x86.h>
#include <errno.h>

static struct kvm_pvh_start_info si;
static struct kvm_pvh_memmap_entry map[4];
static struct kvm_pvh_module mod;
static struct kvm_pvh_info info;
static char initrd[64];

/* A start info like the one Xen gives a 64 MiB PVH domain. */
static void make(void)
{
	static const struct kvm_pvh_memmap_entry m[] = {
		{ 0, 0xa0000, KVM_PVH_MEM_RAM, 0 },
		{ 0x100000, 0x3f00000, KVM_PVH_MEM_RAM, 0 },
		{ 0xfc000000, 0x1000, KVM_PVH_MEM_RESERVED, 0 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(m); i++)
		map[i] = m[i];
	mod = (struct kvm_pvh_module){ (__uptr)initrd, sizeof(initrd), 0, 0 };
	si = (struct kvm_pvh_start_info){
		.magic = KVM_PVH_MAGIC, .version = 1, .nr_modules = 1,
		.modlist_paddr = (__uptr)&mod, .memmap_paddr = (__uptr)map,
		.memmap_entries = ARRAY_SIZE(m),
	};
}

/* Parse si, then check it with the image at [img, img + 1 MiB). */
static int check(__u64 img, struct xen_x86_bootcheck *why)
{
	if (kvm_pvh_parse((__uptr)&si, &info) < 0)
		return 1;
	return xen_x86_check_memory(&info, img, img + 0x100000, why);
}

UK_TESTCASE(xen_x86_bootinfo, a_xen_start_info_passes)
{
	struct xen_x86_bootcheck why;

	make();
	UK_TEST_EXPECT_SNUM_EQ(xen_x86_check_start_info(&si, &why), 0);
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), 0);
	UK_TEST_EXPECT_SNUM_EQ(info.nfw, 3);
	UK_TEST_EXPECT_UNUM_EQ(info.ram_top, 0x4000000);
}

UK_TESTCASE(xen_x86_bootinfo, bad_magic_and_version_0_are_refused)
{
	struct xen_x86_bootcheck why;

	make();
	si.magic = 0x12345678;
	UK_TEST_EXPECT_SNUM_EQ(xen_x86_check_start_info(&si, &why), -EPROTO);
	UK_TEST_EXPECT_UNUM_EQ(why.value, 0x12345678);
	UK_TEST_EXPECT_STR_EQ(xen_x86_bootcheck_str(-EPROTO),
			      "the start info's magic is not hvm_start_info's 0x336ec578");
	make();
	si.version = 0;
	UK_TEST_EXPECT_SNUM_EQ(xen_x86_check_start_info(&si, &why), -ENOENT);
	UK_TEST_EXPECT_UNUM_EQ(why.value, 0);
}

UK_TESTCASE(xen_x86_bootinfo, a_map_without_ram_is_refused)
{
	struct xen_x86_bootcheck why;

	make();
	map[0].type = KVM_PVH_MEM_RESERVED;
	map[1].type = KVM_PVH_MEM_ACPI;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -ENOMEM);
	/* RAM entries of length 0 are no RAM either. */
	make();
	map[0].size = 0;
	map[1].size = 0;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -ENOMEM);
	UK_TEST_EXPECT_STR_EQ(xen_x86_bootcheck_str(-ENOMEM),
			      "the memory map has no usable RAM");
}

UK_TESTCASE(xen_x86_bootinfo, overlapping_entries_are_refused_and_named)
{
	struct xen_x86_bootcheck why;

	make();
	map[2] = (struct kvm_pvh_memmap_entry){ 0x3000000, 0x2000000,
						KVM_PVH_MEM_RESERVED, 0 };
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(why.a, 1);
	UK_TEST_EXPECT_SNUM_EQ(why.b, 2);
	/* Touching is not overlapping. */
	map[2].addr = 0x4000000;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), 0);
}

UK_TESTCASE(xen_x86_bootinfo, an_image_outside_ram_is_refused)
{
	struct xen_x86_bootcheck why;

	make();
	map[1].size = 0x80000; /* RAM ends inside the image */
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -EFAULT);
	make();
	UK_TEST_EXPECT_SNUM_EQ(check(0xa0000, &why), -EFAULT); /* in the hole */
}

UK_TESTCASE(xen_x86_bootinfo, a_module_outside_ram_is_refused)
{
	struct xen_x86_bootcheck why;

	make();
	mod.paddr = 0xfc000000; /* in the reserved entry */
	mod.size = 0x1000;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -ERANGE);
	UK_TEST_EXPECT_UNUM_EQ(info.used[why.a].base, 0xfc000000);
	make();
	mod.paddr = 0x3fff000; /* runs past the end of RAM */
	mod.size = 0x2000;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), -ERANGE);
	make();
	mod.paddr = 0x3ffe000; /* the last two pages: fine */
	mod.size = 0x2000;
	UK_TEST_EXPECT_SNUM_EQ(check(0x100000, &why), 0);
}

UK_TESTCASE(xen_x86_pvclock, scale_multiplies_after_the_shift)
{
	/* mul 2^31: half a ns per (shifted) cycle. */
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_scale(1000, 0x80000000U, 0), 500);
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_scale(1000, 0x80000000U, 1), 1000);
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_scale(1000, 0x80000000U, -1), 250);
	/* 3 GHz: Xen's own numbers (shift -1, mul 0xaaaaaaab). */
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_scale(3000000000ULL, 0xaaaaaaabU, -1),
			       1000000000ULL);
	/* No overflow for an hour of a 4 GHz TSC shifted left. */
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_scale(14400000000000ULL, 0x80000000U,
						 1),
			       14400000000000ULL);
}

UK_TESTCASE(xen_x86_pvclock, tsc_frequency_from_the_scale)
{
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_tsc_hz(0x80000000U, 1), 1000000000ULL);
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_tsc_hz(0x80000000U, 0), 2000000000ULL);
	/* 3 GHz within rounding */
	UK_TEST_EXPECT_UNUM_GE(xen_pvclock_tsc_hz(0xaaaaaaabU, -1), 2999999990ULL);
	UK_TEST_EXPECT_UNUM_LE(xen_pvclock_tsc_hz(0xaaaaaaabU, -1), 3000000000ULL);
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_tsc_hz(0, 0), 0);
}

static volatile struct xen_vcpu_time_info ti;
static __u64 fake_tsc;
static int tsc_reads, updates_left;

/* Reads the TSC; the first updates_left reads see Xen change the
 * structure meanwhile (version odd, new values, version even again). */
static __u64 racing_tsc(void)
{
	tsc_reads++;
	if (updates_left) {
		updates_left--;
		ti.version++;
		ti.tsc_timestamp = 2000;
		ti.system_time = 5000000;
		ti.version++;
	}
	return fake_tsc;
}

UK_TESTCASE(xen_x86_pvclock, read_is_system_time_plus_scaled_tsc)
{
	ti = (struct xen_vcpu_time_info){
		.version = 2, .tsc_timestamp = 1000, .system_time = 1000000,
		.tsc_to_system_mul = 0x80000000U, .tsc_shift = 0,
	};
	fake_tsc = 3000;
	tsc_reads = 0;
	updates_left = 0;
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_read(&ti, racing_tsc), 1001000);
	UK_TEST_EXPECT_SNUM_EQ(tsc_reads, 1);
	/* A TSC behind the timestamp: no time passed. */
	fake_tsc = 500;
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_read(&ti, racing_tsc), 1000000);
}

UK_TESTCASE(xen_x86_pvclock, read_retries_while_xen_updates)
{
	ti = (struct xen_vcpu_time_info){
		.version = 2, .tsc_timestamp = 1000, .system_time = 1000000,
		.tsc_to_system_mul = 0x80000000U, .tsc_shift = 0,
	};
	fake_tsc = 3000;
	tsc_reads = 0;
	updates_left = 2;
	/* The values read after the update: 5000000 + (3000-2000)/2. */
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_read(&ti, racing_tsc), 5000500);
	UK_TEST_EXPECT_SNUM_EQ(tsc_reads, 3);
	UK_TEST_EXPECT_UNUM_EQ(ti.version, 6);
}

static __u64 flip_tsc(void)
{
	/* Xen is half-way through an update (odd version) for two reads. */
	tsc_reads++;
	if (tsc_reads == 1)
		ti.version = 3;
	else if (tsc_reads == 2)
		ti.version = 4;
	return fake_tsc;
}

UK_TESTCASE(xen_x86_pvclock, an_odd_version_is_never_used)
{
	ti = (struct xen_vcpu_time_info){
		.version = 2, .tsc_timestamp = 0, .system_time = 7,
		.tsc_to_system_mul = 0x80000000U, .tsc_shift = 0,
	};
	fake_tsc = 0;
	tsc_reads = 0;
	UK_TEST_EXPECT_UNUM_EQ(xen_pvclock_read(&ti, flip_tsc), 7);
	UK_TEST_EXPECT_SNUM_EQ(tsc_reads, 3);
}

/* "XenVMMXenVMM" as EBX, ECX, EDX. */
#define SIG_EBX 0x566e6558
#define SIG_ECX 0x65584d4d
#define SIG_EDX 0x4d4d566e

UK_TESTCASE(xen_x86_cpuid, xen_found_at_its_base_or_0x100_further)
{
	static __u32 regs[4][4];

	UK_TEST_EXPECT_UNUM_EQ(xen_x86_find_base(regs, 4), 0);
	regs[0][0] = 0x40000005;
	regs[0][1] = SIG_EBX;
	regs[0][2] = SIG_ECX;
	regs[0][3] = SIG_EDX;
	UK_TEST_EXPECT_UNUM_EQ(xen_x86_find_base(regs, 4), 0x40000000);
	/* Viridian (Hyper-V) first, Xen one block up. */
	regs[0][1] = 0x7263694d; /* "Micr" */
	regs[1][0] = 0x40000105;
	regs[1][1] = SIG_EBX;
	regs[1][2] = SIG_ECX;
	regs[1][3] = SIG_EDX;
	UK_TEST_EXPECT_UNUM_EQ(xen_x86_find_base(regs, 4), 0x40000100);
	/* A block without leaf base+2 (no hypercall page leaf) is not used. */
	regs[1][0] = 0x40000101;
	UK_TEST_EXPECT_UNUM_EQ(xen_x86_find_base(regs, 4), 0);
	/* KVM's signature is not Xen's. */
	regs[1][0] = 0x40000101;
	regs[2][0] = 0x40000201;
	regs[2][1] = 0x4b4d564b; /* "KVMKVMKVM" */
	regs[2][2] = 0x564b4d56;
	regs[2][3] = 0x4d;
	UK_TEST_EXPECT_UNUM_EQ(xen_x86_find_base(regs, 4), 0);
}

/*
 * Stubs standing in for Xen's hypercall page: slot 0 returns a mix of
 * the five argument registers of Xen's ABI (rdi, rsi, rdx, r10, r8, one
 * byte each), slot 1 returns 1000 + its first argument. Executable: in
 * .text.
 */
__asm__(".pushsection .text\n"
	".p2align 5\n"
	"test_stubs:\n"
	"	movq %rdi, %rax\n"
	"	shlq $8, %rsi\n"
	"	orq %rsi, %rax\n"
	"	shlq $16, %rdx\n"
	"	orq %rdx, %rax\n"
	"	shlq $24, %r10\n"
	"	orq %r10, %rax\n"
	"	shlq $32, %r8\n"
	"	orq %r8, %rax\n"
	"	ret\n"
	".p2align 5\n"
	"	leaq 1000(%rdi), %rax\n"
	"	ret\n"
	".popsection\n");
extern char test_stubs[];

#include <xen/hypercall.h>

UK_TESTCASE(xen_x86_hypercall, arguments_reach_xen_in_its_registers)
{
	char *saved = xen_hypercall_stubs;
	long a, b;

	xen_hypercall_stubs = test_stubs;
	a = xen_hypercall(0, 0x11, 0x22, 0x33, 0x44, 0x55);
	b = xen_hypercall(1, 7, 0, 0, 0, 0);
	xen_hypercall_stubs = saved;
	UK_TEST_EXPECT_UNUM_EQ((unsigned long)a, 0x5544332211UL);
	UK_TEST_EXPECT_SNUM_EQ(b, 1007);
}

UK_TESTCASE(xen_x86_hypercall, past_the_page_or_without_xen_it_is_enosys)
{
	/* mov $-38, %rax; ret: the first stub as the image carries it. */
	static const __u8 unfilled[] = { 0x48, 0xc7, 0xc0, 0xda, 0xff, 0xff,
					 0xff, 0xc3 };

	UK_TEST_EXPECT_UNUM_EQ((__uptr)xen_hypercall_page & 4095, 0);
	/* Past the page's 128 stubs: refused before any call. */
	UK_TEST_EXPECT_SNUM_EQ(xen_hypercall(128, 0, 0, 0, 0, 0), -38);
	UK_TEST_EXPECT_SNUM_EQ(xen_hypercall(~0UL, 0, 0, 0, 0, 0), -38);
	if (__builtin_memcmp(xen_hypercall_page, unfilled, sizeof(unfilled))) {
		/* Under Xen, which filled the page: xen_version answers
		 * (major << 16 | minor, 3.0 at least). */
		UK_TEST_EXPECT_SNUM_GE(xen_hypercall(17, 0, 0, 0, 0, 0), 0x30000);
		return;
	}
	/* The page as the image carries it, which no Xen filled. */
	UK_TEST_EXPECT_SNUM_EQ(xen_hypercall(0, 0, 0, 0, 0, 0), -38);
	UK_TEST_EXPECT_SNUM_EQ(xen_hypercall(XEN_HC_SCHED_OP, 2, 0, 0, 0, 0),
			       -38);
	UK_TEST_EXPECT_SNUM_EQ(xen_hypercall(127, 0, 0, 0, 0, 0), -38);
}
