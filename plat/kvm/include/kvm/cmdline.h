/* SPDX-License-Identifier: BSD-3-Clause */
/* kvm: the boot loader's command line as argv (architecture independent). */
#ifndef KVM_CMDLINE_H
#define KVM_CMDLINE_H

#include <uk/essentials.h>

/*
 * Copy cmdline (NUL-terminated; NULL counts as empty) into buf[0..bufsz)
 * and split it into words with uk_argnparse (the quoting rules of
 * uk/argparse.h): argv[0] = name, argv[1..] = the words, argv[argc] =
 * NULL. Returns argc, or -ENAMETOOLONG (the line does not fit buf),
 * -E2BIG (more than maxargs - 2 words), -EINVAL (a quote never closed, or
 * a backslash at the very end). Any context; no allocation.
 */
int kvm_cmdline_split(const char *cmdline, const char *name, char *buf,
		      __sz bufsz, char *argv[], int maxargs);

/* What went wrong, for an error from kvm_cmdline_split. */
const char *kvm_cmdline_strerror(int err);

/*
 * Copy and split cmdline into the platform's argv (sizes from
 * CONFIG_KVM_MAX_ARGS and CONFIG_KVM_CMDLINE_MAX). A malformed command
 * line stops the machine with a message and UKPLAT_EXIT_USAGE. Boot only.
 */
void kvm_cmdline_init(const char *cmdline);

/* Call ukplat_entry with the argv kvm_cmdline_init made. Boot only. */
void kvm_cmdline_enter(void) __noreturn;
#endif
