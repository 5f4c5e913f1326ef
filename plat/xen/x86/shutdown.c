/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The x86_64 end of plat/xen/shutdown.c: what it tries when
 * SCHEDOP_shutdown failed. On a machine without Xen, the kvm image's
 * ways: QEMU's isa-debug-exit with the status (QEMU exits with 2s+1;
 * the crash status 255 goes as 127, QEMU exits with 255), then ACPI
 * soft-off. Under Xen nothing else can stop the domain.
 */
#include <kvm/x86/acpi.h>
#include <kvm/x86/boot.h>
#include <uk/arch/io.h>
#include <xen/x86.h>

void xen_x86_power_off(int status)
{
	if (xen_x86_cpuid_base)
		return;
	if (status == 255)
		status = KVM_DEBUG_EXIT_CRASH;
	else if (status > KVM_DEBUG_EXIT_MAX_STATUS)
		status = KVM_DEBUG_EXIT_MAX_STATUS;
	ukarch_outb(KVM_DEBUG_EXIT_PORT, (__u8)status);
	kvm_acpi_poweroff();
}
