/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu's emulated interrupts (lcpu.c): the timer signal is the only
 * interrupt. Masking is a flag the signal handler checks; a signal that
 * arrives while it is set is remembered and handled when it is cleared.
 */
#ifndef LINUXU_IRQ_H
#define LINUXU_IRQ_H

/* Install the timer signal's handler (idempotent). 0 or a negative errno. */
int linuxu_irq_init(void);

/* The timer's "interrupt handler" (timer.c); interrupts are masked. */
void linuxu_timer_interrupt(void);

#endif
