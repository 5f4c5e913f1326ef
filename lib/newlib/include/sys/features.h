/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's feature selection, then POSIX's option macros for what this
 * image implements (newlib defines them only for RTEMS and Cygwin). Every
 * libc header includes this file, <unistd.h> included, so a program sees
 * them wherever POSIX says it may look, and newlib's headers declare the
 * functions of the options that are there. An option that is not
 * implemented is left undefined, and sysconf (posix-process) answers -1
 * for it; sysconf answers each defined one with the same value. The
 * values follow the configuration (doc/posix-and-vfs.md has the table).
 */
#include_next <sys/features.h>

#ifndef _TESSERA_SYS_FEATURES_H
#define _TESSERA_SYS_FEATURES_H

#undef _POSIX_VERSION
#define _POSIX_VERSION 200809L

#ifdef CONFIG_LIBPOSIX_PTHREAD
#define _POSIX_THREADS 200809L
#define _POSIX_THREAD_ATTR_STACKSIZE 200809L
#define _POSIX_SEMAPHORES 200809L
#define _POSIX_READER_WRITER_LOCKS 200809L
#define _POSIX_SPIN_LOCKS 200809L
#define _POSIX_TIMEOUTS 200809L
#define _POSIX_BARRIERS 200809L
#endif

#ifdef CONFIG_LIBPOSIX_TIME
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_CLOCK_SELECTION 200809L
/* the process is the whole machine: its CPU time is the time since boot */
#define _POSIX_CPUTIME 200809L
/* timer_create & co.: the library that implements them selects this */
#ifdef CONFIG_HAVE_POSIX_TIMERS
#define _POSIX_TIMERS 200809L
#endif
#endif

#ifdef CONFIG_LIBPOSIX_FDTAB
#define _POSIX_FSYNC 200809L
#endif

#ifdef CONFIG_LIBPOSIX_MMAP
#define _POSIX_MAPPED_FILES 200809L
#define _POSIX_MEMLOCK 200809L
#define _POSIX_MEMLOCK_RANGE 200809L
#define _POSIX_SHARED_MEMORY_OBJECTS 200809L
/* mprotect changes nothing (one address space): no _POSIX_MEMORY_PROTECTION */
#endif

#endif
