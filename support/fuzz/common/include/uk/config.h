/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The configuration the fuzzing harnesses compile the project's sources
 * with (in place of a build's generated uk/config.h): the defaults of the
 * options those sources read, and assertions on.
 */
#ifndef UK_CONFIG_H
#define UK_CONFIG_H

#define CONFIG_UK_NAME "fuzz"
#define CONFIG_KVM_CMDLINE_MAX 4096
#define CONFIG_KVM_MAX_ARGS 64
#define CONFIG_LIBUKDEBUG_ENABLE_ASSERT 1
#define CONFIG_LIBUKDEBUG_PRINTK_DEBUG 1

#endif
