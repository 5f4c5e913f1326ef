/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64: the device tree the image booted with (and corrupted copies
 * of it), device interrupts through the GIC (the EL1 physical timer's),
 * guard pages, TLS.
 */
#include <uk/test.h>
#include <uk/arch/cpu.h>
#include <uk/arch/tls.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#include <uk/plat/pageguard.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <errno.h>
#include <stddef.h>

/* The booted blob without the padding QEMU leaves at its end. */
static __u8 copy[64 * 1024] __align(8);
static struct kvm_arm64_dt dt2;

static __sz copy_dtb(void)
{
	struct ukplat_memregion_desc d;
	const __u8 *dtb = NULL;
	struct uk_fdt f;
	__u32 end;

	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_BOOTINFO)
		dtb = (const __u8 *)d.base;
	if (!dtb || uk_fdt_init(&f, dtb, 64 << 20) < 0)
		return 0;
	end = MAX(f.struct_off + f.struct_size, f.strings_off + f.strings_size);
	if (end > sizeof(copy))
		return 0;
	for (__u32 i = 0; i < end; i++)
		copy[i] = dtb[i];
	copy[4] = (__u8)(end >> 24); /* totalsize */
	copy[5] = (__u8)(end >> 16);
	copy[6] = (__u8)(end >> 8);
	copy[7] = (__u8)end;
	return end;
}

UK_TESTCASE(kvm_arm64_dt, booted_device_tree_has_what_the_platform_uses)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;

	UK_TEST_EXPECT(dt->nmem >= 1);
	UK_TEST_EXPECT_UNUM_EQ(dt->mem[0].base, 0x40000000);
	UK_TEST_EXPECT(dt->uart.size > 0);
	UK_TEST_EXPECT(dt->gic_version == 2 || dt->gic_version == 3);
	UK_TEST_EXPECT(dt->timer_virt.intid == 27);
	UK_TEST_EXPECT(dt->timer_phys.intid == 30);
	UK_TEST_EXPECT(dt->psci != KVM_DT_PSCI_NONE);
	UK_TEST_EXPECT(dt->rtc.size > 0);
	UK_TEST_EXPECT_SNUM_EQ(dt->nvirtio, 32);
	UK_TEST_EXPECT(dt->virtio[0].irq.intid >= 32 && dt->virtio[0].irq.edge);
	UK_TEST_EXPECT(dt->pci.ecam.size >= (1UL << 20));
}

UK_TESTCASE(kvm_arm64_dt, copy_parses_the_same)
{
	struct uk_fdt f;
	__sz n = copy_dtb();

	UK_TEST_ASSERT(n > 0);
	UK_TEST_ASSERT_SNUM_EQ(kvm_arm64_dt_parse(copy, n, &f, &dt2), 0);
	UK_TEST_EXPECT_UNUM_EQ(dt2.uart.base, kvm_arm64_dt.uart.base);
	UK_TEST_EXPECT_UNUM_EQ(dt2.gicd.base, kvm_arm64_dt.gicd.base);
	UK_TEST_EXPECT_UNUM_EQ(dt2.mem[0].len, kvm_arm64_dt.mem[0].len);
	UK_TEST_EXPECT_SNUM_EQ(dt2.nvirtio, kvm_arm64_dt.nvirtio);
}

UK_TESTCASE(kvm_arm64_dt, truncated_and_corrupted_copies_are_errors)
{
	struct uk_fdt f;
	__sz n = copy_dtb();
	__u32 soff;

	UK_TEST_ASSERT(n > 64);
	/* Fewer bytes than totalsize. */
	UK_TEST_EXPECT_SNUM_EQ(kvm_arm64_dt_parse(copy, n - 1, &f, &dt2), -EFBIG);
	UK_TEST_EXPECT_NOT_NULL(f.err);
	/* Each cut of the structure block: never accepted, never a hang. */
	soff = uk_fdt32(copy + 8);
	for (__u32 cut = 8; cut < uk_fdt32(copy + 36); cut += 4 * 37) {
		copy_dtb();
		copy[36] = (__u8)(cut >> 24);
		copy[37] = (__u8)(cut >> 16);
		copy[38] = (__u8)(cut >> 8);
		copy[39] = (__u8)cut;
		UK_TEST_EXPECT_SNUM_EQ(kvm_arm64_dt_parse(copy, n, &f, &dt2),
				       -EILSEQ);
	}
	/* The first property's length, made huge. */
	copy_dtb();
	for (__u32 off = soff; off + 12 < n; off += 4)
		if (uk_fdt32(copy + off) == 3) { /* FDT_PROP */
			copy[off + 4] = 0x7f;
			break;
		}
	UK_TEST_EXPECT_SNUM_EQ(kvm_arm64_dt_parse(copy, n, &f, &dt2), -EILSEQ);
	/* Bad magic. */
	copy_dtb();
	copy[0] = 0;
	UK_TEST_EXPECT_SNUM_EQ(kvm_arm64_dt_parse(copy, n, &f, &dt2), -EINVAL);
}

/*
 * The root's #size-cells made negative (0xffffffff): every reg below it
 * is absent, not read with a width shorter than its address (regression
 * test of a bug found while fuzzing the reader).
 */
UK_TESTCASE(kvm_arm64_dt, negative_size_cells_make_reg_absent)
{
	struct uk_fdt f;
	__sz n = copy_dtb();
	__u32 soff, stroff, strsize, name = 0xffffffffU;
	int rc, patched = 0;

	UK_TEST_ASSERT(n > 64);
	soff = uk_fdt32(copy + 8);
	stroff = uk_fdt32(copy + 12);
	strsize = uk_fdt32(copy + 32);
	for (__u32 i = 0; i + 12 <= strsize; i++)
		if (!__builtin_memcmp(copy + stroff + i, "#size-cells", 12)) {
			name = i;
			break;
		}
	UK_TEST_ASSERT(name != 0xffffffffU);
	/* the first property of that name is the root node's */
	for (__u32 off = soff; off + 16 <= n; off += 4)
		if (uk_fdt32(copy + off) == 3 && uk_fdt32(copy + off + 4) == 4 &&
		    uk_fdt32(copy + off + 8) == name) {
			copy[off + 12] = copy[off + 13] = 0xff;
			copy[off + 14] = copy[off + 15] = 0xff;
			patched = 1;
			break;
		}
	UK_TEST_ASSERT(patched);
	rc = kvm_arm64_dt_parse(copy, n, &f, &dt2);
	if (rc < 0)
		return; /* refusing the tree is fine too */
	/* absent: nothing read, not the address with a zero size */
	UK_TEST_EXPECT_UNUM_EQ(dt2.uart.base, 0);
	UK_TEST_EXPECT_UNUM_EQ(dt2.uart.size, 0);
	UK_TEST_EXPECT_UNUM_EQ(dt2.rtc.base, 0);
	for (int i = 0; i < dt2.nmem; i++)
		UK_TEST_EXPECT_UNUM_EQ(dt2.mem[i].len, 0);
}

/* The EL1 physical timer as a device: its PPI through ukplat_irq_register. */
static volatile int ptimer_fired;

static int ptimer_handler(void *arg)
{
	ukarch_sysreg_write(cntp_ctl_el0, 0); /* drop the level */
	ptimer_fired++;
	(*(int *)arg)++;
	return 1;
}

UK_TESTCASE(kvm_arm64_irq, physical_timer_interrupt_reaches_its_handler)
{
	static int calls;
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec give_up = ukplat_monotonic_clock() + ukarch_time_msec_to_nsec(2000);
	unsigned int intid = kvm_arm64_dt.timer_phys.intid;

	UK_TEST_ASSERT(intid);
	UK_TEST_ASSERT_SNUM_EQ(ukplat_irq_register(intid, ptimer_handler,
						   &calls), 0);
	ukarch_sysreg_write(cntp_tval_el0, kvm_timer_freq() / 1000); /* 1 ms */
	ukarch_sysreg_write(cntp_ctl_el0, 1);
	ukarch_isb();
	while (!ptimer_fired && ukplat_monotonic_clock() < give_up)
		ukplat_lcpu_halt_irq_until(give_up);
	ukarch_sysreg_write(cntp_ctl_el0, 0);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(ptimer_fired, 1);
	UK_TEST_EXPECT_SNUM_EQ(calls, 1);
}

UK_TESTCASE(kvm_arm64_irq, bad_lines_are_refused)
{
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(5, ptimer_handler, NULL),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(kvm_timer_intid(),
						   ptimer_handler, NULL),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(100000, ptimer_handler,
						   NULL), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(40, NULL, NULL), -EINVAL);
}

static char low_page[4096] __align(4096);

UK_TESTCASE(kvm_arm64_pageguard, guard_and_unguard_an_image_page)
{
	low_page[0] = 1;
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_guard(low_page, 4096), 0);
	UK_TEST_EXPECT(!kvm_arm64_is_mapped((__uptr)low_page));
	UK_TEST_EXPECT(kvm_arm64_is_mapped((__uptr)low_page + 4096));
	/* A mapping request over it keeps it guarded. */
	UK_TEST_EXPECT_SNUM_EQ(kvm_arm64_map((__uptr)low_page, 4096,
					     KVM_MAP_RAM), 0);
	UK_TEST_EXPECT(!kvm_arm64_is_mapped((__uptr)low_page));
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_unguard(low_page, 4096), 0);
	UK_TEST_EXPECT(kvm_arm64_is_mapped((__uptr)low_page));
	low_page[1] = 2;
	UK_TEST_EXPECT_SNUM_EQ(low_page[0] + low_page[1], 3);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_page_guard(low_page + 1, 4096), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_page_guard(low_page, 100), -EINVAL);
	UK_TEST_EXPECT(!kvm_arm64_is_mapped(0)); /* NULL faults */
}

/* A page inside a 2 MiB block: guarding it splits the block. */
UK_TESTCASE(kvm_arm64_pageguard, guard_splits_a_block)
{
	struct ukplat_memregion_desc d;
	__uptr page = 0;

	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE)
		if (!page && d.len >= (4UL << 20))
			page = ALIGN_UP(d.base, 2UL << 20) + 0x3000;
	if (!page)
		UK_TEST_SKIP("no free region of 4 MiB to take a page from");
	UK_TEST_ASSERT(kvm_arm64_is_mapped(page));
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_guard((void *)page, 4096), 0);
	UK_TEST_EXPECT(!kvm_arm64_is_mapped(page));
	UK_TEST_EXPECT(kvm_arm64_is_mapped(page + 4096));
	UK_TEST_EXPECT(kvm_arm64_is_mapped(page - 4096));
	*(volatile char *)(page + 4096) = 5; /* neighbours still work */
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_unguard((void *)page, 4096), 0);
	UK_TEST_EXPECT(kvm_arm64_is_mapped(page));
	*(volatile char *)page = 6;
}

static __thread int tls_var = 42;

UK_TESTCASE(kvm_arm64_tls, template_and_thread_pointer)
{
	static char area[256] __align(64);
	struct ukplat_tls_image img;
	__uptr tp, old = ukarch_tlsp_get();

	ukplat_tls_image(&img);
	UK_TEST_ASSERT(img.len >= sizeof(int));
	UK_TEST_EXPECT(img.init_len <= img.len);
	UK_TEST_ASSERT(ukarch_tls_area_size(img.len, img.align) <= sizeof(area));
	tp = ukarch_tls_area_init(area, img.init, img.init_len, img.len,
				  img.align);
	ukplat_tlsp_set(tp);
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tlsp_get(), tp);
	UK_TEST_EXPECT_SNUM_EQ(tls_var, 42);
	tls_var = 7;
	UK_TEST_EXPECT_SNUM_EQ(tls_var, 7);
	UK_TEST_EXPECT((__uptr)&tls_var >= tp + UKARCH_TLS_TCB_SIZE &&
		       (__uptr)&tls_var < tp + sizeof(area));
	ukplat_tlsp_set(old);
}
