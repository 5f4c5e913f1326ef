/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TSC-based monotonic clock against an independent one: the CMOS
 * RTC's seconds register, which turns over exactly once a second.
 *
 * Each RTC edge is caught between two readings of the monotonic clock (the
 * last one before a read that still saw the old second, and the one after
 * the read that saw the new one). The clock passes if some rate within
 * TOLERANCE_PERMILLE of right fits between those brackets. A host that
 * deschedules the guest only widens a bracket; a bracket wider than
 * BRACKET_MAX is not used (the next edge is), so the check stays sharp:
 * a TSC frequency 20% off is far outside it.
 */
#include <uk/test.h>
#include <uk/arch/io.h>
#include <uk/plat/time.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define NMI_OFF 0x80
#define REG_SEC 0x00
#define REG_B 0x0b
#define B_BINARY 0x04

#define NSEC_PER_SEC 1000000000LL
#define SECONDS 2                        /* at least this many between edges */
#define BRACKET_MAX (20 * 1000000LL)     /* ns an edge may hide in */
#define TOLERANCE_PERMILLE 30            /* 3% */
#define GIVE_UP (12 * NSEC_PER_SEC)      /* no usable edges by then: fail */

struct edge {
	__nsec before, after; /* the second turned over in between */
	int sec;              /* the new second, 0-59 */
};

static int rtc_second(void)
{
	unsigned int v, b;

	ukarch_outb(CMOS_INDEX, NMI_OFF | REG_B);
	b = ukarch_inb(CMOS_DATA);
	ukarch_outb(CMOS_INDEX, NMI_OFF | REG_SEC);
	v = ukarch_inb(CMOS_DATA);
	return b & B_BINARY ? (int)v : (int)((v >> 4) * 10 + (v & 0xf));
}

/*
 * Wait for the next turn of the RTC's second, until the monotonic clock
 * reads deadline. Returns 0, or -1 when the deadline passed first.
 */
static int next_edge(struct edge *e, __nsec deadline)
{
	__nsec prev = ukplat_monotonic_clock(), last = prev;
	int s0 = rtc_second();

	for (;;) {
		int s = rtc_second();
		__nsec now = ukplat_monotonic_clock();

		if (s != s0) {
			/* The read that saw s0 came after prev. */
			*e = (struct edge){ prev, now, s };
			return 0;
		}
		if (now > deadline)
			return -1;
		prev = last;
		last = now;
	}
}

UK_TESTCASE(kvm_x86_tsc, monotonic_clock_keeps_time_with_the_rtc)
{
	__nsec deadline = ukplat_monotonic_clock() + GIVE_UP;
	struct edge first, last;
	long long n = 0, lo, hi, tol;
	int found = 0;

	/* A first edge caught in a narrow bracket. */
	while (!found) {
		if (next_edge(&first, deadline) < 0)
			break;
		found = first.after - first.before <= BRACKET_MAX;
	}
	UK_TEST_ASSERT(found);
	/* A later one, SECONDS or more on, also caught narrowly. */
	found = 0;
	while (!found) {
		if (next_edge(&last, deadline) < 0)
			break;
		n = (last.sec - first.sec + 60) % 60;
		found = n >= SECONDS && last.after - last.before <= BRACKET_MAX;
	}
	UK_TEST_ASSERT(found);
	/*
	 * n seconds passed between the edges; the monotonic clock saw
	 * between lo and hi nanoseconds. Some reading within the tolerance
	 * of n seconds must lie in [lo, hi].
	 */
	lo = (long long)(last.before - first.after);
	hi = (long long)(last.after - first.before);
	tol = n * NSEC_PER_SEC * TOLERANCE_PERMILLE / 1000;
	UK_TEST_EXPECT_SNUM_LE(lo, n * NSEC_PER_SEC + tol);
	UK_TEST_EXPECT_SNUM_GE(hi, n * NSEC_PER_SEC - tol);
}
