/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwip's operating system types on uksched and uklock (sys_arch.c):
 * semaphores and mutexes are uklock's, a mailbox is a ring of pointers
 * with two counting semaphores, a thread is a uksched thread.
 */
#ifndef TESSERA_LWIP_ARCH_SYS_ARCH_H
#define TESSERA_LWIP_ARCH_SYS_ARCH_H

#include <uk/semaphore.h>
#include <uk/mutex.h>
#include <uk/spinlock.h>

struct sys_sem {
	struct uk_semaphore sem;
	int valid;
};
typedef struct sys_sem sys_sem_t;

struct sys_mutex {
	struct uk_mutex mutex;
	int valid;
};
typedef struct sys_mutex sys_mutex_t;

struct sys_mbox {
	struct uk_semaphore used, space; /* messages waiting / free slots */
	struct uk_spinlock lock;         /* head, tail */
	void **msgs;
	unsigned int size, head, tail;
	int valid;
};
typedef struct sys_mbox sys_mbox_t;

struct uk_thread;
typedef struct uk_thread *sys_thread_t;

typedef unsigned long sys_prot_t;

#define sys_sem_valid(s) ((s) != NULL && (s)->valid)
#define sys_sem_set_invalid(s) ((s)->valid = 0)
#define sys_mutex_valid(m) ((m) != NULL && (m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = 0)
#define sys_mbox_valid(m) ((m) != NULL && (m)->valid)
#define sys_mbox_set_invalid(m) ((m)->valid = 0)

#endif
