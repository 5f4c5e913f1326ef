/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform clocks. */
#ifndef UK_PLAT_TIME_H
#define UK_PLAT_TIME_H

#include <uk/essentials.h>

#define UKPLAT_NSEC_PER_SEC 1000000000ULL
#define ukarch_time_sec_to_nsec(s) ((__nsec)(s) * UKPLAT_NSEC_PER_SEC)
#define ukarch_time_msec_to_nsec(ms) ((__nsec)(ms) * 1000000ULL)
#define ukarch_time_usec_to_nsec(us) ((__nsec)(us) * 1000ULL)

/* Nanoseconds since an arbitrary point at boot; never goes backwards. */
__nsec ukplat_monotonic_clock(void);

/* Nanoseconds since 1970-01-01 00:00 UTC, as well as the platform knows. */
__nsec ukplat_wall_clock(void);

#endif
