/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <limits.h>, plus SSIZE_MAX, which POSIX puts there. */
#ifndef _TESSERA_LIMITS_H
#define _TESSERA_LIMITS_H

#include_next <limits.h>

#ifndef SSIZE_MAX
#define SSIZE_MAX __LONG_MAX__
#endif

#endif
