/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the machine in two parts: plat/kvm/shutdown.c has the order
 * (boot-stamp report, exit status, power-off, halt) and ukplat_terminate;
 * plat/kvm/<arch>/shutdown.c has ukplat_exit and the functions below.
 * All run with interrupts masked.
 */
#ifndef __KVM_SHUTDOWN_H__
#define __KVM_SHUTDOWN_H__

#include <uk/config.h>
#include <uk/essentials.h>

#if CONFIG_ARCH_X86_64
#include <kvm/x86/boot.h>
#define KVM_EXIT_CRASH KVM_DEBUG_EXIT_CRASH /* QEMU exits with 255 */
#else
#define KVM_EXIT_CRASH 255 /* semihosting passes it as it is */
#endif

/* Report, pass status to the host and power off; halt if all of it fails. */
void __noreturn kvm_power_off(int status);
/* Halt, interrupts masked, for good. */
void __noreturn kvm_halt_forever(void);

/* Pass status to the host and stop; returns if the machine has no way. */
void kvm_arch_exit_status(int status);
/* Power off without a status; returns if that is not possible. */
void kvm_arch_power_off(void);
/* What a machine that could not be powered off lacked, for the message. */
extern const char kvm_arch_power_off_needs[];
/* Reset the machine, or say why not and halt. */
void __noreturn kvm_arch_reset(void);

#endif /* __KVM_SHUTDOWN_H__ */
