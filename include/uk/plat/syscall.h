/* SPDX-License-Identifier: BSD-3-Clause */
/* The CPU's system-call instruction, where the platform can take it. */
#ifndef UK_PLAT_SYSCALL_H
#define UK_PLAT_SYSCALL_H

#include <uk/essentials.h>

/*
 * What the instruction calls: the number and six arguments in the order
 * Linux passes them; the return value goes back to the caller as Linux
 * returns it (negative errno numbers, Linux's).
 */
typedef long (*ukplat_syscall_handler_t)(long nr, long a1, long a2, long a3,
					 long a4, long a5, long a6);

/*
 * Make the CPU's system-call instruction (x86_64: syscall) call handler,
 * on the caller's stack and in its context, with everything Linux
 * preserves preserved (vector registers, the red zone, the flags).
 * Returns 0; -ENOTSUP where the platform cannot take the instruction (the
 * selectors do not allow it); -EBUSY when a handler is set already.
 * Call at init, with interrupts on or off. Only kvm x86_64 implements it
 * (on linuxu the instruction reaches the host kernel).
 */
int ukplat_syscall_handler_set(ukplat_syscall_handler_t handler);

#endif
