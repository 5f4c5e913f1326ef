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

	uk_pr_raw("kvm: boot tsc first=%llu main=%llu exit=%llu tsc_khz=%llu\n",
		  (unsigned long long)kvm_boot_tsc,
		  (unsigned long long)main_tsc, (unsigned long long)now,
		  (unsigned long long)(kvm_tsc_hz() / 1000));
}
