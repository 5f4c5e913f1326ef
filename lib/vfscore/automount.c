/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mounting at boot (rootfs init class): the root file system, made the
 * working directory, then devfs on /dev when vfs.devfs is on, then the
 * entries of vfs.fstab= after its root, then the extra mounts of
 * CONFIG_LIBVFSCORE_MOUNTS or vfs.mounts= in their order.
 *
 * The root is, in this order of precedence: the first vfs.fstab entry
 * when it mounts "/"; vfs.rootfs= when given; a file system's default
 * root (9pfs: a shared directory the image was started with) when the
 * configured root is ramfs; CONFIG_LIBVFSCORE_ROOTFS. A ramfs root gets
 * /tmp and /dev; another root (a host directory) is left as it is, and
 * devfs goes on /dev only if the root has that directory.
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
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sys/stat.h>
#include "vfscore.h"

#ifdef CONFIG_LIBDEVFS
#define IS_ENABLED_DEVFS 1
#else
#define IS_ENABLED_DEVFS 0
#endif

static const char default_rootfs[] = CONFIG_LIBVFSCORE_ROOTFS;
static const char *rootfs = default_rootfs; /* the same pointer: not given */
UK_LIBPARAM(vfs, rootfs, str, &rootfs,
	    "root file system: ramfs, initrd (cpio unpacked into ramfs) or none");
static int devfs_on = IS_ENABLED_DEVFS;
UK_LIBPARAM(vfs, devfs, bool, &devfs_on, "mount devfs on /dev");
static const char *mounts = CONFIG_LIBVFSCORE_MOUNTS;
UK_LIBPARAM(vfs, mounts, str, &mounts,
	    "more mounts after / and /dev: fstype:/path,... (e.g. ramfs:/tmp)");

static const char *fstab_vals[CONFIG_LIBVFSCORE_FSTAB_MAX];
static struct uk_libparam_strv fstab = UK_LIBPARAM_STRV_INIT(fstab_vals);
UK_LIBPARAM(vfs, fstab, strv, &fstab,
	    "mounts: [ \"SRC:DEST:FSTYPE:FLAGS:OPTS:UKOPTS\" ... ] (e.g. fs1:/:9pfs:::mkmp)");

/*
 * What unpacks the platform's initrd (ukcpio registers it), or NULL when
 * no library of the image can.
 */
static int (*initrd_unpack)(const char *dest, const char *who);

/* File systems' offers of a root nobody asked for (9pfs, hostfs). */
static struct {
	const char *fs;
	int (*find)(char *source, __sz len);
} default_roots[4];

int vfs_default_root_register(const char *fstype,
			      int (*find)(char *source, __sz len))
{
	for (unsigned int i = 0; i < ARRAY_SIZE(default_roots); i++) {
		if (!default_roots[i].find) {
			default_roots[i].fs = fstype;
			default_roots[i].find = find;
			return 0;
		}
	}
	return -ENOSPC;
}

int vfs_initrd_unpacker_register(int (*unpack)(const char *dest,
					       const char *who))
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

/* One vfs.fstab entry, split into its fields. */
struct fstab_entry {
	const char *text; /* the whole entry, for messages */
	char buf[256];    /* the fields, NUL separated */
	const char *src, *dest, *type, *opts;
	unsigned long flags;
	int mkmp;
};

static __noreturn void fstab_stop(const struct fstab_entry *e, const char *why,
				  const char *what)
{
	uk_pr_crit("vfs.fstab: '%s': %s%s\n", e->text, why, what ? what : "");
	usage_stop();
}

/*
 * Split "SRC:DEST:FSTYPE:FLAGS:OPTS:UKOPTS" (fields after FSTYPE may be
 * left out). Never returns on a mistake.
 */
static void fstab_parse(const char *text, struct fstab_entry *e)
{
	char *f[6] = { 0 }, *p, *end;
	int n = 0;

	e->text = text;
	if (strlen(text) >= sizeof(e->buf))
		fstab_stop(e, "longer than 255 characters", NULL);
	strcpy(e->buf, text);
	for (p = e->buf; n < 6; n++) {
		f[n] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = 0;
	}
	if (p)
		fstab_stop(e, "more than 6 fields (SRC:DEST:FSTYPE:FLAGS:OPTS:UKOPTS)", NULL);
	if (n < 2 || !f[0][0] || !f[1][0] || !f[2][0])
		fstab_stop(e, "is not SRC:DEST:FSTYPE[:FLAGS:OPTS:UKOPTS] (e.g. fs1:/:9pfs:::mkmp)", NULL);
	e->src = f[0];
	e->dest = f[1];
	e->type = f[2];
	e->opts = f[4] ? f[4] : "";
	if (e->dest[0] != '/')
		fstab_stop(e, "the mount point must be an absolute path", NULL);
	if (strlen(e->dest) >= sizeof(((struct vfs_mount *)0)->path))
		fstab_stop(e, "the mount point is too long", NULL);
	e->flags = 0;
	if (f[3] && f[3][0]) {
		e->flags = strtoul(f[3], &end, 0);
		if (*end)
			fstab_stop(e, "FLAGS must be a number (mount flags), not ", f[3]);
	}
	e->mkmp = 0;
	for (p = f[5]; p && *p; p = end) {
		size_t len;

		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 4 && !strncmp(p, "mkmp", 4))
			e->mkmp = 1;
		else if (len) {
			p[len] = 0;
			fstab_stop(e, "unknown UKOPTS option (known: mkmp): ", p);
		}
		end = end ? end + 1 : p + len;
	}
	if (strcmp(e->type, "extract") && !vfscore_find_fs(e->type)) {
		char known[128];

		list_fstypes(known, sizeof(known));
		uk_pr_crit("vfs.fstab: '%s': unknown file system type '%s' (this image has: %s, and extract)\n",
			   e->text, e->type, known);
		usage_stop();
	}
}

/* Mount one parsed entry (the root when nothing is mounted yet). */
static void fstab_mount(const struct fstab_entry *e)
{
	char path[sizeof(((struct vfs_mount *)0)->path)], who[300];
	int root = !strcmp(e->dest, "/"), extract = !strcmp(e->type, "extract");
	int rc;

	if (e->mkmp && !root) {
		strcpy(path, e->dest);
		rc = make_dirs(path);
		if (rc < 0) {
			uk_pr_crit("vfs.fstab: '%s': cannot create the mount point %s: %s\n",
				   e->text, e->dest, strerror(-rc));
			usage_stop();
		}
	}
	if (extract) {
		if (strcmp(e->src, "initrd0") && strcmp(e->src, "initrd"))
			fstab_stop(e, "extract unpacks the initrd: its source is initrd0, not ",
				   e->src);
		if (!initrd_unpack)
			fstab_stop(e, "this image has no cpio reader (CONFIG_LIBUKCPIO)", NULL);
		if (!strcmp(e->opts, "ramfs=1")) {
			rc = vfs_mount("none", e->dest, "ramfs", (int)e->flags, NULL);
			if (rc < 0)
				goto failed;
		} else if (e->opts[0]) {
			fstab_stop(e, "extract takes the option ramfs=1 or none, not ", e->opts);
		} else if (!vfscore_root) {
			fstab_stop(e, "nothing is mounted on / to extract into (add the option ramfs=1)", NULL);
		}
		snprintf(who, sizeof(who), "vfs.fstab: '%s'", e->text);
		rc = initrd_unpack(e->dest, who);
		if (rc < 0)
			usage_stop();
		return;
	}
	rc = vfs_mount(e->src, e->dest, e->type, (int)e->flags, e->opts);
	if (rc == 0)
		return;
failed:
	uk_pr_crit("vfs.fstab: '%s': cannot mount %s on %s: %s%s\n", e->text,
		   e->src, e->dest, strerror(-rc),
		   rc == -ENOENT && !e->mkmp ? " (UKOPTS mkmp creates it)" : "");
	usage_stop();
}

/* Give a fresh ramfs root what programs expect: /tmp, /dev. */
static int ramfs_root_dirs(void)
{
	/* Programs expect a /tmp: sticky and writable by all, like Linux's. */
	if ((mkdir("/tmp", 01777) < 0 && errno != EEXIST) ||
	    chmod("/tmp", 01777) < 0) { /* the umask took bits off */
		uk_pr_crit("cannot make /tmp on the root: %d\n", errno);
		return -errno;
	}
	if (devfs_on && mkdir("/dev", 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* The root chosen by vfs.rootfs (or its configured value). */
static int mount_rootfs(void)
{
	int rc;

	if (!rootfs[0]) {
		uk_pr_crit("vfs.rootfs is empty: give ramfs, initrd or none (kernel parameter vfs.rootfs=, or CONFIG_LIBVFSCORE_ROOTFS)\n");
		usage_stop();
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
		rc = initrd_unpack("/", "vfs.rootfs=initrd");
		if (rc < 0)
			return rc;
	}
	return ramfs_root_dirs();
}

/*
 * A file system's default root (a shared directory), when the root is
 * left to the configuration and that says ramfs: 1 mounted, 0 none.
 */
static int mount_default_root(void)
{
	char source[256];
	const char *fs = NULL;
	int rc = 0;

	if (rootfs != default_rootfs || strcmp(rootfs, "ramfs"))
		return 0;
	for (unsigned int i = 0; !rc && i < ARRAY_SIZE(default_roots); i++) {
		if (!default_roots[i].find)
			break;
		fs = default_roots[i].fs;
		rc = default_roots[i].find(source, sizeof(source));
	}
	if (rc < 0)
		usage_stop(); /* the file system said what is wrong */
	if (rc == 0)
		return 0;
	uk_pr_info("no vfs.fstab: mounting %s '%s' on /\n", fs, source);
	rc = vfs_mount(source, "/", fs, 0, NULL);
	if (rc < 0) {
		uk_pr_crit("cannot mount %s '%s' on / (the default root; vfs.fstab or vfs.rootfs= choose another): %s\n",
			   fs, source, strerror(-rc));
		usage_stop();
	}
	return 1;
}

static int vfscore_automount(void)
{
	static struct fstab_entry e; /* boot: one at a time */
	unsigned int first = 0;
	int rc, ramfs_root = 1;

	if (!strcmp(rootfs, "none")) {
		if (mounts[0] || fstab.n) {
			uk_pr_crit("%s needs a root file system, but vfs.rootfs is none\n",
				   mounts[0] ? "vfs.mounts" : "vfs.fstab");
			usage_stop();
		}
		return 0;
	}
	/* every entry is checked before anything is mounted */
	for (unsigned int i = 0; i < fstab.n; i++) {
		fstab_parse(fstab.v[i], &e);
		if (i > 0 && !strcmp(e.dest, "/"))
			fstab_stop(&e, "only the first entry may mount the root /", NULL);
	}
	if (fstab.n) {
		fstab_parse(fstab.v[0], &e);
		if (!strcmp(e.dest, "/")) {
			fstab_mount(&e);
			ramfs_root = !strcmp(e.type, "ramfs") ||
				     !strcmp(e.opts, "ramfs=1");
			if (ramfs_root && (rc = ramfs_root_dirs()) < 0)
				return rc;
			first = 1;
		}
	}
	if (!first) {
		if (!fstab.n && mount_default_root()) {
			ramfs_root = 0;
		} else {
			rc = mount_rootfs();
			if (rc < 0)
				return rc;
		}
	}
	if (devfs_on) {
		struct stat st;

		if (ramfs_root || (stat("/dev", &st) == 0 && S_ISDIR(st.st_mode))) {
			rc = vfs_mount("devfs", "/dev", "devfs", 0, NULL);
			if (rc < 0) {
				uk_pr_crit("cannot mount devfs on /dev: %d\n", rc);
				return rc;
			}
		}
	}
	for (unsigned int i = first; i < fstab.n; i++) {
		fstab_parse(fstab.v[i], &e);
		fstab_mount(&e);
	}
	mount_list(mounts);
	return 0;
}
uk_rootfs_initcall(vfscore_automount);
