/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine, the order both architectures follow: the
 * boot-stamp report, the architecture's way of passing the exit status
 * to the host (x86_64: isa-debug-exit; arm64: semihosting), a power-off
 * without status (ACPI; PSCI), and if nothing worked, a halt for good.
 * See x86/shutdown.c and arm64/shutdown.c for the status mappings.
 */
#include <kvm/shutdown.h>
#include <kvm/bootstamp.h>
#include <uk/arch/cpu.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

void kvm_halt_forever(void)
{
	for (;;) {
		ukarch_irq_disable();
		ukarch_halt();
	}
}

/*
 * How far kvm_power_off got. A crash on the way out (in the boot-stamp
 * report, in ACPI or PSCI) calls it again with the crash status: each
 * step that may crash is taken at most once, so that never loops.
 */
static enum { START, REPORTED, POWER_OFF_TRIED } stage;

void kvm_power_off(int status)
{
	ukarch_irq_disable();
	if (stage == START) {
		stage = REPORTED;
		kvm_bootstamp_report();
	}
	kvm_arch_exit_status(status);
	/* Still here: the status has no way to the host. */
	if (stage == REPORTED) {
		stage = POWER_OFF_TRIED;
		kvm_arch_power_off();
	}
	uk_pr_raw("kvm: cannot power off (%s); halted\n",
		  kvm_arch_power_off_needs);
	kvm_halt_forever();
}

void ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_HALT:
		kvm_power_off(0);
	case UKPLAT_RESTART:
		ukarch_irq_disable();
		kvm_arch_reset();
	case UKPLAT_CRASH:
	default:
		kvm_power_off(KVM_EXIT_CRASH);
	}
}
