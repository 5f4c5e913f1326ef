/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What e2fsprogs' configure would have found, for libext2fs compiled
 * into a Tessera image with newlib (no threads in the library, no host
 * devices, no mmap).
 */
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_ERRNO_H 1
#define HAVE_STDLIB_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_STRDUP 1
#define HAVE_STRNLEN 1
#define HAVE_POSIX_MEMALIGN 1
#define HAVE_TYPE_SSIZE_T 1
#define HAVE_VPRINTF 1
