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

/*
 * One-shot timer. The handler runs in interrupt context (interrupts masked)
 * once the monotonic clock reaches the armed deadline; it may re-arm.
 * Schedulers use it for sleeping and preemption. A handler must also
 * cope with running when none of its deadlines is due (code that
 * borrowed the timer gives it back with a deadline already past): it
 * reads the clock and re-arms for its next deadline.
 */
typedef void (*ukplat_timer_handler_t)(void *arg);

/* Set the function the timer calls; NULL removes it. Any context. */
void ukplat_timer_set_handler(ukplat_timer_handler_t handler, void *arg);

/*
 * The function the timer calls now (NULL: none) and, if arg is not NULL,
 * its argument in *arg. For code that borrows the timer from its owner
 * (a scheduler) for a while and gives it back. Any context.
 */
ukplat_timer_handler_t ukplat_timer_get_handler(void **arg);

/*
 * Fire once at monotonic time deadline (ns); a deadline already past fires
 * as soon as interrupts allow; 0 disarms. Replaces an earlier deadline.
 */
void ukplat_timer_arm(__nsec deadline);

#endif
