/* SPDX-License-Identifier: BSD-3-Clause */
/* bbuddy is the default allocator: ukalloc's boot code creates it here. */
#include <uk/allocbbuddy.h>

struct uk_alloc *uk_alloc_default_backend_init(void *base, __sz len)
{
	return uk_allocbbuddy_init(base, len);
}
