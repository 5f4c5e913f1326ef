/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals shared by alloc.c (the uk_* functions) and libc_malloc.c
 * (malloc & co., which call the backend directly to save a call level on
 * the hottest path): interrupt masking and statistics.
 */
#ifndef UKALLOC_INTERNAL_H
#define UKALLOC_INTERNAL_H

#include <uk/alloc.h>

/*
 * With CONFIG_LIBUKALLOC_IRQSAFE every call into a backend runs with
 * interrupts masked: neither a preempting thread nor an interrupt handler
 * can enter an allocator halfway through another call.
 */
#ifdef CONFIG_LIBUKALLOC_IRQSAFE
#include <uk/plat/lcpu.h>
#define alloc_lock() ukplat_lcpu_save_irqf()
#define alloc_unlock(flags) ukplat_lcpu_restore_irqf(flags)
#else
#define alloc_lock() 0UL
#define alloc_unlock(flags) ((void)(flags))
#endif

#ifdef CONFIG_LIBUKALLOC_STATS
static inline void stats_alloc(struct uk_alloc *a, __sz bytes)
{
	a->stats.allocs++;
	a->stats.cur_bytes += bytes;
	if (a->stats.cur_bytes > a->stats.peak_bytes)
		a->stats.peak_bytes = a->stats.cur_bytes;
}

static inline void stats_free(struct uk_alloc *a, __sz bytes)
{
	a->stats.frees++;
	a->stats.cur_bytes -= bytes;
}

/* A resize is neither an allocation nor a free: only the bytes change. */
static inline void stats_resize(struct uk_alloc *a, __sz old, __sz new)
{
	a->stats.cur_bytes += new - old;
	if (a->stats.cur_bytes > a->stats.peak_bytes)
		a->stats.peak_bytes = a->stats.cur_bytes;
}

static inline void stats_fail(struct uk_alloc *a)
{
	a->stats.failures++;
}

/* Count a new block (or a failure when p is NULL). */
static inline void *counted(struct uk_alloc *a, void *p)
{
	if (p)
		stats_alloc(a, a->usable_size(a, p));
	else
		stats_fail(a);
	return p;
}

static inline void count_free(struct uk_alloc *a, void *p)
{
	stats_free(a, a->usable_size(a, p));
}

#else
#define stats_alloc(a, bytes) ((void)(a), (void)(bytes))
#define stats_free(a, bytes) ((void)(a), (void)(bytes))
#define stats_resize(a, old, new) ((void)(a), (void)(old), (void)(new))
#define stats_fail(a) ((void)(a))
#define counted(a, p) ((void)(a), (p))
#define count_free(a, p) ((void)(a), (void)(p))
#endif

#endif
