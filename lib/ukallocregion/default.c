/* SPDX-License-Identifier: BSD-3-Clause */
/* region is the default allocator: ukalloc's boot code creates it here. */
#include <uk/allocregion.h>

struct uk_alloc *uk_alloc_default_backend_init(void *base, __sz len)
{
	return uk_allocregion_init(base, len);
}
