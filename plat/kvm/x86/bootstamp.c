/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot-time stamps. The entry code records the TSC at the first
 * instruction; the link wraps main (-Wl,--wrap=main) so the TSC is read
 * again just before it runs. Both are printed when the machine stops.
 */
#include <kvm/bootstamp.h>
#include <kvm/x86/boot.h>
#include <kvm/x86/clock.h>
#include <uk/arch/lcpu.h>
#include <uk/print.h>

static __u64 main_tsc;

int __real_main(int argc, char *argv[]);
int __wrap_main(int argc, char *argv[]);

int __wrap_main(int argc, char *argv[])
{
	main_tsc = ukarch_rdtsc();
	return __real_main(argc, argv);
}

void kvm_bootstamp_report(void)
{
	__u64 now = ukarch_rdtsc();
	/* On the way out: a frequency nobody can tell is 0, not a crash. */
	__s64 hz = kvm_tsc_hz_try();

	uk_pr_raw("kvm: boot tsc first=%llu main=%llu exit=%llu tsc_khz=%llu\n",
		  (unsigned long long)kvm_boot_tsc,
		  (unsigned long long)main_tsc, (unsigned long long)now,
		  (unsigned long long)(hz > 0 ? hz / 1000 : 0));
	if (hz <= 0)
		uk_pr_raw("kvm: tsc_khz=0: the TSC frequency is unknown (no CPUID leaf, no PIT)\n");
}
