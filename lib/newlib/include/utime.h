/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <utime.h> (struct utimbuf) plus utime itself (vfscore). */
#ifndef _TESSERA_UTIME_H
#define _TESSERA_UTIME_H

#include <sys/types.h>
#include_next <utime.h>

#ifdef __cplusplus
extern "C" {
#endif

int utime(const char *path, const struct utimbuf *times);

#ifdef __cplusplus
}
#endif

#endif
