/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform's random source, for seeds (stack canaries, generators). */
#ifndef UK_PLAT_RANDOM_H
#define UK_PLAT_RANDOM_H

#include <uk/essentials.h>

/*
 * Fill buf with len bytes from the platform's random source: the host's
 * getrandom (linuxu), the CPU's random instruction (kvm: RDRAND, RNDR).
 * Returns 0, or -ENODEV when there is no such source: the bytes were then
 * mixed from clock readings and an attacker may guess them.
 *
 * Callable from the first C code of the boot, before any initialisation,
 * and from any context; it has no arrays on its stack, so it may run
 * before the stack protector's canary is set.
 */
int ukplat_random_bytes(void *buf, __sz len);

#endif
