/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The initrd: registered with vfscore at library init, called by its
 * automount after mounting ramfs on / when the root file system is
 * "initrd", or for an fstab entry of type extract. Asking for it without giving the image an initrd is a mistake
 * in how it was started: the boot stops with the usage status, like a bad
 * kernel parameter.
 */
#include <uk/cpio.h>
#include <uk/init.h>
#include <uk/vfs.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <uk/plat/bootstrap.h>
#include <errno.h>
#include <string.h>

static int initrd_unpack(const char *dest, const char *who)
{
	struct ukplat_memregion_desc d;
	int rc;

	if (ukplat_memregion_find_next(-1, UKPLAT_MEMRF_INITRD, &d) < 0) {
		uk_pr_crit("%s, but the platform was given no initrd (QEMU -initrd, linuxu.initrd=<file>)\n",
			   who);
		ukplat_exit(UKPLAT_EXIT_USAGE);
	}
	rc = uk_cpio_extract((const void *)d.base, d.len, dest);
	if (rc < 0)
		uk_pr_crit("%s: cannot unpack the initrd (%zu bytes) into %s: %s\n",
			   who, d.len, dest, strerror(-rc));
	return rc;
}

static int initrd_register(void)
{
	return vfs_initrd_unpacker_register(initrd_unpack);
}
uk_lib_initcall(initrd_register);
