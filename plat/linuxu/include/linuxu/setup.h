/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LINUXU_SETUP_H
#define LINUXU_SETUP_H

/* The host environment the process started with. */
extern char **linuxu_argv;
extern char **linuxu_envp;

/* Die of sig with its default action (no core file). */
void linuxu_die_of_signal(int sig) __attribute__((noreturn));

#endif
