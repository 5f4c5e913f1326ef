/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukalloc: the memory allocation API. A backend (ukallocbbuddy,
 * ukallocregion, ukalloctlsf) embeds a struct uk_alloc and fills in its
 * operations; users call the uk_* functions with the allocator they want,
 * usually uk_alloc_get_default(), the one malloc() uses.
 *
 * Rules for every function below, unless it says otherwise:
 * - Blocks are aligned to UK_ALLOC_ALIGN (16) bytes at least.
 * - With CONFIG_LIBUKALLOC_IRQSAFE (the default) callable from any thread
 *   and from interrupt handlers: each call runs with interrupts masked.
 *   Without it, calls on one allocator must not overlap (no allocation in
 *   interrupt handlers, no preemption between threads that allocate).
 * - Callable once an allocator exists: the default one is set up by an
 *   early init function (class early, priority 0), before any other init
 *   function. With a = NULL, allocations fail and uk_free(NULL, NULL)
 *   does nothing.
 * - Pointers go back to the allocator that gave them out.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <uk/essentials.h>
#include <stddef.h> /* NULL */

#define UK_ALLOC_ALIGN 16
#define UK_ALLOC_PAGE_SHIFT 12
#define UK_ALLOC_PAGE_SIZE (1UL << UK_ALLOC_PAGE_SHIFT)

/* Byte that freed memory is filled with under CONFIG_LIBUKALLOC_DEBUG. */
#define UK_ALLOC_POISON 0xa5

/* uk_alloc.flags */
#define UK_ALLOC_F_NOREUSE 0x1 /* free() returns nothing to the pool */

/* Counters of one allocator (CONFIG_LIBUKALLOC_STATS). */
struct uk_alloc_stats {
	__u64 allocs;     /* successful allocations (malloc, palloc, ...) */
	__u64 frees;      /* frees (uk_free, uk_pfree) */
	__u64 failures;   /* requests that found no memory (or had bad sizes) */
	__sz cur_bytes;   /* usable bytes of the blocks now allocated */
	__sz peak_bytes;  /* highest cur_bytes since the last reset */
};

/*
 * An allocator. Backends fill in the operations; ukalloc's functions check
 * arguments, keep statistics and fall back to generic code where an
 * optional operation is NULL. Operations never see a NULL pointer to free
 * nor a zero page count, and align is a power of two > UK_ALLOC_ALIGN.
 */
struct uk_alloc {
	/* Required. malloc(0) returns a unique, freeable block. */
	void *(*malloc)(struct uk_alloc *a, __sz size);
	void (*free)(struct uk_alloc *a, void *ptr);
	void *(*memalign)(struct uk_alloc *a, __sz align, __sz size);
	/* Bytes usable in the block at ptr (>= the size asked for). */
	__sz (*usable_size)(struct uk_alloc *a, const void *ptr);
	/* Optional: NULL means malloc + copy + free (size > 0, ptr != NULL). */
	void *(*realloc)(struct uk_alloc *a, void *ptr, __sz size);
	/* Optional: NULL means memalign(4 KiB) and free. */
	void *(*palloc)(struct uk_alloc *a, unsigned long num_pages);
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long num_pages);
	/* Optional: NULL means -ENOTSUP. */
	int (*addmem)(struct uk_alloc *a, void *base, __sz len);
	__ssz (*availmem)(struct uk_alloc *a);
	__ssz (*totalmem)(struct uk_alloc *a);

	const char *name;   /* backend name: "tlsf", "bbuddy", "region" */
	unsigned int flags; /* UK_ALLOC_F_* */
	struct uk_alloc_stats stats; /* kept with CONFIG_LIBUKALLOC_STATS */
};

extern struct uk_alloc *_uk_alloc_default;

/* The allocator malloc() uses; NULL before any allocator is initialised. */
static inline struct uk_alloc *uk_alloc_get_default(void)
{
	return _uk_alloc_default;
}

/*
 * Make a the default allocator (malloc() uses it from now on). Blocks
 * from the previous default must still be freed to that one. Boot code
 * and tests only.
 */
void uk_alloc_set_default(struct uk_alloc *a);

/* size bytes, or NULL when there is no memory. */
void *uk_malloc(struct uk_alloc *a, __sz size);

/*
 * nmemb * size bytes, zeroed, or NULL when there is no memory or the
 * product overflows.
 */
void *uk_calloc(struct uk_alloc *a, __sz nmemb, __sz size);

/*
 * Resize the block at ptr to size bytes, keeping its content up to the
 * smaller size; the block may move. ptr NULL: uk_malloc(a, size). size 0:
 * frees ptr and returns NULL. On failure returns NULL and ptr is intact.
 */
void *uk_realloc(struct uk_alloc *a, void *ptr, __sz size);

/*
 * Store in *memptr a block of size bytes aligned to align. Returns 0,
 * EINVAL when align is not a power of two multiple of sizeof(void *),
 * ENOMEM when there is no memory (positive values, as POSIX). *memptr is
 * left alone on failure.
 */
int uk_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
		      __sz size);

/*
 * A block of size bytes aligned to align (any power of two), or NULL when
 * align is not a power of two or there is no memory.
 */
void *uk_memalign(struct uk_alloc *a, __sz align, __sz size);

/* Give back a block from uk_malloc & co. NULL is ignored. */
void uk_free(struct uk_alloc *a, void *ptr);

/*
 * num_pages 4 KiB pages, page aligned, or NULL (also for num_pages 0).
 * Give them back with uk_pfree and the same count, never with uk_free.
 */
void *uk_palloc(struct uk_alloc *a, unsigned long num_pages);
void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages);

/* Usable bytes of the block at ptr (>= what was asked); 0 for NULL. */
__sz uk_alloc_usable_size(struct uk_alloc *a, const void *ptr);

/*
 * Bytes the allocator could still hand out (its free pool; see each
 * backend for what is counted) and bytes it manages in all, or -ENOTSUP.
 */
__ssz uk_alloc_availmem(struct uk_alloc *a);
__ssz uk_alloc_totalmem(struct uk_alloc *a);

/*
 * Hand the memory [base, base + len) to a. Returns 0, -EINVAL when it is
 * too small to be used, -ENOTSUP when the backend cannot grow. The memory
 * belongs to the allocator from then on.
 */
int uk_alloc_addmem(struct uk_alloc *a, void *base, __sz len);

/*
 * Copy a's counters into *st. Returns 0, -EINVAL when a or st is NULL,
 * or -ENOTSUP when the image was built without CONFIG_LIBUKALLOC_STATS.
 */
int uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *st);

/*
 * Zero a's counters, except cur_bytes; peak_bytes becomes cur_bytes.
 * Returns 0, -EINVAL when a is NULL, or -ENOTSUP (nothing is touched)
 * without CONFIG_LIBUKALLOC_STATS.
 */
int uk_alloc_stats_reset(struct uk_alloc *a);

/*
 * For the boot code and tests: a new allocator of the backend chosen as
 * default in the configuration, over [base, base + len); NULL when that
 * is too small. It does not become the default. Implemented by that
 * backend.
 */
struct uk_alloc *uk_alloc_default_backend_init(void *base, __sz len);

#endif
