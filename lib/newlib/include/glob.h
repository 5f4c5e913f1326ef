/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <glob.h>, plus POSIX's GLOB_NOMATCH. */
#ifndef _TESSERA_GLOB_H
#define _TESSERA_GLOB_H

#include_next <glob.h>

#ifndef GLOB_NOMATCH
#define GLOB_NOMATCH (-3) /* nothing matched (and no GLOB_NOCHECK) */
#endif

#endif
