/* SPDX-License-Identifier: BSD-3-Clause */
/* Binary buddy allocator with slabs for small objects (doc/allocators.md). */
#ifndef UK_ALLOCBBUDDY_H
#define UK_ALLOCBBUDDY_H

#include <uk/alloc.h>

/*
 * Create a buddy allocator over [base, base + len): its control block
 * (about 1 KiB), a zone descriptor and 8 bytes of metadata per page go
 * at the start, whole pages follow. Returns the allocator, or NULL when
 * len leaves no page. uk_alloc_addmem adds further zones. The new
 * allocator is not made the default. Any context that may allocate.
 *
 * Properties callers may rely on: uk_palloc(n) is aligned to the next
 * power of two of n pages; uk_malloc of at most 2048 bytes takes no page
 * of its own; uk_memalign(al, n) with a power-of-two al <= 2048 and
 * n <= al is served from the slab of size al.
 */
struct uk_alloc *uk_allocbbuddy_init(void *base, __sz len);

#endif
