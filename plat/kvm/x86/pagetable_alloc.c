/* SPDX-License-Identifier: BSD-3-Clause */
/* Page-table pages from the default allocator once the pool is used up. */
#include <kvm/x86/pagetable.h>
#include <uk/alloc.h>

void *kvm_x86_pt_extra_page(void)
{
	struct uk_alloc *a = uk_alloc_get_default();

	return a ? uk_palloc(a, 1) : NULL;
}
