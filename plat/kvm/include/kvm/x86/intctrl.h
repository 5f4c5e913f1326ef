/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm x86_64 interrupt controllers: the 8259 PIC pair (the 16 legacy
 * lines, vectors 32-47) and the local APIC (its timer). Callers mask
 * interrupts around these.
 */
#ifndef KVM_X86_INTCTRL_H
#define KVM_X86_INTCTRL_H

#include <uk/essentials.h>

/* Move the PICs to vectors 32-47 and mask every line. Boot only. */
void kvm_pic_init(void);
void kvm_pic_mask(unsigned int line);
void kvm_pic_unmask(unsigned int line);
/* End of interrupt for line; returns 0, or 1 if it was spurious (no EOI). */
int kvm_pic_eoi(unsigned int line);

/*
 * Enable the local APIC (xAPIC mode, registers mapped uncached). Returns
 * 0, or -ENODEV if the CPU has none. Idempotent.
 */
int kvm_lapic_init(void);
void kvm_lapic_eoi(void);
/* Timer counts per second (measured at init against the TSC). */
__u64 kvm_lapic_timer_hz(void);
/* Start the one-shot timer with count ticks (0 stops it). */
void kvm_lapic_timer_start(__u32 count);
#endif
