/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syscall(2) as Linux programs use it:
 *
 *   #include <unistd.h>
 *   #include <sys/syscall.h>
 *   pid_t tid = syscall(SYS_gettid);
 *
 * SYS_<name> and __NR_<name> are Linux's numbers (of the architecture
 * built for) of the calls in <uk/syscall_table.h>, generated from it.
 */
#ifndef _TESSERA_SYS_SYSCALL_H
#define _TESSERA_SYS_SYSCALL_H

#include <uk/syscall_nr.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Call system call nr of the table with up to six arguments, directly
 * (no trap): the implementing library's function. Arguments and results
 * are in the C library's terms (its open flags, struct stat, errno
 * values), as the C functions take them. Returns the call's result, or
 * -1 with errno set; ENOSYS when nr is unknown or its library is not in
 * the image.
 */
long syscall(long nr, ...);

#ifdef __cplusplus
}
#endif

#endif
