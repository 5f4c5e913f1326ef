/* SPDX-License-Identifier: BSD-3-Clause */
/* What posix-time lets a scheduler plug in. */
#ifndef UK_POSIX_TIME_H
#define UK_POSIX_TIME_H

#include <uk/essentials.h>

/*
 * Block the calling thread until the monotonic clock reaches until (ns).
 * NULL (the default) makes sleeping calls wait on the clock. Set once at
 * boot by the thread library.
 */
extern void (*uk_posix_sleep_hook)(__nsec until);

#endif
