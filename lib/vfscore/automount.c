/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mounting at boot (rootfs init class): the root file system as configured
 * (CONFIG_LIBVFSCORE_ROOTFS, kernel parameter vfs.rootfs=), made the
 * working directory, then devfs on /dev when vfs.devfs is on, then the
 * extra mounts of CONFIG_LIBVFSCORE_MOUNTS or vfs.mounts= in their order.
 *
 * A bad choice (an unknown root, a malformed or impossible mount) is a
 * mistake of whoever configured or started the image: it is reported by
 * name and stops the boot with the usage status, like a bad parameter.
 */
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
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
static const char *mounts = CONFIG_LIBVFSCORE_MOUNTS;
UK_LIBPARAM(vfs, mounts, str, &mounts,
	    "more mounts after / and /dev: fstype:/path,... (e.g. ramfs:/tmp)");

/*
 * What unpacks the platform's initrd into / (ukcpio registers it), or NULL
 * when no library of the image can.
 */
static int (*initrd_unpack)(void);

int vfs_initrd_unpacker_register(int (*unpack)(void))
{
	if (initrd_unpack)
		return -EBUSY;
	initrd_unpack = unpack;
	return 0;
}

static __noreturn void usage_stop(void)
{
	ukplat_exit(UKPLAT_EXIT_USAGE);
}

/* "ramfs, devfs": the file system types of this image, for messages. */
static void list_fstypes(char *buf, __sz len)
{
	const char *name;

	buf[0] = 0;
	for (unsigned int i = 0; (name = vfs_fstype_name(i)); i++) {
		if (strlen(buf) + strlen(name) + 3 > len)
			break;
		if (i)
			strcat(buf, ", ");
		strcat(buf, name);
	}
}

/* mkdir -p: every missing directory of path. 0 or a negative errno. */
static int make_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != 0)
			continue;
		*p = 0;
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			*p = c;
			return -errno;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

/*
 * Mount one "fstype:/path" entry (len characters of it). Never returns on
 * a mistake: the message names the entry and what is wrong with it.
 */
static void mount_entry(const char *entry, __sz len)
{
	char fstype[32], path[sizeof(((struct vfs_mount *)0)->path)];
	char known[128];
	const char *colon = memchr(entry, ':', len);
	__sz flen, plen;
	int rc;

	if (!colon || colon == entry) {
		uk_pr_crit("vfs.mounts: '%.*s' is not fstype:/path (e.g. ramfs:/tmp)\n",
			   (int)len, entry);
		usage_stop();
	}
	flen = (__sz)(colon - entry);
	plen = len - flen - 1;
	if (flen < sizeof(fstype)) {
		memcpy(fstype, entry, flen);
		fstype[flen] = 0;
	}
	if (flen >= sizeof(fstype) || !vfscore_find_fs(fstype)) {
		list_fstypes(known, sizeof(known));
		uk_pr_crit("vfs.mounts: '%.*s': unknown file system type '%.*s' (this image has: %s)\n",
			   (int)len, entry, (int)flen, entry, known);
		usage_stop();
	}
	if (plen == 0 || colon[1] != '/') {
		uk_pr_crit("vfs.mounts: '%.*s': the mount point must be an absolute path\n",
			   (int)len, entry);
		usage_stop();
	}
	if (plen >= sizeof(path)) {
		uk_pr_crit("vfs.mounts: '%.*s': the mount point is longer than %u characters\n",
			   (int)len, entry, (unsigned int)sizeof(path) - 1);
		usage_stop();
	}
	memcpy(path, colon + 1, plen);
	path[plen] = 0;
	rc = make_dirs(path);
	if (rc < 0) {
		uk_pr_crit("vfs.mounts: '%.*s': cannot create the mount point %s: %s\n",
			   (int)len, entry, path, strerror(-rc));
		usage_stop();
	}
	rc = vfs_mount(fstype, path, fstype, 0, NULL);
	if (rc < 0) {
		uk_pr_crit("vfs.mounts: '%.*s': cannot mount %s on %s: %s\n",
			   (int)len, entry, fstype, path, strerror(-rc));
		usage_stop();
	}
}

/* The comma separated entries of list; empty entries are skipped. */
static void mount_list(const char *list)
{
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, ',');
		__sz len = end ? (__sz)(end - p) : strlen(p);

		if (len)
			mount_entry(p, len);
		p += len + (end ? 1 : 0);
	}
}

static int vfscore_automount(void)
{
	int rc;

	if (!rootfs[0]) {
		uk_pr_crit("vfs.rootfs is empty: give ramfs, initrd or none (kernel parameter vfs.rootfs=, or CONFIG_LIBVFSCORE_ROOTFS)\n");
		usage_stop();
	}
	if (!strcmp(rootfs, "none")) {
		if (mounts[0]) {
			uk_pr_crit("vfs.mounts=%s needs a root file system, but vfs.rootfs is none\n",
				   mounts);
			usage_stop();
		}
		return 0;
	}
	if (strcmp(rootfs, "ramfs") && strcmp(rootfs, "initrd")) {
		uk_pr_crit("vfs.rootfs=%s: unknown root file system (ramfs, initrd or none)\n",
			   rootfs);
		usage_stop();
	}
	if (!strcmp(rootfs, "initrd") && !initrd_unpack) {
		uk_pr_crit("vfs.rootfs=initrd: this image has no cpio reader (CONFIG_LIBUKCPIO)\n");
		usage_stop();
	}
	rc = vfs_mount("none", "/", "ramfs", 0, NULL);
	if (rc < 0) {
		uk_pr_crit("cannot mount ramfs on /: %d\n", rc);
		return rc;
	}
	if (!strcmp(rootfs, "initrd")) {
		rc = initrd_unpack();
		if (rc < 0)
			return rc;
	}
	/* Programs expect a /tmp: sticky and writable by all, like Linux's. */
	if ((mkdir("/tmp", 01777) < 0 && errno != EEXIST) ||
	    chmod("/tmp", 01777) < 0) { /* the umask took bits off */
		uk_pr_crit("cannot make /tmp on the root: %d\n", errno);
		return -errno;
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
	mount_list(mounts);
	return 0;
}
uk_rootfs_initcall(vfscore_automount);
