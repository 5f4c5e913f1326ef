/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSF: Two-Level Segregated Fit allocator (see doc/allocators.md). */
#ifndef UK_ALLOCTLSF_H
#define UK_ALLOCTLSF_H

#include <uk/alloc.h>

/*
 * Create a TLSF allocator over [base, base + len): its control block
 * (about 8.5 KiB) goes at the start, the rest is its first pool. Returns
 * the allocator, or NULL when len is too small. More memory can be added
 * with uk_alloc_addmem (each range becomes a separate pool). The new
 * allocator is not made the default. Any context that may allocate.
 */
struct uk_alloc *uk_alloctlsf_init(void *base, __sz len);

#endif
