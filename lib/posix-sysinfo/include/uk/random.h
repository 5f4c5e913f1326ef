/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef UK_RANDOM_H
#define UK_RANDOM_H

#include <uk/essentials.h>

/*
 * Fill buf with len pseudo-random bytes (a ChaCha20-based generator
 * seeded from the clocks at first use). Never fails; any context but
 * interrupts. Not a cryptographic source without a hardware seed.
 */
void uk_random_fill(void *buf, __sz len);

#endif
