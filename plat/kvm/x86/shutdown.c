/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine on x86_64 (the order is plat/kvm/shutdown.c's).
 * The exit status goes out through QEMU's isa-debug-exit device (port
 * 0xf4): QEMU exits with (value << 1) | 1, so status s (0-126) becomes
 * 2s+1 and a crash (value 127) 255. Without that device the write does
 * nothing, and the machine powers off through ACPI (the host sees QEMU
 * exit with 0), or else halts for good.
 */
#include <kvm/shutdown.h>
#include <kvm/x86/acpi.h>
#include <kvm/x86/boot.h>
#include <uk/arch/io.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

#define RESET_CONTROL_PORT 0xcf9 /* PIIX/ICH reset control register */
#define RESET_CONTROL_HARD 0x06
#define I8042_CMD 0x64
#define I8042_PULSE_RESET 0xfe

const char kvm_arch_power_off_needs[] =
	"no isa-debug-exit device, no ACPI S5";

void kvm_arch_exit_status(int status)
{
	ukarch_outb(KVM_DEBUG_EXIT_PORT, (__u8)status);
	/* Still here: no isa-debug-exit. The status is lost. */
}

void kvm_arch_power_off(void)
{
	kvm_acpi_poweroff();
}

void ukplat_exit(int status)
{
	unsigned int s = (unsigned int)status & 0xff;

	if (s > KVM_DEBUG_EXIT_MAX_STATUS) {
		uk_pr_raw("kvm: exit status %u does not fit isa-debug-exit: the host sees %d\n",
			  s, KVM_DEBUG_EXIT_MAX_STATUS);
		s = KVM_DEBUG_EXIT_MAX_STATUS;
	}
	kvm_power_off((int)s);
}

void kvm_arch_reset(void)
{
	struct {
		__u16 limit;
		__u64 base;
	} __packed no_idt = { 0, 0 };

	ukarch_outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
	ukarch_outb(I8042_CMD, I8042_PULSE_RESET);
	/* Last resort: a triple fault. */
	__asm__ __volatile__("lidt %0; int3" ::"m"(no_idt));
	kvm_halt_forever();
}
