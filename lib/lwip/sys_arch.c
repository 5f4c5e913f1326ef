/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwip's operating system layer (NO_SYS=0) on uksched and uklock.
 * Timeouts are in milliseconds (0: wait forever); waits return the
 * milliseconds they took, or SYS_ARCH_TIMEOUT. Critical sections mask
 * interrupts: with one CPU that excludes every other thread and the
 * drivers' interrupt handlers.
 */
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/err.h"
#include <uk/alloc.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/random.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(ukplat_monotonic_clock() / 1000000ULL);
}

sys_prot_t sys_arch_protect(void)
{
	return ukplat_lcpu_save_irqf();
}

void sys_arch_unprotect(sys_prot_t flags)
{
	ukplat_lcpu_restore_irqf(flags);
}

void *uk_lwip_malloc(size_t size)
{
	return uk_malloc(uk_alloc_get_default(), size);
}

void *uk_lwip_calloc(size_t n, size_t size)
{
	return uk_calloc(uk_alloc_get_default(), n, size);
}

void uk_lwip_free(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

unsigned int uk_lwip_rand(void)
{
	unsigned int r = 0;

	ukplat_random_bytes(&r, sizeof(r));
	return r;
}

static __nsec deadline_of(u32_t timeout_ms)
{
	return timeout_ms ? ukplat_monotonic_clock() +
				    (__nsec)timeout_ms * 1000000ULL
			  : 0;
}

static u32_t elapsed_ms(__nsec start)
{
	return (u32_t)((ukplat_monotonic_clock() - start) / 1000000ULL);
}

/* Semaphores */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_semaphore_init(&sem->sem, count);
	sem->valid = 1;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = 0;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout_ms)
{
	__nsec start = ukplat_monotonic_clock();

	if (uk_semaphore_down_until(&sem->sem, deadline_of(timeout_ms)) < 0)
		return SYS_ARCH_TIMEOUT;
	return elapsed_ms(start);
}

/* Mutexes */

err_t sys_mutex_new(sys_mutex_t *m)
{
	uk_mutex_init(&m->mutex);
	m->valid = 1;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
	m->valid = 0;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	uk_mutex_lock(&m->mutex);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	uk_mutex_unlock(&m->mutex);
}

/* Mailboxes: a ring of size pointers. */

err_t sys_mbox_new(sys_mbox_t *mb, int size)
{
	if (size <= 0)
		size = 32;
	mb->msgs = uk_lwip_calloc((size_t)size, sizeof(void *));
	if (!mb->msgs)
		return ERR_MEM;
	mb->size = (unsigned int)size;
	mb->head = mb->tail = 0;
	uk_spin_init(&mb->lock);
	uk_semaphore_init(&mb->used, 0);
	uk_semaphore_init(&mb->space, size);
	mb->valid = 1;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mb)
{
	if (uk_semaphore_count(&mb->used))
		uk_pr_warn("lwip: a mailbox freed with %ld messages in it\n",
			   uk_semaphore_count(&mb->used));
	mb->valid = 0;
	uk_lwip_free(mb->msgs);
	mb->msgs = NULL;
}

static void put(sys_mbox_t *mb, void *msg)
{
	unsigned long f = uk_spin_lock_irqsave(&mb->lock);

	mb->msgs[mb->tail] = msg;
	mb->tail = (mb->tail + 1) % mb->size;
	uk_spin_unlock_irqrestore(&mb->lock, f);
	uk_semaphore_up(&mb->used);
}

static void *take(sys_mbox_t *mb)
{
	unsigned long f = uk_spin_lock_irqsave(&mb->lock);
	void *msg = mb->msgs[mb->head];

	mb->head = (mb->head + 1) % mb->size;
	uk_spin_unlock_irqrestore(&mb->lock, f);
	uk_semaphore_up(&mb->space);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mb, void *msg)
{
	uk_semaphore_down(&mb->space);
	put(mb, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mb, void *msg)
{
	if (!uk_semaphore_down_try(&mb->space))
		return ERR_MEM;
	put(mb, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mb, void *msg)
{
	return sys_mbox_trypost(mb, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mb, void **msg, u32_t timeout_ms)
{
	__nsec start = ukplat_monotonic_clock();
	void *m;

	if (uk_semaphore_down_until(&mb->used, deadline_of(timeout_ms)) < 0)
		return SYS_ARCH_TIMEOUT;
	m = take(mb);
	if (msg)
		*msg = m;
	return elapsed_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mb, void **msg)
{
	void *m;

	if (!uk_semaphore_down_try(&mb->used))
		return SYS_MBOX_EMPTY;
	m = take(mb);
	if (msg)
		*msg = m;
	return 0;
}

/* Threads: lwip's thread functions return nothing; ours return a value. */

struct start {
	lwip_thread_fn fn;
	void *arg;
};

static void *thread_main(void *p)
{
	struct start st = *(struct start *)p;

	uk_lwip_free(p);
	st.fn(st.arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct uk_thread_attr attr = {
		.stack_size = stacksize > 16384 ? (__sz)stacksize : 16384,
		.prio = prio,
		.detached = 1,
	};
	struct start *st = uk_lwip_malloc(sizeof(*st));
	int rc = -ENOMEM;

	if (st) {
		st->fn = fn;
		st->arg = arg;
		rc = uk_thread_create(NULL, name, &attr, thread_main, st);
		if (rc < 0)
			uk_lwip_free(st);
	}
	if (rc < 0)
		UK_CRASH("lwip: cannot create thread %s: error %d\n", name, rc);
	return NULL;
}
