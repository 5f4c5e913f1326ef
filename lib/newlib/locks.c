/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * newlib's retargetable locks (--enable-newlib-retargetable-locking).
 * newlib declares `struct __lock` opaque and names a few static locks;
 * here a lock is a small header plus storage created lazily by the ops a
 * thread library installs (uk_newlib_set_lock_ops). Without such ops the
 * image has one thread and every operation is a no-op.
 */
#include <sys/lock.h>
#include <stdlib.h>
#include <errno.h>
#include <uk/newlib.h>
#include <uk/assert.h>

struct __lock {
	int recursive;
	void *impl; /* storage for the ops, NULL until first use */
};

static const struct uk_newlib_lock_ops *ops;

#define STATIC_LOCK(name, rec) struct __lock __lock_##name = { rec, NULL }
STATIC_LOCK(__sinit_recursive_mutex, 1);
STATIC_LOCK(__sfp_recursive_mutex, 1);
STATIC_LOCK(__atexit_recursive_mutex, 1);
STATIC_LOCK(__at_quick_exit_mutex, 0);
STATIC_LOCK(__malloc_recursive_mutex, 1);
STATIC_LOCK(__env_recursive_mutex, 1);
STATIC_LOCK(__tz_mutex, 0);
STATIC_LOCK(__dd_hash_mutex, 0);
STATIC_LOCK(__arc4random_mutex, 0);

void uk_newlib_set_lock_ops(const struct uk_newlib_lock_ops *o)
{
	ops = o;
}

/*
 * The lock's implementation, created at first use. Two threads may get
 * here at once for the same lock (a preemptive scheduler): each makes its
 * own storage, one compare-and-swap installs exactly one of them and the
 * loser throws its copy away, so every thread uses the same lock.
 */
static void *impl_of(struct __lock *l)
{
	void *cur, *p;

	if (!ops)
		return NULL;
	cur = __atomic_load_n(&l->impl, __ATOMIC_ACQUIRE);
	if (cur)
		return cur;
	p = calloc(1, ops->size);
	if (!p || ops->init(p, l->recursive) < 0)
		UK_CRASH("newlib: cannot create a lock");
	if (__atomic_compare_exchange_n(&l->impl, &cur, p, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return p;
	ops->fini(p);
	free(p);
	return cur; /* another thread's, installed first */
}

static void lock_new(_LOCK_T *lock, int recursive)
{
	struct __lock *l = calloc(1, sizeof(*l));

	if (!l)
		UK_CRASH("newlib: no memory for a lock");
	l->recursive = recursive;
	*lock = l;
}

void __retarget_lock_init(_LOCK_T *lock)
{
	lock_new(lock, 0);
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	lock_new(lock, 1);
}

void __retarget_lock_close(_LOCK_T lock)
{
	if (!lock)
		return;
	if (lock->impl && ops)
		ops->fini(lock->impl);
	free(lock->impl);
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	__retarget_lock_close(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	void *p = impl_of(lock);

	if (p)
		ops->acquire(p);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	__retarget_lock_acquire(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	void *p = impl_of(lock);

	return p ? ops->try_acquire(p) == 0 : 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return __retarget_lock_try_acquire(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	void *p = impl_of(lock);

	if (p)
		ops->release(p);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	__retarget_lock_release(lock);
}
