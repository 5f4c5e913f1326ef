/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall-clock time: the RTC's date, read once (on the first call), plus the
 * monotonic clock since. The RTC counts whole seconds, so the result is
 * within a second of the host's time.
 */
#include <kvm/x86/clock.h>
#include <uk/print.h>
#include <uk/plat/time.h>

static __nsec offset; /* wall - monotonic */
static int known;

__nsec ukplat_wall_clock(void)
{
	if (unlikely(!known)) {
		__s64 secs = kvm_rtc_read();
		__nsec now = ukplat_monotonic_clock();

		known = 1;
		if (secs < 0) {
			uk_pr_err("cannot read the CMOS clock: wall-clock time starts at 1970-01-01\n");
			secs = 0;
		}
		offset = ukarch_time_sec_to_nsec(secs) - now;
	}
	return ukplat_monotonic_clock() + offset;
}
