/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The logical CPU: interrupt masking and halting. "Interrupts" are hardware
 * interrupts on kvm and the timer signal on linuxu; either way, while they
 * are masked no interrupt handler (and so no preemption) runs on this CPU.
 * Cheap enough for every lock: linuxu masks with a flag, not a syscall.
 */
#ifndef UK_PLAT_LCPU_H
#define UK_PLAT_LCPU_H

#include <uk/essentials.h>

/* Mask interrupts; return the previous state for ukplat_lcpu_restore_irqf. */
unsigned long ukplat_lcpu_save_irqf(void);

/* Return to the state save_irqf returned; pending interrupts run now. */
void ukplat_lcpu_restore_irqf(unsigned long flags);

void ukplat_lcpu_enable_irq(void);
void ukplat_lcpu_disable_irq(void);
int ukplat_lcpu_irqs_disabled(void);

/*
 * Idle: with interrupts masked on entry, atomically unmask them and wait
 * until an interrupt arrives or the monotonic clock reaches until (0: no
 * limit); return with interrupts masked again, after handlers ran. No busy
 * waiting: kvm halts the CPU, linuxu blocks in the host.
 */
void ukplat_lcpu_halt_irq_until(__nsec until);

#endif
