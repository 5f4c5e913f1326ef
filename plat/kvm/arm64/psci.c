/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSCI (Arm Power State Coordination Interface, DEN 0022) for powering
 * off and resetting, through the conduit (HVC or SMC) the device tree's
 * /psci node names. QEMU exits with status 0 on SYSTEM_OFF.
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/traps.h>
#include <errno.h>

#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL

static int call(unsigned long fn)
{
	kvm_arm64_probe_trapped = 0;
	switch (kvm_arm64_dt.psci) {
	case KVM_DT_PSCI_HVC:
		kvm_arm64_hvc(fn, 0, 0, 0);
		break;
	case KVM_DT_PSCI_SMC:
		kvm_arm64_smc(fn, 0, 0, 0);
		break;
	default:
		return -ENOTSUP;
	}
	/* Back: the call is undefined here, or refused. */
	return -ENOTSUP;
}

int kvm_psci_system_off(void)
{
	return call(PSCI_SYSTEM_OFF);
}

int kvm_psci_system_reset(void)
{
	return call(PSCI_SYSTEM_RESET);
}
