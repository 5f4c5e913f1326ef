/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spinlocks: busy-waiting mutual exclusion for short critical sections,
 * usable in any context and without a scheduler. Data that an interrupt
 * handler also touches must be locked with the _irqsave variants, which
 * mask interrupts first (on linuxu that is a flag, no system call).
 *
 * On one CPU a spinlock never actually spins unless its holder was
 * preempted; anything else is a deadlock. With
 * CONFIG_LIBUKDEBUG_ENABLE_ASSERT each lock records its holder (the
 * running thread, which in an interrupt handler is the interrupted one;
 * before uksched starts, or without it, there is one context), and
 * uk_spin_lock stops the image with a crash report when the holder takes
 * the lock again, or when it would spin with interrupts masked (nobody
 * could ever release the lock).
 */
#ifndef UK_SPINLOCK_H
#define UK_SPINLOCK_H

#include <uk/essentials.h>
#include <stddef.h> /* NULL */
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
#include <uk/assert.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif
#endif

struct uk_spinlock {
	volatile int locked;
#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
	const void *owner; /* _uk_spin_self() of the holder */
#endif
};

#define UK_SPINLOCK_INITIALIZER { .locked = 0 }

#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
/* Who takes a lock: the running thread; NULL while there is one context. */
static inline const void *_uk_spin_self(void)
{
#ifdef CONFIG_LIBUKSCHED
	return uk_thread_current();
#else
	return NULL;
#endif
}

/* l is held by someone: stop if waiting for it can never end. */
static inline void _uk_spin_check_wait(const struct uk_spinlock *l)
{
	if (l->owner == _uk_spin_self())
		UK_CRASH("spinlock %p taken again by its holder: a deadlock\n",
			 l);
	if (ukplat_lcpu_irqs_disabled())
		UK_CRASH("spinlock %p is held by another thread and interrupts are masked: nobody can release it (a deadlock on one CPU)\n",
			 l);
}
#define _uk_spin_set_owner(l, o) ((l)->owner = (o))
#else
#define _uk_spin_check_wait(l) ((void)(l))
#define _uk_spin_set_owner(l, o) ((void)(l))
#endif

static inline void uk_spin_init(struct uk_spinlock *l)
{
	l->locked = 0;
	_uk_spin_set_owner(l, NULL);
}

/* Take l, spinning while someone else holds it. Any context. */
static inline void uk_spin_lock(struct uk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		_uk_spin_check_wait(l);
		while (l->locked)
			ukarch_spinwait();
	}
	_uk_spin_set_owner(l, _uk_spin_self());
}

/* Take l if it is free: 1 if taken, 0 if not. Any context. */
static inline int uk_spin_trylock(struct uk_spinlock *l)
{
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return 0;
	_uk_spin_set_owner(l, _uk_spin_self());
	return 1;
}

/* Release l, which the caller holds. Any context. */
static inline void uk_spin_unlock(struct uk_spinlock *l)
{
	_uk_spin_set_owner(l, NULL);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline int uk_spin_is_locked(const struct uk_spinlock *l)
{
	return l->locked;
}

/* Mask interrupts, then take l; returns the flags for the unlock. */
static inline unsigned long uk_spin_lock_irqsave(struct uk_spinlock *l)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_spin_lock(l);
	return flags;
}

/* Release l, then restore the interrupt state saved by lock_irqsave. */
static inline void uk_spin_unlock_irqrestore(struct uk_spinlock *l,
					     unsigned long flags)
{
	uk_spin_unlock(l);
	ukplat_lcpu_restore_irqf(flags);
}

#endif
