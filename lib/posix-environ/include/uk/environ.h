/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef UK_ENVIRON_H
#define UK_ENVIRON_H

/*
 * setenv() each space separated NAME=value word of list (what the kernel
 * parameter env.vars holds). Returns 0, -EINVAL for a word without '='
 * or with an empty name (words before it are set), -ENOMEM.
 */
int uk_environ_parse(const char *list);

#endif
