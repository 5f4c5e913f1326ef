/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine. The exit status goes out through semihosting
 * (SYS_EXIT with ADP_Stopped_ApplicationExit): QEMU started with
 * -semihosting exits with main's status itself, 0-254; a crash is 255.
 * Without semihosting the status cannot reach the host: the machine
 * powers off through PSCI SYSTEM_OFF (QEMU exits with 0) after saying
 * so on the console. See doc/arm64.md.
 */
#include <kvm/arm64/devices.h>
#include <kvm/bootstamp.h>
#include <uk/arch/cpu.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

#define EXIT_MAX_STATUS 254
#define EXIT_CRASH 255

static void __noreturn halt_forever(void)
{
	for (;;) {
		ukarch_irq_disable();
		ukarch_halt();
	}
}

/*
 * How far power_off got. A crash on the way out (in the boot-stamp report,
 * in PSCI) calls power_off again with the crash status: each step that may
 * crash is taken at most once, so that never loops.
 */
static enum { START, REPORTED, PSCI_TRIED } stage;

static void __noreturn power_off(int status)
{
	ukarch_irq_disable();
	if (stage == START) {
		stage = REPORTED;
		kvm_bootstamp_report();
	}
	kvm_semihost_exit(status);
	/* Still here: no semihosting. */
	if (status)
		uk_pr_raw("kvm: exit status %d is lost: start QEMU with -semihosting to pass it to the host\n",
			  status);
	if (stage == REPORTED) {
		stage = PSCI_TRIED;
		kvm_psci_system_off();
	}
	uk_pr_raw("kvm: cannot power off (no semihosting, no PSCI); halted\n");
	halt_forever();
}

void ukplat_exit(int status)
{
	int s = status & 0xff;

	if (s > EXIT_MAX_STATUS) {
		uk_pr_raw("kvm: exit status %d is the crash status: the host sees %d\n",
			  s, EXIT_MAX_STATUS);
		s = EXIT_MAX_STATUS;
	}
	power_off(s);
}

void ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_HALT:
		power_off(0);
	case UKPLAT_RESTART:
		ukarch_irq_disable();
		kvm_psci_system_reset();
		uk_pr_raw("kvm: cannot reset (no PSCI); halted\n");
		halt_forever();
	case UKPLAT_CRASH:
	default:
		power_off(EXIT_CRASH);
	}
}
