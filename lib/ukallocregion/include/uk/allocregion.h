/* SPDX-License-Identifier: BSD-3-Clause */
/* Region (bump pointer) allocator: free() does nothing (doc/allocators.md). */
#ifndef UK_ALLOCREGION_H
#define UK_ALLOCREGION_H

#include <uk/alloc.h>

/*
 * Create a region allocator over [base, base + len): a 200-byte control
 * block at the start, the rest handed out in address order. Returns the
 * allocator (flags UK_ALLOC_F_NOREUSE), or NULL when len is too small.
 * uk_alloc_addmem adds further ranges, used once the earlier ones are
 * full. The new allocator is not made the default. Any context that may
 * allocate.
 */
struct uk_alloc *uk_allocregion_init(void *base, __sz len);

#endif
