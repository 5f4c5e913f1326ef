/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monotonic clock on xen x86_64: the Xen PV clock of vCPU 0 in the
 * shared-info page (system time in ns since the domain was created,
 * extrapolated with the TSC; pvclock.c has the arithmetic). The TSC
 * frequency the shared kvm code wants (the local APIC timer is measured
 * against the TSC) is the one the PV clock's scale stands for: no PIT,
 * which a PVH domain does not have.
 */
#include <kvm/x86/clock.h>
#include <uk/arch/lcpu.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/time.h>
#include <xen/x86.h>
#include <errno.h>

static const volatile struct xen_vcpu_time_info *pv;
static __u64 tsc_hz;
static __nsec last;

static __u64 read_tsc(void)
{
	return ukarch_rdtsc();
}

void xen_x86_clock_init(void)
{
	const volatile struct xen_vcpu_time_info *t =
		&xen_x86_shared_info->vcpu_info[0].time;
	__u32 v;
	__u32 mul;
	__s8 shift;

	do {
		v = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != t->version);
	tsc_hz = xen_pvclock_tsc_hz(mul, shift);
	if (!tsc_hz)
		UK_CRASH("xen: the PV clock of vCPU 0 has no TSC scale (tsc_to_system_mul 0)");
	pv = t;
	uk_pr_info("xen: PV clock, TSC %llu kHz (mul %u, shift %d)%s\n",
		   (unsigned long long)(tsc_hz / 1000), mul, shift,
		   (t->flags & XEN_PVCLOCK_TSC_STABLE) ? ", stable TSC" : "");
}

__s64 kvm_tsc_hz_try(void)
{
	return pv ? (__s64)tsc_hz : -ENODEV;
}

__u64 kvm_tsc_hz(void)
{
	if (!pv)
		UK_CRASH("xen: no PV clock (no Xen): cannot tell the TSC frequency");
	return tsc_hz;
}

__nsec ukplat_monotonic_clock(void)
{
	__nsec now;

	if (unlikely(!pv))
		return 0;
	now = xen_pvclock_read(pv, read_tsc);
	/* Xen's updates may step back by a little: never backwards. One
	 * CPU; a racing interrupt at worst returns last. */
	if (now < last)
		return last;
	last = now;
	return now;
}
