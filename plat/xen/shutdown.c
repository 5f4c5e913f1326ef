/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping a Xen domain. Xen keeps no exit status: a dom0less domain that
 * shuts down is paused without a word, and xl only learns the reason. So
 * the status is printed as the console's last line,
 *   xen: exit status N
 * (N: main's status 0-254; 255 for a crash), which
 * support/scripts/xen-guest reads, and the domain then shuts down
 * through SCHEDOP_shutdown: poweroff for 0, crash for anything else (so
 * xl's on_poweroff/on_crash tell them apart too).
 */
#include <uk/config.h>
#if CONFIG_ARCH_ARM_64
#include <kvm/arm64/devices.h>
#define ARCH_POWER_OFF "PSCI"
#define arch_power_off(status) kvm_psci_system_off()
#else
#include <xen/x86.h>
#define ARCH_POWER_OFF XEN_X86_POWER_OFF
#define arch_power_off(status) xen_x86_power_off(status)
#endif
#include <uk/arch/cpu.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <xen/hypercall.h>

#define EXIT_MAX_STATUS 254
#define EXIT_CRASH 255

const char *xen_strerror(long err)
{
	switch (err) {
	case -1:
		return "operation not permitted, or no Xen (undefined HVC)";
	case -14:
		return "bad address";
	case -22:
		return "invalid argument";
	case -38:
		return "hypercall not implemented";
	}
	return "unknown error";
}

static void __noreturn halt_forever(void)
{
	for (;;) {
		ukarch_irq_disable();
		ukarch_halt();
	}
}

/*
 * Print the status line and shut down. A crash on the way (or a second
 * caller) comes back here: the line is printed once.
 */
static void __noreturn xen_power_off(int status)
{
	static int stopping;
	unsigned int reason = status ? XEN_SHUTDOWN_CRASH
				     : XEN_SHUTDOWN_POWEROFF;
	long rc;

	ukarch_irq_disable();
	if (!stopping++)
		uk_pr_raw("xen: exit status %d\n", status);
	rc = xen_sched_shutdown(reason);
	/* Still here: Xen refused, or this is no Xen guest. */
	if (stopping == 1)
		uk_pr_raw("xen: SCHEDOP_shutdown failed: %ld (%s); trying "
			  ARCH_POWER_OFF "\n", rc, xen_strerror(rc));
	stopping = 2;
	arch_power_off(status);
	uk_pr_raw("xen: cannot shut down; halted\n");
	halt_forever();
}

void ukplat_exit(int status)
{
	int s = status & 0xff;

	if (s > EXIT_MAX_STATUS) {
		uk_pr_raw("xen: exit status %d is the crash status: the host sees %d\n",
			  s, EXIT_MAX_STATUS);
		s = EXIT_MAX_STATUS;
	}
	xen_power_off(s);
}

void ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_HALT:
		xen_power_off(0);
	case UKPLAT_RESTART:
		ukarch_irq_disable();
		uk_pr_raw("xen: restart requested\n");
		xen_sched_shutdown(XEN_SHUTDOWN_REBOOT);
		uk_pr_raw("xen: cannot restart; halted\n");
		halt_forever();
	case UKPLAT_CRASH:
	default:
		xen_power_off(EXIT_CRASH);
	}
}
