/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu memory: one region, the heap, mapped from the host when someone
 * first asks for the memory regions (images without an allocator never do).
 * Its size comes from CONFIG_LINUXU_DEFAULT_HEAPMB or the kernel parameter
 * linuxu.heap=<size>. Region 1, if linuxu.initrd= names a file, is the
 * initrd (initrd.c).
 */
#include <uk/plat/memory.h>
#include <uk/plat/bootstrap.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <linuxu/syscall.h>
#include <linuxu/initrd.h>
#include <errno.h>

static __sz heap_size = (__sz)CONFIG_LINUXU_DEFAULT_HEAPMB << 20;
UK_LIBPARAM(linuxu, heap, size, &heap_size,
	    "heap size mapped from the host (e.g. 64M)");

static struct ukplat_memregion_desc heap = {
	.flags = UKPLAT_MEMRF_FREE, .name = "heap"
};

static void map_heap(void)
{
	void *p;

	if (heap.base)
		return;
	if (heap_size < 4096) {
		uk_pr_crit("linuxu.heap=%llu is too small (at least 4K)\n",
			   (unsigned long long)heap_size);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	p = linuxu_mmap(0, heap_size, LINUX_PROT_READ | LINUX_PROT_WRITE,
			LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS |
				LINUX_MAP_NORESERVE,
			-1, 0);
	if (LINUXU_MMAP_FAILED(p)) {
		uk_pr_crit("cannot map a heap of %llu bytes from the host (error %ld)\n",
			   (unsigned long long)heap_size, -(long)p);
		ukplat_exit(1);
	}
	heap.base = (__uptr)p;
	heap.len = heap_size;
}

int ukplat_memregion_count(void)
{
	struct ukplat_memregion_desc initrd;

	map_heap();
	return 1 + linuxu_initrd_map(&initrd);
}

int ukplat_memregion_get(int i, struct ukplat_memregion_desc *desc)
{
	if (i == 1 && linuxu_initrd_map(desc))
		return 0;
	if (i != 0)
		return -EINVAL;
	map_heap();
	*desc = heap;
	return 0;
}

int ukplat_memregion_find_next(int i, int want,
			       struct ukplat_memregion_desc *desc)
{
	struct ukplat_memregion_desc d;
	int n = ukplat_memregion_count();

	for (i = i < 0 ? 0 : i + 1; i < n; i++) {
		if (ukplat_memregion_get(i, &d) == 0 &&
		    (d.flags & want) == want) {
			*desc = d;
			return i;
		}
	}
	return -1;
}
