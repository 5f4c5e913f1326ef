/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm x86_64: device interrupts (the RTC's), guard pages, TLS. */
#include <uk/test.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/arch/tls.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#include <uk/plat/pageguard.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>
#include <kvm/x86/pagetable.h>
#include <errno.h>
#include <stddef.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_A 0x0a
#define RTC_B 0x0b
#define RTC_C 0x0c
#define RTC_B_PERIODIC 0x40
#define RTC_IRQ 8

static volatile int rtc_ticks;

static __u8 cmos(__u8 reg)
{
	ukarch_outb(CMOS_INDEX, 0x80 | reg);
	return ukarch_inb(CMOS_DATA);
}

static void cmos_set(__u8 reg, __u8 v)
{
	ukarch_outb(CMOS_INDEX, 0x80 | reg);
	ukarch_outb(CMOS_DATA, v);
}

static int rtc_handler(void *arg)
{
	(void)cmos(RTC_C); /* acknowledge, or the RTC raises no more */
	rtc_ticks++;
	(*(int *)arg)++;
	return 1;
}

UK_TESTCASE(kvm_x86_irq, rtc_periodic_interrupt_reaches_its_handler)
{
	static int calls;
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec give_up;

	UK_TEST_ASSERT_SNUM_EQ(ukplat_irq_register(RTC_IRQ, rtc_handler,
						   &calls), 0);
	(void)cmos(RTC_C);
	cmos_set(RTC_A, (cmos(RTC_A) & 0xf0) | 0x06); /* 1024 Hz */
	cmos_set(RTC_B, cmos(RTC_B) | RTC_B_PERIODIC);
	give_up = ukplat_monotonic_clock() + ukarch_time_msec_to_nsec(2000);
	while (rtc_ticks < 3 && ukplat_monotonic_clock() < give_up)
		ukplat_lcpu_halt_irq_until(give_up);
	cmos_set(RTC_B, cmos(RTC_B) & ~RTC_B_PERIODIC);
	(void)cmos(RTC_C);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_GE(rtc_ticks, 3);
	UK_TEST_EXPECT_SNUM_EQ(calls, rtc_ticks);
}

UK_TESTCASE(kvm_x86_irq, bad_lines_are_refused)
{
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(16, rtc_handler, NULL),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(2, rtc_handler, NULL),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(5, NULL, NULL), -EINVAL);
}

static char low_page[4096] __align(4096);

UK_TESTCASE(kvm_x86_pageguard, guard_and_unguard_a_boot_page)
{
	low_page[0] = 1;
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_guard(low_page, 4096), 0);
	UK_TEST_EXPECT(!kvm_x86_is_mapped((__uptr)low_page));
	UK_TEST_EXPECT(kvm_x86_is_mapped((__uptr)low_page + 4096));
	UK_TEST_ASSERT_SNUM_EQ(ukplat_page_unguard(low_page, 4096), 0);
	UK_TEST_EXPECT(kvm_x86_is_mapped((__uptr)low_page));
	low_page[1] = 2;
	UK_TEST_EXPECT_SNUM_EQ(low_page[0] + low_page[1], 3);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_page_guard(low_page + 1, 4096), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_page_guard(low_page, 100), -EINVAL);
}

/* A page inside a 2 MiB mapping: guarding it splits the large page. */
UK_TESTCASE(kvm_x86_pageguard, guard_splits_a_large_page)
{
	struct ukplat_memregion_desc d;
	__uptr page = 0;
	unsigned long flags;
	int guarded, absent, neighbours, unguarded;

	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE)
		if (d.base + d.len >= 0x600000 && !page)
			page = d.base + d.len - 0x1000 < 0x400000
				       ? 0 : MAX(d.base, 0x400000UL);
	if (!page)
		UK_TEST_SKIP("no free memory above 4 MiB to take a page from");
	/* The page may be the allocator's: nobody may run while it is gone. */
	flags = ukplat_lcpu_save_irqf();
	UK_TEST_EXPECT(kvm_x86_is_mapped(page));
	guarded = ukplat_page_guard((void *)page, 4096);
	absent = !kvm_x86_is_mapped(page);
	neighbours = kvm_x86_is_mapped(page + 4096) &&
		     kvm_x86_is_mapped(page - 4096);
	unguarded = ukplat_page_unguard((void *)page, 4096);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(guarded, 0);
	UK_TEST_EXPECT(absent);
	UK_TEST_EXPECT(neighbours);
	UK_TEST_EXPECT_SNUM_EQ(unguarded, 0);
	UK_TEST_EXPECT(kvm_x86_is_mapped(page));
}

static __thread int tls_var = 42;

UK_TESTCASE(kvm_x86_tls, template_and_thread_pointer)
{
	static char area[8192] __align(64);
	struct ukplat_tls_image img;
	/* The running thread may have a TLS area of its own (schedulers). */
	__uptr tp, saved = (__uptr)ukarch_rdmsr(X86_MSR_FS_BASE);
	unsigned long flags;

	ukplat_tls_image(&img);
	UK_TEST_ASSERT(img.len >= sizeof(int));
	UK_TEST_EXPECT(img.init_len <= img.len);
	UK_TEST_EXPECT(img.align >= __alignof__(int));
	if (ukarch_tls_area_size(img.len, img.align) > sizeof(area) ||
	    img.align > 64)
		return; /* a big TLS (a C library's): uksched tests it */
	tp = ukarch_tls_area_init(area, img.init, img.init_len, img.len,
				  img.align);
	/* No thread switch while the borrowed thread pointer is in place. */
	flags = ukplat_lcpu_save_irqf();
	ukplat_tlsp_set(tp);
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tlsp_get(), tp);
	UK_TEST_EXPECT_SNUM_EQ(tls_var, 42);
	tls_var = 7;
	UK_TEST_EXPECT_SNUM_EQ(tls_var, 7);
	ukplat_tlsp_set(saved);
	ukplat_lcpu_restore_irqf(flags);
}
