/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall-clock time on xen x86_64: the shared-info page's wall clock (the
 * time of day when the domain's system time was 0, kept by Xen, which
 * takes it from dom0 or the host's RTC), read under its version, plus
 * the PV clock's system time.
 */
#include <uk/plat/time.h>
#include <xen/x86.h>

__nsec ukplat_wall_clock(void)
{
	volatile struct xen_x86_shared_info *s = xen_x86_shared_info;
	__u64 sec;
	__u32 v, nsec;

	if (!s)
		return ukplat_monotonic_clock();
	do {
		v = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = (__u64)s->wc_sec_hi << 32 | s->wc_sec;
		nsec = s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != s->wc_version);
	return sec * UKPLAT_NSEC_PER_SEC + nsec + ukplat_monotonic_clock();
}
