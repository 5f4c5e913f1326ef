/* SPDX-License-Identifier: BSD-3-Clause */
/* What ukboot offers other libraries. */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>

/*
 * Split argv at the first "--": the words before it (after argv[0]) are
 * kernel parameters, the words after it the application's arguments. With
 * no "--" everything is the application's. Returns the index of the
 * separator, or 0 if there is none.
 */
int uk_boot_find_separator(int argc, char *argv[]);

/* Run the init functions of every class in order; 0 or the first error. */
int uk_boot_run_inittab(void);

/*
 * With a scheduler (CONFIG_HAVE_SCHED), ukboot calls main through this
 * function, which the scheduler library provides: it runs main(argc,
 * argv) in a thread of its own and returns main's return value.
 */
int uk_boot_sched_main(int (*main)(int, char *[]), int argc, char *argv[]);

#endif
