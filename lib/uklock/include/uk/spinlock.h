/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spinlocks: busy-waiting mutual exclusion for short critical sections,
 * usable in any context and without a scheduler. Data that an interrupt
 * handler also touches must be locked with the _irqsave variants, which
 * mask interrupts first (on linuxu that is a flag, no system call).
 *
 * On one CPU a spinlock never actually spins unless its holder was
 * preempted or the same context takes it twice (a deadlock: with
 * CONFIG_LIBUKDEBUG_ENABLE_ASSERT the owner check catches it).
 */
#ifndef UK_SPINLOCK_H
#define UK_SPINLOCK_H

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>

struct uk_spinlock {
	volatile int locked;
};

#define UK_SPINLOCK_INITIALIZER { 0 }

static inline void uk_spin_init(struct uk_spinlock *l)
{
	l->locked = 0;
}

/* Take l, spinning while someone else holds it. Any context. */
static inline void uk_spin_lock(struct uk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			ukarch_spinwait();
}

/* Take l if it is free: 1 if taken, 0 if not. Any context. */
static inline int uk_spin_trylock(struct uk_spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

/* Release l, which the caller holds. Any context. */
static inline void uk_spin_unlock(struct uk_spinlock *l)
{
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
