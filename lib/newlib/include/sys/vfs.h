/* SPDX-License-Identifier: BSD-3-Clause */
/* Linux's name for <sys/statfs.h>. */
#include <sys/statfs.h>
