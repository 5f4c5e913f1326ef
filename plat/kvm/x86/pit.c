/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 8254 PIT as a stopwatch for the TSC. Channel 0 counts down from
 * 0xffff at 1.193182 MHz (channel 2 would need the speaker port's gate,
 * which microvm lacks; channel 0's interrupt stays masked at the PIC).
 * The counter is read with the TSC at the start and the end of the window;
 * each reading is taken a few times and the one with the shortest TSC
 * bracket is kept, so a host that deschedules the guest in the middle of
 * a reading (likely under TCG on a busy machine) does not skew it.
 */
#include <kvm/x86/clock.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

#define PIT_HZ 1193182ULL
#define PIT_CH0 0x40
#define PIT_MODE 0x43
#define MODE_CH0_LOHI_RATEGEN 0x34
#define MODE_CH0_LOHI_ONESHOT 0x30
#define LATCH_CH0 0x00
#define TRIES 8
/* Counts a window may last: well within one turn of the 16-bit counter. */
#define WINDOW_MAX 0xf000
/* Reads without the counter moving before we call the PIT absent. */
#define STUCK_READS 100000

struct reading {
	__u64 tsc;     /* middle of the bracket */
	__u64 width;   /* TSC cycles the reading took */
	__u16 count;
};

static __u16 read_count(void)
{
	__u8 lo, hi;

	ukarch_outb(PIT_MODE, LATCH_CH0);
	lo = ukarch_inb(PIT_CH0);
	hi = ukarch_inb(PIT_CH0);
	return (__u16)(hi << 8 | lo);
}

static struct reading read_best(void)
{
	struct reading best = { .width = ~0ULL };

	for (int i = 0; i < TRIES; i++) {
		__u64 a = ukarch_rdtsc();
		__u16 c = read_count();
		__u64 b = ukarch_rdtsc();

		if (b - a < best.width)
			best = (struct reading){ a + (b - a) / 2, b - a, c };
	}
	return best;
}

_Static_assert(PIT_HZ * CONFIG_KVM_TSC_CALIBRATION_MS / 1000 <= WINDOW_MAX,
	       "CONFIG_KVM_TSC_CALIBRATION_MS is longer than the PIT can time (50 ms at most)");

__s64 kvm_pit_measure_tsc(unsigned int ms)
{
	__u64 window = PIT_HZ * ms / 1000;
	struct reading r0, r1;
	__u16 last;
	unsigned long same = 0;

	if (window < 2 || window > WINDOW_MAX)
		return -EINVAL;
	ukarch_outb(PIT_MODE, MODE_CH0_LOHI_RATEGEN);
	ukarch_outb(PIT_CH0, 0xff);
	ukarch_outb(PIT_CH0, 0xff);
	r0 = read_best();
	last = r0.count;
	for (;;) {
		__u16 c = read_count();

		if (c == last && ++same > STUCK_READS)
			break; /* not counting: no PIT behind the ports */
		if (c != last)
			same = 0, last = c;
		/* Counting down; stop well before it wraps. */
		if ((__u16)(r0.count - c) >= window)
			break;
	}
	r1 = read_best();
	/* Leave it idle: one last count of 1 in one-shot mode. */
	ukarch_outb(PIT_MODE, MODE_CH0_LOHI_ONESHOT);
	ukarch_outb(PIT_CH0, 1);
	ukarch_outb(PIT_CH0, 0);
	if (same > STUCK_READS || (__u16)(r0.count - r1.count) < window ||
	    r1.tsc <= r0.tsc)
		return -ENODEV;
	return (__s64)((unsigned __int128)(r1.tsc - r0.tsc) * PIT_HZ /
		       (__u16)(r0.count - r1.count));
}
