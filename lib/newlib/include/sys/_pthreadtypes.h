/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pthread types of Tessera (replacing newlib's): storage large enough for
 * the scheduler's mutexes and condition variables (posix-pthread checks
 * the sizes at compile time). All-zero objects are valid: the static
 * initialisers are zeros and the object is set up at first use.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

typedef unsigned long pthread_t;

typedef struct {
	int is_initialized;
	int detachstate;
	unsigned long stacksize;
	void *stackaddr;
	int schedpolicy;
	struct sched_param schedparam;
	int inheritsched;
	int contentionscope;
	unsigned long guardsize;
} pthread_attr_t;

typedef struct {
	int __state; /* 0: not set up, 1: ready */
	int __type;
	long __store[6];
} pthread_mutex_t;

typedef struct {
	int is_initialized;
	int type;
	int pshared;
	int protocol;
} pthread_mutexattr_t;

typedef struct {
	int __state;
	int __clock;
	long __store[4];
} pthread_cond_t;

typedef struct {
	int is_initialized;
	int clock;
	int pshared;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;

typedef struct {
	int is_initialized;
	int init_executed;
} pthread_once_t;

typedef struct {
	int __state;
	int __readers;
	long __store[12];
} pthread_rwlock_t;

typedef struct {
	int is_initialized;
	int pshared;
} pthread_rwlockattr_t;

typedef int pthread_spinlock_t; /* 0: free, 1: held */

typedef struct {
	pthread_mutex_t __lock; /* guards the rest */
	pthread_cond_t __all_in;
	unsigned int __count;   /* threads per round; 0: not initialised */
	unsigned int __waiting; /* arrived in this round */
	unsigned long __round;
} pthread_barrier_t;

typedef struct {
	int is_initialized;
	int pshared;
} pthread_barrierattr_t;

#define PTHREAD_CREATE_DETACHED 0
#define PTHREAD_CREATE_JOINABLE 1
#define PTHREAD_SCOPE_PROCESS 0
#define PTHREAD_SCOPE_SYSTEM 1
#define PTHREAD_INHERIT_SCHED 1
#define PTHREAD_EXPLICIT_SCHED 2
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED 1

#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT 3

#endif
