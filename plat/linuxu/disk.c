/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu block devices on host files: linuxu.disk=PATH (read-write) or
 * linuxu.disk=PATH:ro (read-only), up to CONFIG_LIBUKBLKDEV_MAXDEVS
 * times, each registered with ukblkdev in order. Sectors are 512 bytes;
 * a file whose size is not a multiple loses its last partial sector.
 * Requests are done at submit with the host's pread and pwrite (flush is
 * fsync) and handed back by the next uk_blkdev_poll: the device offers
 * no interrupt. A file that cannot be opened (missing, unreadable, not
 * writable without :ro) or is smaller than a sector stops the boot
 * naming it and the host's error.
 */
#include <uk/blkdev.h>
#include <uk/libparam.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <linuxu/syscall.h>
#include <errno.h>

#define SECTOR 512
#define DEPTH 32
#define LINUX_SEEK_END 2
#define LINUX_EACCES 13
#define LINUX_EISDIR 21
#define LINUX_EROFS 30

struct disk {
	struct uk_blkdev dev;
	int fd;
	int read_only;
	__u64 sectors;
	/* Done requests waiting for poll: a ring of DEPTH. */
	struct uk_blkreq *done[DEPTH];
	unsigned int head, count;
};

static struct disk disks[CONFIG_LIBUKBLKDEV_MAXDEVS];
static const char *disk_vals[CONFIG_LIBUKBLKDEV_MAXDEVS];
static struct uk_libparam_strv disk_params = UK_LIBPARAM_STRV_INIT(disk_vals);
UK_LIBPARAM(linuxu, disk, strv, &disk_params,
	    "host file to use as a block device, PATH or PATH:ro (repeatable)");

static void disk_info(struct uk_blkdev *d, struct uk_blkdev_info *i)
{
	struct disk *k = (struct disk *)d;

	i->sectors = k->sectors;
	i->sector_size = SECTOR;
	i->max_queues = 1;
	i->queue_depth = DEPTH;
	i->read_only = k->read_only;
	i->features = UK_BLKDEV_F_FLUSH;
}

static int disk_setup(struct uk_blkdev *d __unused, unsigned int q,
		      const struct uk_blkdev_queue_conf *c)
{
	return q == 0 && !c->intr ? 0 : -EINVAL;
}

/* Move len bytes at off, all of them; 0 or -EIO. */
static int disk_io(struct disk *k, int write, void *buf, __sz len, long off)
{
	while (len) {
		long r = write ? linuxu_pwrite(k->fd, buf, len, off)
			       : linuxu_pread(k->fd, buf, len, off);

		if (r == -LINUX_EINTR)
			continue;
		if (r <= 0)
			return -EIO; /* an error, or the file shrank */
		buf = (char *)buf + r;
		len -= (__sz)r;
		off += r;
	}
	return 0;
}

static int disk_submit(struct uk_blkdev *d, unsigned int q __unused,
		       struct uk_blkreq *req)
{
	struct disk *k = (struct disk *)d;
	__sz len = (__sz)req->nsectors * SECTOR;
	long off = (long)(req->sector * SECTOR);
	int rc;

	if (k->count == DEPTH)
		return -ENOSPC;
	switch (req->op) {
	case UK_BLKREQ_READ:
		rc = disk_io(k, 0, req->buf, len, off);
		break;
	case UK_BLKREQ_WRITE:
		rc = disk_io(k, 1, req->buf, len, off);
		break;
	case UK_BLKREQ_FLUSH:
		rc = linuxu_fsync(k->fd) < 0 ? -EIO : 0;
		break;
	default:
		return -EINVAL;
	}
	req->result = rc;
	k->done[(k->head + k->count++) % DEPTH] = req;
	return 0;
}

static int disk_poll(struct uk_blkdev *d, unsigned int q __unused)
{
	struct disk *k = (struct disk *)d;
	int n = 0;

	while (k->count) {
		struct uk_blkreq *req = k->done[k->head];

		k->head = (k->head + 1) % DEPTH;
		k->count--;
		uk_blkreq_finish(req, req->result);
		n++;
	}
	return n;
}

static const struct uk_blkdev_ops disk_ops = {
	.info_get = disk_info,
	.queue_setup = disk_setup,
	.submit = disk_submit,
	.poll = disk_poll,
};

static const char *host_error(long e)
{
	switch (-e) {
	case LINUX_ENOENT: return "no such file";
	case LINUX_EACCES: return "permission denied";
	case LINUX_EISDIR: return "a directory";
	case LINUX_EROFS: return "on a read-only file system (add :ro)";
	default: return "cannot open or read it";
	}
}

static int disk_open(struct disk *k, const char *param)
{
	char path[256];
	__sz len = __builtin_strlen(param);
	int ro = len > 3 && !__builtin_strcmp(param + len - 3, ":ro");
	long fd, size;
	char probe;

	if (ro)
		len -= 3;
	if (!len || len >= sizeof(path)) {
		uk_pr_crit("linuxu.disk=%s: a path has 1 to %u characters\n",
			   param, (unsigned int)sizeof(path) - 1);
		return -EINVAL;
	}
	__builtin_memcpy(path, param, len);
	path[len] = 0;
	fd = linuxu_openat(LINUX_AT_FDCWD, path,
			   (ro ? LINUX_O_RDONLY : LINUX_O_RDWR) |
				   LINUX_O_CLOEXEC);
	if (fd < 0) {
		uk_pr_crit("linuxu.disk=%s: %s: %s (error %ld)\n", param, path,
			   host_error(fd), -fd);
		return -ENODEV;
	}
	/* A directory opens read-only; reading tells. */
	size = linuxu_pread((int)fd, &probe, 1, 0);
	if (size < 0) {
		uk_pr_crit("linuxu.disk=%s: %s: %s (error %ld)\n", param,
			   path, host_error(size), -size);
		linuxu_close((int)fd);
		return -ENODEV;
	}
	size = linuxu_lseek((int)fd, 0, LINUX_SEEK_END);
	if (size < SECTOR) {
		uk_pr_crit("linuxu.disk=%s: %s: %s\n", param, path,
			   size < 0 ? "not a seekable file"
				    : "smaller than one 512-byte sector");
		linuxu_close((int)fd);
		return -EINVAL;
	}
	if (size % SECTOR)
		uk_pr_warn("linuxu.disk=%s: the last %ld bytes are not a whole "
			   "sector and are not used\n", param, size % SECTOR);
	k->fd = (int)fd;
	k->read_only = ro;
	k->sectors = (__u64)size / SECTOR;
	k->dev.ops = &disk_ops;
	k->dev.drv_name = "file";
	return uk_blkdev_register(&k->dev) < 0 ? -ENOSPC : 0;
}

static int linuxu_disk_init(void)
{
	for (unsigned int i = 0; i < disk_params.n; i++)
		if (disk_open(&disks[i], disk_vals[i]) < 0)
			ukplat_exit(UKPLAT_EXIT_USAGE);
	return 0;
}
uk_plat_initcall(linuxu_disk_init);
