/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform entry into the kernel, and the ways out. */
#ifndef UK_PLAT_BOOTSTRAP_H
#define UK_PLAT_BOOTSTRAP_H

#include <uk/essentials.h>

enum ukplat_gstate {
	UKPLAT_HALT,    /* power off */
	UKPLAT_RESTART, /* reboot */
	UKPLAT_CRASH,   /* stop after a crash; the host sees a crash status */
};

/*
 * Called by the platform once its own early set-up is done, with the command
 * line split into words (argv[0] is the image name). Implemented by ukboot;
 * never returns.
 */
void ukplat_entry(int argc, char *argv[]) __noreturn;

/*
 * Stop the machine. UKPLAT_CRASH makes the host see a crash (linuxu: the
 * process dies of SIGABRT; kvm: the crash exit status, see doc/platforms.md).
 */
void ukplat_terminate(enum ukplat_gstate request) __noreturn;

/* Stop the machine so that the host sees status (main's return value). */
void ukplat_exit(int status) __noreturn;

/* Exit status for a bad kernel command line (EX_USAGE of sysexits.h). */
#define UKPLAT_EXIT_USAGE 64

#endif
