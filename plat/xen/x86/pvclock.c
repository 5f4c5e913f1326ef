/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Xen PV clock's arithmetic and its version protocol, and finding
 * Xen's CPUID leaves: pure functions (tested in tests/test_xen_x86.c).
 */
#include <xen/x86.h>
#include <string.h>

UK_CTASSERT(sizeof(struct xen_vcpu_time_info) == 32);
UK_CTASSERT(sizeof(struct xen_x86_vcpu_info) == 64);
UK_CTASSERT(__builtin_offsetof(struct xen_x86_shared_info, evtchn_pending) ==
	    2048);
UK_CTASSERT(__builtin_offsetof(struct xen_x86_shared_info, wc_version) ==
	    3072);
UK_CTASSERT(__builtin_offsetof(struct xen_x86_shared_info, wc_sec_hi) ==
	    3084);

__u32 xen_x86_find_base(const __u32 (*regs)[4], unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		char sig[12];
		__u32 base = XEN_CPUID_FIRST + i * XEN_CPUID_STEP;

		memcpy(sig, &regs[i][1], 4);
		memcpy(sig + 4, &regs[i][2], 4);
		memcpy(sig + 8, &regs[i][3], 4);
		if (!memcmp(sig, XEN_CPUID_SIGNATURE, 12) &&
		    regs[i][0] >= base + 2 && regs[i][0] < base + XEN_CPUID_STEP)
			return base;
	}
	return 0;
}

/* Xen's shifts are a few bits either way; anything past the width of
 * the count is clamped to it (a shift by 64 or more is undefined in C). */
#define SHIFT_MAX 63

__u64 xen_pvclock_scale(__u64 delta, __u32 mul, __s8 shift)
{
	shift = shift > SHIFT_MAX ? SHIFT_MAX : shift < -SHIFT_MAX ? -SHIFT_MAX
								    : shift;
	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	return (__u64)(((unsigned __int128)delta * mul) >> 32);
}

__u64 xen_pvclock_read(const volatile struct xen_vcpu_time_info *t,
		       __u64 (*read_tsc)(void))
{
	__u32 v;
	__u64 stamp, sys, tsc;
	__u32 mul;
	__s8 shift;

	do {
		v = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		tsc = read_tsc();
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != t->version);
	return sys + (tsc > stamp ? xen_pvclock_scale(tsc - stamp, mul, shift)
				  : 0);
}

__u64 xen_pvclock_tsc_hz(__u32 mul, __s8 shift)
{
	/* ns per cycle = mul * 2^shift / 2^32, so
	 * Hz = 10^9 * 2^32 / (mul * 2^shift). */
	unsigned __int128 num = (unsigned __int128)1000000000ULL << 32;

	if (!mul)
		return 0;
	shift = shift > SHIFT_MAX ? SHIFT_MAX : shift < -SHIFT_MAX ? -SHIFT_MAX
								    : shift;
	if (shift < 0)
		num <<= -shift;
	else
		num >>= shift;
	return (__u64)(num / mul);
}
