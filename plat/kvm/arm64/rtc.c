/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall-clock time: the PL031 real-time clock's seconds counter (RTCDR;
 * ARM PrimeCell RTC TRM, DDI 0224), read once on the first call, plus
 * the monotonic clock since. QEMU starts it at the host's time (UTC).
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/pagetable.h>
#include <uk/arch/io.h>
#include <uk/print.h>
#include <uk/plat/time.h>

#define RTCDR 0x00

static __nsec offset; /* wall - monotonic */
static int known;

__nsec ukplat_wall_clock(void)
{
	if (unlikely(!known)) {
		const struct kvm_dt_dev *rtc = &kvm_arm64_dt.rtc;
		__u64 secs = 0;

		known = 1;
		if (rtc->size &&
		    kvm_arm64_map(rtc->base, rtc->size, KVM_MAP_MMIO) == 0)
			secs = ukarch_mmio_read32((void *)rtc->base + RTCDR);
		else
			uk_pr_err("no PL031 real-time clock: wall-clock time starts at 1970-01-01\n");
		offset = ukarch_time_sec_to_nsec(secs) - ukplat_monotonic_clock();
	}
	return ukplat_monotonic_clock() + offset;
}
