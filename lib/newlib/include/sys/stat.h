/* SPDX-License-Identifier: BSD-3-Clause */
/* newlib's <sys/stat.h>, plus what it declares only for some systems. */
#ifndef _TESSERA_SYS_STAT_H
#define _TESSERA_SYS_STAT_H

#include_next <sys/stat.h>

/* Special tv_nsec values of futimens and utimensat (Linux's). */
#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

int lstat(const char *__restrict path, struct stat *__restrict st);
int mknod(const char *path, mode_t mode, dev_t dev);

#endif
