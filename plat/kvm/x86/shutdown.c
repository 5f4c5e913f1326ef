/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine. The exit status goes out through QEMU's
 * isa-debug-exit device (port 0xf4): QEMU exits with (value << 1) | 1, so
 * status s (0-126) becomes 2s+1 and a crash (value 127) 255. Without that
 * device the write does nothing, and the machine powers off through ACPI
 * (the host sees QEMU exit with 0), or else halts for good.
 */
#include <kvm/x86/acpi.h>
#include <kvm/x86/boot.h>
#include <kvm/bootstamp.h>
#include <uk/arch/cpu.h>
#include <uk/arch/io.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

#define RESET_CONTROL_PORT 0xcf9 /* PIIX/ICH reset control register */
#define RESET_CONTROL_HARD 0x06
#define I8042_CMD 0x64
#define I8042_PULSE_RESET 0xfe

static void __noreturn halt_forever(void)
{
	for (;;) {
		ukarch_irq_disable();
		ukarch_halt();
	}
}

/*
 * How far power_off got. A crash on the way out (in the boot-stamp report,
 * in the ACPI code) calls power_off again with the crash status: each
 * step that may crash is taken at most once, so that never loops.
 */
static enum { START, REPORTED, ACPI_TRIED } stage;

static void __noreturn power_off(unsigned int code)
{
	ukarch_irq_disable();
	if (stage == START) {
		stage = REPORTED;
		kvm_bootstamp_report();
	}
	ukarch_outb(KVM_DEBUG_EXIT_PORT, (__u8)code);
	/* Still here: no isa-debug-exit. The status is lost. */
	if (stage == REPORTED) {
		stage = ACPI_TRIED;
		kvm_acpi_poweroff();
	}
	uk_pr_raw("kvm: cannot power off (no isa-debug-exit device, no ACPI S5); halted\n");
	halt_forever();
}

void ukplat_exit(int status)
{
	unsigned int s = (unsigned int)status & 0xff;

	if (s > KVM_DEBUG_EXIT_MAX_STATUS) {
		uk_pr_raw("kvm: exit status %u does not fit isa-debug-exit: the host sees %d\n",
			  s, KVM_DEBUG_EXIT_MAX_STATUS);
		s = KVM_DEBUG_EXIT_MAX_STATUS;
	}
	power_off(s);
}

static void __noreturn reset(void)
{
	struct {
		__u16 limit;
		__u64 base;
	} __packed no_idt = { 0, 0 };

	ukarch_irq_disable();
	ukarch_outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
	ukarch_outb(I8042_CMD, I8042_PULSE_RESET);
	/* Last resort: a triple fault. */
	__asm__ __volatile__("lidt %0; int3" ::"m"(no_idt));
	halt_forever();
}

void ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_HALT:
		power_off(0);
	case UKPLAT_RESTART:
		reset();
	case UKPLAT_CRASH:
	default:
		power_off(KVM_DEBUG_EXIT_CRASH);
	}
}
