/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu initrd: the kernel parameter linuxu.initrd=<host file> maps the
 * file read-only; it appears as the UKPLAT_MEMRF_INITRD memory region
 * (what QEMU's -initrd is on kvm). An empty value or a file that cannot
 * be read stops the boot with a message and the usage status.
 */
#include <uk/plat/memory.h>
#include <uk/plat/bootstrap.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <linuxu/syscall.h>
#include <linuxu/initrd.h>

static const char *initrd_path;
UK_LIBPARAM(linuxu, initrd, str, &initrd_path,
	    "host file given to the image as its initrd (e.g. a cpio archive)");

int linuxu_initrd_map(struct ukplat_memregion_desc *desc)
{
	static struct ukplat_memregion_desc region;
	long fd, size;
	void *p;

	if (!initrd_path)
		return 0;
	if (!initrd_path[0]) {
		uk_pr_crit("linuxu.initrd is empty: give the host file to use as the initrd (linuxu.initrd=<file>), or leave the parameter out\n");
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	if (region.base) {
		*desc = region;
		return 1;
	}
	fd = linuxu_openat(LINUX_AT_FDCWD, initrd_path,
			   LINUX_O_RDONLY | LINUX_O_CLOEXEC);
	if (fd < 0) {
		uk_pr_crit("linuxu.initrd=%s: cannot open it (error %ld)\n",
			   initrd_path, -fd);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	size = linuxu_lseek((int)fd, 0, 2 /* SEEK_END */);
	if (size <= 0) {
		uk_pr_crit("linuxu.initrd=%s: empty or not a file (%ld)\n",
			   initrd_path, size);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	p = linuxu_mmap(0, (__sz)size, LINUX_PROT_READ, LINUX_MAP_PRIVATE,
			(int)fd, 0);
	linuxu_close((int)fd);
	if (LINUXU_MMAP_FAILED(p)) {
		uk_pr_crit("linuxu.initrd=%s: cannot map it (error %ld)\n",
			   initrd_path, -(long)p);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	region.base = (__uptr)p;
	region.len = (__sz)size;
	region.flags = UKPLAT_MEMRF_INITRD;
	region.name = "initrd";
	*desc = region;
	return 1;
}
