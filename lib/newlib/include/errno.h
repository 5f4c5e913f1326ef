/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <errno.h>, plus the GNU names of the program (lib/newlib/progname.c). */
#ifndef _TESSERA_ERRNO_H
#define _TESSERA_ERRNO_H

#include_next <errno.h>

#ifdef _GNU_SOURCE
/* The image's name (argv[0] of a process); programs may replace them. */
extern char *program_invocation_name;
extern char *program_invocation_short_name;
#endif

#endif
