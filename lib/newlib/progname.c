/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GNU's program_invocation_name and program_invocation_short_name: the
 * image's name, which is what argv[0] says in an image.
 */
#include <uk/config.h>

char *program_invocation_name = CONFIG_UK_NAME;
char *program_invocation_short_name = CONFIG_UK_NAME;
