/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stack canaries (CONFIG_LIBUKSTACKPROTECTOR). The compiler places
 * __stack_chk_guard's value below the return address of each protected
 * function and calls __stack_chk_fail when it changed.
 */
#ifndef UK_STACKPROTECTOR_H
#define UK_STACKPROTECTOR_H

#include <uk/essentials.h>

extern unsigned long __stack_chk_guard;

/*
 * Replace the boot-time canary with one from the platform's random
 * source. Called once, by ukplat_entry, before anything else: functions
 * already on the stack must never return (their saved copy is the old
 * canary). Returns 0, or -ENODEV when the platform had no random source
 * (the canary then comes from clock readings; a warning says so).
 */
int uk_stack_protector_init(void);

#endif
