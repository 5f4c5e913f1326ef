/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm x86_64 clock sources: the TSC, the PIT (to measure it), the CMOS RTC. */
#ifndef KVM_X86_CLOCK_H
#define KVM_X86_CLOCK_H

#include <uk/essentials.h>

/*
 * TSC frequency in Hz: from CPUID (leaf 0x40000010, 0x15 or 0x16) if the
 * CPU tells, else measured against the PIT over
 * CONFIG_KVM_TSC_CALIBRATION_MS, once, on the first call. Stops the
 * machine with a message naming what is missing if neither works. Any
 * context (masks interrupts while measuring).
 */
__u64 kvm_tsc_hz(void);

/*
 * The same, but never stops the machine: returns the frequency, or a
 * negative errno if it cannot be found (-ENODEV: no CPUID leaf and no
 * PIT). A failure is remembered: later calls return it at once. For the
 * exit path (boot stamps), which must not crash.
 */
__s64 kvm_tsc_hz_try(void);

/*
 * Measure the TSC against the PIT (channel 0) over ms milliseconds
 * (1-50: the 16-bit counter turns over every 55 ms). Returns the
 * frequency in Hz, -EINVAL for a window out of that range, or -ENODEV
 * when there is no PIT (its output never changes, or changes at once).
 */
__s64 kvm_pit_measure_tsc(unsigned int ms);

/*
 * Read the CMOS real-time clock: seconds since 1970-01-01 00:00 UTC
 * (the RTC is taken to run on UTC, as QEMU's does by default). Returns
 * -EIO if the clock does not settle or holds an impossible date.
 */
__s64 kvm_rtc_read(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
__s64 kvm_days_from_civil(__s64 year, unsigned int month, unsigned int day);
#endif
