/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 8254 PIT as a stopwatch for the TSC: channel 2 (gated by port 0x61,
 * speaker off) counts down once in mode 0 and raises its output when it
 * reaches zero; the TSC is read when the count starts and when the output
 * rises. The count starts within one PIT tick (0.84 us) of the write; the
 * end is seen within one loop iteration, so the error is a few
 * microseconds over the whole window.
 */
#include <kvm/x86/clock.h>
#include <uk/arch/io.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

#define PIT_HZ 1193182ULL
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_CH2_GATE_PORT 0x61
#define GATE_ON 0x01
#define SPEAKER_ON 0x02
#define OUT2 0x20
#define MODE_CH2_LOHI_MODE0 0xb0

__s64 kvm_pit_measure_tsc(unsigned int ms)
{
	__u64 count = PIT_HZ * ms / 1000, t0, t1;
	unsigned long spins = 0;
	__u8 gate;

	if (count < 2 || count > 0xffff)
		return -EINVAL;
	gate = ukarch_inb(PIT_CH2_GATE_PORT);
	ukarch_outb(PIT_CH2_GATE_PORT, (gate & ~SPEAKER_ON) | GATE_ON);
	ukarch_outb(PIT_MODE, MODE_CH2_LOHI_MODE0);
	ukarch_outb(PIT_CH2, (__u8)count);
	ukarch_outb(PIT_CH2, (__u8)(count >> 8));
	t0 = ukarch_rdtsc();
	/* Mode 0: the output is low while counting. */
	while (!(ukarch_inb(PIT_CH2_GATE_PORT) & OUT2)) {
		/* Far more reads than ms milliseconds can take: no PIT. */
		if (++spins > 20000000UL * ms)
			return -ENODEV;
	}
	t1 = ukarch_rdtsc();
	ukarch_outb(PIT_CH2_GATE_PORT, gate);
	if (spins == 0) /* out high at once: no PIT behind the port */
		return -ENODEV;
	return (__s64)((t1 - t0) * PIT_HZ / count);
}
