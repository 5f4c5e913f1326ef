/* SPDX-License-Identifier: BSD-3-Clause */
/* Memory regions the platform knows about. */
#ifndef UK_PLAT_MEMORY_H
#define UK_PLAT_MEMORY_H

#include <uk/essentials.h>

#define UKPLAT_MEMRF_FREE     0x01 /* free for the allocator */
#define UKPLAT_MEMRF_RESERVED 0x02 /* not to be touched (firmware, MMIO) */
#define UKPLAT_MEMRF_KERNEL   0x04 /* the image itself */
#define UKPLAT_MEMRF_BOOTINFO 0x08 /* boot information, device tree */
#define UKPLAT_MEMRF_CMDLINE  0x10 /* the kernel command line */
#define UKPLAT_MEMRF_INITRD   0x20 /* the initial ramdisk */
#define UKPLAT_MEMRF_STACK    0x40 /* the boot stack */

struct ukplat_memregion_desc {
	__uptr base;  /* first byte */
	__sz len;     /* length in bytes */
	int flags;    /* UKPLAT_MEMRF_* */
	const char *name;
};

/* Number of regions; 0 before the platform has found memory. */
int ukplat_memregion_count(void);

/*
 * Fill *desc with region i (0 <= i < count). Returns 0, or -EINVAL for an
 * index out of range.
 */
int ukplat_memregion_get(int i, struct ukplat_memregion_desc *desc);

/*
 * Find the first region after *i (start with *i = -1) whose flags include
 * all of want; returns its index and fills desc, or -1 when there is none.
 */
int ukplat_memregion_find_next(int i, int want,
			       struct ukplat_memregion_desc *desc);

#define ukplat_memregion_foreach(desc, want)                                   \
	for (int __ukplat_mr = ukplat_memregion_find_next(-1, want, desc);      \
	     __ukplat_mr >= 0;                                                  \
	     __ukplat_mr = ukplat_memregion_find_next(__ukplat_mr, want, desc))

#endif
