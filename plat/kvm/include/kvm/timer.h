/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-shot timer of the platform API, in two parts: plat/kvm/timer.c
 * keeps the deadlines (shared by both architectures), and
 * plat/kvm/<arch>/timer.c drives the hardware through the functions
 * below. All are called with interrupts masked.
 */
#ifndef __KVM_TIMER_H__
#define __KVM_TIMER_H__

#include <uk/plat/time.h>

/* Set up the timer and its interrupt; crashes, saying why, if there is
 * no usable one. Called once, on first use. */
void kvm_timer_hw_init(void);
/* Interrupt at monotonic time `deadline` or soon after, never before;
 * 0: no interrupt. A deadline in the past interrupts at once. */
void kvm_timer_hw_set(__nsec deadline);
/* In the timer interrupt, after the next deadline is set and before the
 * handler runs (the handler may switch threads). */
void kvm_timer_hw_ack(void);

/* The timer interrupt: the architecture's interrupt code calls it. */
void kvm_timer_tick(void);

#endif /* __KVM_TIMER_H__ */
