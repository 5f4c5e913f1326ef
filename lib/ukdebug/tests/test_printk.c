/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printk's own formatter: the conversions kernel messages use, and that
 * it works with the allocator gone and in interrupt context.
 */
#include <uk/test.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <limits.h>
#include <string.h>
#ifdef CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif
#ifdef CONFIG_HAVE_SCHED
#include <uk/thread.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#endif

static char out[256];

#define EXPECT_FMT(want, ...)                                                  \
	do {                                                                   \
		int n_ = uk_snprintk(out, sizeof(out), __VA_ARGS__);           \
		UK_TEST_EXPECT_STR_EQ(out, want);                              \
		UK_TEST_EXPECT_SNUM_EQ(n_, (long)strlen(want));                \
	} while (0)

UK_TESTCASE(printk, formats_like_snprintf)
{
	EXPECT_FMT("0 -42 +5  5", "%d %i %+d % d", 0, -42, 5, 5);
	EXPECT_FMT("   42|42   |-0042|007|", "%5d|%-5d|%05d|%.3d|", 42, 42, -42,
		   7);
	EXPECT_FMT("[]", "[%.0d]", 0);
	EXPECT_FMT("ff FF 0xff 0 010 10", "%x %X %#x %#x %#o %o", 255, 255, 255,
		   0, 8, 8);
	EXPECT_FMT("0000000000001234 deadbeefcafe", "%016lx %lx", 0x1234UL,
		   0xdeadbeefcafeUL);
	EXPECT_FMT("18446744073709551615 -9223372036854775808", "%llu %lld",
		   ULLONG_MAX, LLONG_MIN);
	EXPECT_FMT("-2147483648 4294967295", "%d %u", INT_MIN, UINT_MAX);
	EXPECT_FMT("1 1 123 -7", "%hhu %hd %zu %ld", 257, 65537, (__sz)123,
		   -7L);
	EXPECT_FMT("abc|ab|ab    |    ab|ab|", "%s|%.2s|%-6s|%6s|%.*s|", "abc",
		   "abc", "ab", "ab", 2, "abcdef");
	EXPECT_FMT("   1|1   |", "%*d|%*d|", 4, 1, -4, 1);
	EXPECT_FMT("ok % x", "%c%c %% %c", 'o', 'k', 'x');
	EXPECT_FMT("0x1000 0x0 (null)", "%p %p %s", (void *)0x1000, NULL,
		   (char *)NULL);
	/* no floating point: the argument is still taken */
	EXPECT_FMT("? 3", "%f %d", 1.5, 3);
}

UK_TESTCASE(printk, truncates_and_counts_like_snprintf)
{
	char small[5] = "xxxx";

	UK_TEST_EXPECT_SNUM_EQ(uk_snprintk(small, sizeof(small), "%s",
					   "abcdefgh"), 8);
	UK_TEST_EXPECT_STR_EQ(small, "abcd");
	memcpy(small, "xxxx", 5);
	UK_TEST_EXPECT_SNUM_EQ(uk_snprintk(small, 0, "%d", 12345), 5);
	UK_TEST_EXPECT_STR_EQ(small, "xxxx"); /* nothing written */
}

#ifdef CONFIG_LIBUKALLOC
/* An allocator that only counts: every call is a failure of the test. */
static int tripwire_calls;

static void *trip_malloc(struct uk_alloc *a, __sz size)
{
	(void)a, (void)size;
	tripwire_calls++;
	return NULL;
}

static void trip_free(struct uk_alloc *a, void *ptr)
{
	(void)a, (void)ptr;
	tripwire_calls++;
}

static void *trip_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	(void)a, (void)align, (void)size;
	tripwire_calls++;
	return NULL;
}

static __sz trip_usable_size(struct uk_alloc *a, const void *ptr)
{
	(void)a, (void)ptr;
	tripwire_calls++;
	return 0;
}

static struct uk_alloc tripwire = {
	.malloc = trip_malloc,
	.free = trip_free,
	.memalign = trip_memalign,
	.usable_size = trip_usable_size,
	.name = "tripwire",
};

/*
 * Print and format with the tripwire as the default allocator, interrupts
 * masked so that nothing else allocates meanwhile.
 */
static void *print_without_allocator(void *arg)
{
	struct uk_alloc *saved = uk_alloc_get_default();
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_alloc_set_default(&tripwire);
	uk_pr_raw("printk: %s %d %lx %p, no allocator\n", "formatted", -1,
		  0xabcUL, arg);
	uk_pr_warn("printk: a message with a prefix, no allocator %u\n", 7u);
	uk_snprintk(out, sizeof(out), "%s=%08x", "key", 0xbeef);
	uk_alloc_set_default(saved);
	ukplat_lcpu_restore_irqf(flags);
	return NULL;
}

UK_TESTCASE(printk, formats_and_prints_without_the_allocator)
{
	tripwire_calls = 0;
#ifdef CONFIG_HAVE_SCHED
	{
		/* a fresh thread: nothing of the C library set up for it */
		struct uk_thread *t;

		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "printk", NULL,
							print_without_allocator,
							NULL), 0);
		uk_thread_join(t, NULL);
	}
#else
	print_without_allocator(NULL);
#endif
	UK_TEST_EXPECT_SNUM_EQ(tripwire_calls, 0);
	UK_TEST_EXPECT_STR_EQ(out, "key=0000beef");
}
#endif

#ifdef CONFIG_HAVE_SCHED
static volatile int irq_done, irq_masked;

static void format_in_interrupt(void *arg)
{
	irq_masked = ukplat_lcpu_irqs_disabled();
	uk_snprintk(out, sizeof(out), "%s %d %#lx", "irq", -3, 0x10UL);
	uk_pr_raw("printk: from a timer interrupt\n");
	irq_done = 1;
	uk_thread_wake(arg);
}

UK_TESTCASE(printk, formats_in_interrupt_context)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_sched_timer tm;
	__nsec give_up = ukplat_monotonic_clock() + 5000000000ULL;
	unsigned long flags;

	irq_done = 0;
	out[0] = 0;
	uk_sched_timer_init(&tm, format_in_interrupt, self);
	flags = ukplat_lcpu_save_irqf();
	uk_sched_timer_arm(&tm, ukplat_monotonic_clock() + 1000000);
	/* the deadline only keeps a broken timer from hanging the image */
	while (!irq_done && ukplat_monotonic_clock() < give_up) {
		uk_thread_block_until(self, give_up);
		uk_sched_yield();
	}
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_timer_disarm(&tm);
	UK_TEST_ASSERT(irq_done);
	UK_TEST_EXPECT(irq_masked);
	UK_TEST_EXPECT_STR_EQ(out, "irq -3 0x10");
}
#endif
