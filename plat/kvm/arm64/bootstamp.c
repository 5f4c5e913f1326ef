/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot-time stamps. The entry code records the virtual counter at the
 * first instruction; the link wraps main (-Wl,--wrap=main) so it is read
 * again just before main runs. Both are printed when the machine stops.
 */
#include <kvm/bootstamp.h>
#include <kvm/arm64/boot.h>
#include <kvm/arm64/devices.h>
#include <uk/arch/cpu.h>
#include <uk/print.h>

static __u64 main_counter;

int __real_main(int argc, char *argv[]);
int __wrap_main(int argc, char *argv[]);

int __wrap_main(int argc, char *argv[])
{
	main_counter = ukarch_counter();
	return __real_main(argc, argv);
}

void kvm_bootstamp_report(void)
{
	__u64 now = ukarch_counter();

	uk_pr_raw("kvm: boot cntvct first=%llu main=%llu exit=%llu cntvct_khz=%llu\n",
		  (unsigned long long)kvm_boot_counter,
		  (unsigned long long)main_counter, (unsigned long long)now,
		  (unsigned long long)(kvm_timer_freq() / 1000));
}
