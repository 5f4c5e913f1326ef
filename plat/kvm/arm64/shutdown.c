/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine on arm64 (the order is plat/kvm/shutdown.c's).
 * The exit status goes out through semihosting (SYS_EXIT with
 * ADP_Stopped_ApplicationExit): QEMU started with -semihosting exits with
 * main's status itself, 0-254; a crash is 255. Without semihosting the
 * status cannot reach the host: the machine powers off through PSCI
 * SYSTEM_OFF (QEMU exits with 0) after saying so on the console. See
 * doc/arm64.md.
 */
#include <kvm/shutdown.h>
#include <kvm/arm64/devices.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

#define EXIT_MAX_STATUS 254

const char kvm_arch_power_off_needs[] = "no semihosting, no PSCI";

void kvm_arch_exit_status(int status)
{
	kvm_semihost_exit(status);
	/* Still here: no semihosting. */
	if (status)
		uk_pr_raw("kvm: exit status %d is lost: start QEMU with -semihosting to pass it to the host\n",
			  status);
}

void kvm_arch_power_off(void)
{
	kvm_psci_system_off();
}

void ukplat_exit(int status)
{
	int s = status & 0xff;

	if (s > EXIT_MAX_STATUS) {
		uk_pr_raw("kvm: exit status %d is the crash status: the host sees %d\n",
			  s, EXIT_MAX_STATUS);
		s = EXIT_MAX_STATUS;
	}
	kvm_power_off(s);
}

void kvm_arch_reset(void)
{
	kvm_psci_system_reset();
	uk_pr_raw("kvm: cannot reset (no PSCI); halted\n");
	kvm_halt_forever();
}
