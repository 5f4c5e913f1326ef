/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX semaphores (posix-pthread implements them over uklock's
 * semaphores). Named semaphores live in the image: sem_open of one name
 * gives every caller the same sem_t until sem_unlink removes the name.
 */
#ifndef _TESSERA_SEMAPHORE_H
#define _TESSERA_SEMAPHORE_H

#include <sys/types.h>
#include <fcntl.h>
#include <limits.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int __magic; /* set by sem_init/sem_open, cleared by destroy */
	int __named;
	long __store[6];
} sem_t;

#define SEM_FAILED ((sem_t *)0)
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 2147483647
#endif
#ifndef SEM_NSEMS_MAX
#define SEM_NSEMS_MAX 256 /* named semaphores open at once */
#endif

int sem_init(sem_t *s, int pshared, unsigned int value);
int sem_destroy(sem_t *s);
int sem_post(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, const struct timespec *abs);
int sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abs);
int sem_getvalue(sem_t *s, int *value);
sem_t *sem_open(const char *name, int oflag, ...);
int sem_close(sem_t *s);
int sem_unlink(const char *name);

#ifdef __cplusplus
}
#endif

#endif
