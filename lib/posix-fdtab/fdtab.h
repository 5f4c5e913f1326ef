/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside posix-fdtab: slot operations io.c needs beyond <uk/file.h>. */
#ifndef POSIX_FDTAB_INTERNAL_H
#define POSIX_FDTAB_INTERNAL_H

int uk_fdtab_replace(int fd, struct uk_file *f, int cloexec_flag);
int uk_fdtab_getfd_flags(int fd);
int uk_fdtab_setfd_flags(int fd, int cloexec_flag);

#endif
