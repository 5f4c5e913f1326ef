/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The initrd root: vfscore's automount calls this after mounting ramfs on
 * / when the root file system is "initrd".
 */
#include <uk/cpio.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <errno.h>

int vfscore_initrd_unpack(void);

int vfscore_initrd_unpack(void)
{
	struct ukplat_memregion_desc d;
	int rc;

	if (ukplat_memregion_find_next(-1, UKPLAT_MEMRF_INITRD, &d) < 0) {
		uk_pr_crit("vfs.rootfs=initrd, but the platform was given no initrd (QEMU -initrd, linuxu.initrd=<file>)\n");
		return -ENOENT;
	}
	rc = uk_cpio_extract((const void *)d.base, d.len, "/");
	if (rc < 0)
		uk_pr_crit("cannot unpack the initrd (%zu bytes) into /: %d\n",
			   d.len, rc);
	return rc;
}
