/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * At boot, the platform's free memory regions go to a new allocator of the
 * backend chosen as default, which becomes the default allocator. Runs
 * first of all init functions, so everything after it can allocate.
 */
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <errno.h>
#include <stddef.h>

static int uk_alloc_boot_init(void)
{
	struct ukplat_memregion_desc d;
	struct uk_alloc *a = NULL;
	int regions = 0;

	ukplat_memregion_foreach(&d, UKPLAT_MEMRF_FREE) {
		regions++;
		if (!a) {
			a = uk_alloc_default_backend_init((void *)d.base,
							  d.len);
			if (!a)
				uk_pr_warn("free memory region %s (%zu bytes at 0x%lx) is too small for an allocator: skipped\n",
					   d.name ? d.name : "?", d.len,
					   (unsigned long)d.base);
		} else if (uk_alloc_addmem(a, (void *)d.base, d.len) < 0) {
			uk_pr_warn("free memory region %s (%zu bytes at 0x%lx) could not be added to the %s allocator: skipped\n",
				   d.name ? d.name : "?", d.len,
				   (unsigned long)d.base, a->name);
		}
	}
	if (!a) {
		uk_pr_crit("no memory for the allocator: the platform reported %s\n",
			   regions ? "only free memory regions too small to use"
				   : "no free memory region");
		return -ENOMEM;
	}
	uk_alloc_set_default(a);
	uk_pr_info("default allocator: %s, %ld bytes\n", a->name,
		   (long)uk_alloc_totalmem(a));
	return 0;
}
uk_early_initcall_prio(uk_alloc_boot_init, 0);
