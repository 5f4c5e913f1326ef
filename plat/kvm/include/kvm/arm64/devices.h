/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm arm64 devices: the PL011 UART (console), the GIC, the generic
 * timer, the PL031 RTC, PSCI and semihosting. Each takes its registers'
 * address from the device tree (kvm/arm64/dt.h).
 */
#ifndef KVM_ARM64_DEVICES_H
#define KVM_ARM64_DEVICES_H

#include <uk/essentials.h>
#include <kvm/arm64/dt.h>

/* The device tree as read at boot (setup.c). */
extern struct kvm_arm64_dt kvm_arm64_dt;

/*
 * The PL011 is the serial console of <kvm/console.h> on arm64
 * (kvm_serial_write/read, CONFIG_KVM_SERIAL_CONSOLE): kvm_pl011_init
 * enables the one at base (mapped) with 8-bit words and FIFOs. Until
 * then, output goes to semihosting. Boot only.
 */
void kvm_pl011_init(__uptr base);

/*
 * Semihosting (QEMU -semihosting): write a NUL-terminated string to the
 * host's console, and stop QEMU with an exit status. Both return
 * -ENOTSUP when semihosting is off (the call traps and is skipped, once;
 * later calls return at once). Any context.
 */
int kvm_semihost_puts(const char *s);
int kvm_semihost_exit(int status);

/*
 * PSCI through the conduit the device tree names: power off, reset.
 * Return -ENOTSUP without PSCI (no method, or the call is undefined).
 */
int kvm_psci_system_off(void);
int kvm_psci_system_reset(void);

/*
 * The GIC (v2 or v3, from the device tree), set up on first use: enable
 * the distributor and this CPU's interface. Returns 0, or -ENODEV with
 * no usable GIC. The rest is for interrupt code with interrupts masked.
 */
int kvm_gic_init(void);
/* Enable INTID intid (SPI or PPI), edge- or level-triggered. */
int kvm_gic_enable(unsigned int intid, int edge);
void kvm_gic_disable(unsigned int intid);
/* Acknowledge the highest pending interrupt: its INTID (>= 1020: none). */
unsigned int kvm_gic_ack(void);
/* End of interrupt for an INTID kvm_gic_ack returned. */
void kvm_gic_eoi(unsigned int intid);
/* Number of interrupt lines (INTIDs 0 .. n-1). */
unsigned int kvm_gic_lines(void);

/*
 * PCI (CONFIG_KVM_PCI): hand the ECAM window to the configuration-space
 * code, place the root bus's BARs and set its interrupt lines. Boot only.
 */
void kvm_arm64_pci_setup(void);

/* Generic timer: counter frequency in Hz (0: unknown). */
__u64 kvm_timer_freq(void);
/* INTID of the EL1 virtual timer. */
unsigned int kvm_timer_intid(void);
#endif
