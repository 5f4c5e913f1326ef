/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LINUXU_SETUP_H
#define LINUXU_SETUP_H

#include <uk/essentials.h>

/* The host environment the process started with. */
extern char **linuxu_argv;
extern char **linuxu_envp;

/* The host's CLOCK_MONOTONIC when the process started: the platform's
 * monotonic clock counts from there, like a guest's from its boot. */
extern __u64 linuxu_clock_origin;
void linuxu_clock_init(void);

/* Die of sig with its default action (no core file). */
void linuxu_die_of_signal(int sig) __attribute__((noreturn));

#endif
