/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mounting at boot (rootfs init class): the root file system as configured
 * (CONFIG_LIBVFSCORE_ROOTFS, kernel parameter vfs.rootfs=), made the
 * working directory, then devfs on /dev when vfs.devfs is on.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include "vfscore.h"

#ifdef CONFIG_LIBDEVFS
#define IS_ENABLED_DEVFS 1
#else
#define IS_ENABLED_DEVFS 0
#endif

static const char *rootfs = CONFIG_LIBVFSCORE_ROOTFS;
UK_LIBPARAM(vfs, rootfs, str, &rootfs,
	    "root file system: ramfs, initrd (cpio unpacked into ramfs) or none");
static int devfs_on = IS_ENABLED_DEVFS;
UK_LIBPARAM(vfs, devfs, bool, &devfs_on, "mount devfs on /dev");

int vfscore_initrd_unpack(void) __weak;

static int vfscore_automount(void)
{
	int rc;

	if (!strcmp(rootfs, "none") || !rootfs[0])
		return 0;
	if (strcmp(rootfs, "ramfs") && strcmp(rootfs, "initrd")) {
		uk_pr_crit("vfs.rootfs=%s: unknown (ramfs, initrd or none)\n",
			   rootfs);
		return -EINVAL;
	}
	rc = vfs_mount("none", "/", "ramfs", 0, NULL);
	if (rc < 0) {
		uk_pr_crit("cannot mount ramfs on /: %d\n", rc);
		return rc;
	}
	if (!strcmp(rootfs, "initrd")) {
		if (!vfscore_initrd_unpack) {
			uk_pr_crit("vfs.rootfs=initrd needs ukcpio (CONFIG_LIBUKCPIO)\n");
			return -EINVAL;
		}
		rc = vfscore_initrd_unpack();
		if (rc < 0)
			return rc;
	}
	if (devfs_on) {
		rc = mkdir("/dev", 0755);
		if (rc < 0 && errno != EEXIST)
			return -errno;
		rc = vfs_mount("devfs", "/dev", "devfs", 0, NULL);
		if (rc < 0) {
			uk_pr_crit("cannot mount devfs on /dev: %d\n", rc);
			return rc;
		}
	}
	return 0;
}
uk_rootfs_initcall(vfscore_automount);
