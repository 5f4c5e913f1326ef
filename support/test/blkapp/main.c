/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test application of support/test/suite_blk.py: drives block device 0
 * through <uk/blkdev.h>, one command after another, and prints one line
 * per command for the suite to compare with the host file:
 *
 *   blkapp poll|intr COMMAND...
 *     info               capacity, sector size, read-only, features
 *     write S N SEED     write the pattern of SEED to sectors S..S+N-1
 *     check S N SEED     read them back and compare with the pattern
 *     read S N           read and print the FNV-1a checksum of the bytes
 *     flush              uk_blkdev_flush
 *     discard S N        uk_blkdev_discard
 *     async N            N one-sector reads in flight at once, then wait:
 *                        in intr mode halted until the callbacks ran (so
 *                        every completion came from the interrupt), in
 *                        poll mode with uk_blkdev_poll
 *
 * Byte i of sector s in the pattern of SEED is (SEED + 13 s + 7 i +
 * i / 256) mod 256. The mode sets queue 0 up before the first command;
 * the synchronous helpers then use it. Errors print their name ("write
 * 100+1: error EROFS"); the exit status is 0 unless a check found other
 * data (1), there is no block device (2), or the arguments are bad (64).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/blkdev.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define MAX_BYTES (128 * 1024)
#define ASYNC_MAX 32
#define WAIT_NS (10 * UKPLAT_NSEC_PER_SEC)

static struct uk_blkdev *dev;
static struct uk_blkdev_info info;
static int intr_mode;
static __u8 buf[MAX_BYTES];

static const char *err_name(int rc)
{
	switch (-rc) {
	case EINVAL: return "EINVAL";
	case EROFS: return "EROFS";
	case EIO: return "EIO";
	case ENOTSUP: return "ENOTSUP";
	case ENOSPC: return "ENOSPC";
	case ENOMEM: return "ENOMEM";
	default: return "another error";
	}
}

static void report(const char *what, unsigned long long s, unsigned int n,
		   int rc)
{
	if (rc < 0)
		printf("blkapp: %s %llu+%u: error %s (%d)\n", what, s, n,
		       err_name(rc), rc);
	else
		printf("blkapp: %s %llu+%u: ok\n", what, s, n);
}

static __u8 pattern(unsigned int seed, unsigned long long s, __sz i)
{
	return (__u8)(seed + 13 * s + 7 * i + i / 256);
}

static void fill(unsigned int seed, unsigned long long s, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++)
		for (__sz i = 0; i < info.sector_size; i++)
			buf[(__sz)k * info.sector_size + i] =
				pattern(seed, s + k, i);
}

static __u32 fnv1a(const __u8 *p, __sz len)
{
	__u32 h = 2166136261u;

	for (__sz i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Sectors that fit the buffer (at least 1, to let the device judge). */
static int fits(unsigned int n)
{
	return (__sz)n * info.sector_size <= MAX_BYTES;
}

static int check(unsigned long long s, unsigned int n, unsigned int seed)
{
	int rc = uk_blkdev_read(dev, s, n, buf);

	if (rc < 0) {
		report("check", s, n, rc);
		return 0;
	}
	for (unsigned int k = 0; k < n; k++)
		for (__sz i = 0; i < info.sector_size; i++)
			if (buf[(__sz)k * info.sector_size + i] !=
			    pattern(seed, s + k, i)) {
				printf("blkapp: check %llu+%u: MISMATCH in sector %llu byte %u\n",
				       s, n, s + k, (unsigned int)i);
				return 1;
			}
	printf("blkapp: check %llu+%u: ok\n", s, n);
	return 0;
}

static volatile unsigned int async_done, async_errors;

static void async_cb(struct uk_blkreq *req, void *arg __unused)
{
	if (req->result < 0)
		async_errors++;
	async_done++;
}

static void async(unsigned int n)
{
	static struct uk_blkreq reqs[ASYNC_MAX];
	__nsec deadline = ukplat_monotonic_clock() + WAIT_NS;
	unsigned int started = 0, polled = 0;

	async_done = async_errors = 0;
	for (; started < n; started++) {
		int rc;

		reqs[started] = (struct uk_blkreq){
			.op = UK_BLKREQ_READ,
			.sector = started % info.sectors,
			.nsectors = 1,
			.buf = buf + (__sz)started * info.sector_size,
			.done = async_cb,
		};
		rc = uk_blkdev_submit(dev, 0, &reqs[started]);
		if (rc < 0) {
			printf("blkapp: async: request %u: error %s (%d)\n",
			       started, err_name(rc), rc);
			break;
		}
	}
	if (intr_mode) {
		ukplat_lcpu_disable_irq();
		while (async_done < started &&
		       ukplat_monotonic_clock() < deadline)
			ukplat_lcpu_halt_irq_until(deadline);
		ukplat_lcpu_enable_irq();
	} else {
		while (async_done < started &&
		       ukplat_monotonic_clock() < deadline)
			polled += (unsigned int)uk_blkdev_poll(dev, 0);
	}
	printf("blkapp: async %u: %u completed, %u errors, %u by poll\n",
	       started, async_done, async_errors, polled);
}

static void show_info(void)
{
	printf("blkapp: %s, %llu sectors of %u bytes, %s, max %u sectors, "
	       "%u segments, depth %u, flush %s, discard %s, intr %s\n",
	       dev->drv_name, (unsigned long long)info.sectors,
	       info.sector_size, info.read_only ? "read-only" : "read-write",
	       info.max_sectors, info.max_segs, info.queue_depth,
	       info.features & UK_BLKDEV_F_FLUSH ? "yes" : "no",
	       info.features & UK_BLKDEV_F_DISCARD ? "yes" : "no",
	       info.features & UK_BLKDEV_F_INTR ? "yes" : "no");
}

static int usage(void)
{
	printf("usage: blkapp poll|intr [info | write S N SEED | check S N SEED | "
	       "read S N | flush | discard S N | async N]...\n");
	return 64;
}

int main(int argc, char *argv[])
{
	struct uk_blkdev_queue_conf qc = { 0 };
	int bad = 0, rc;

	if (argc < 2 || (strcmp(argv[1], "poll") && strcmp(argv[1], "intr")))
		return usage();
	intr_mode = !strcmp(argv[1], "intr");
	dev = uk_blkdev_get(0);
	if (!dev) {
		printf("blkapp: no block device: attach one (qemu-guest -d FILE, "
		       "or linuxu.disk=FILE)\n");
		return 2;
	}
	uk_blkdev_info_get(dev, &info);
	qc.intr = intr_mode;
	rc = uk_blkdev_queue_setup(dev, 0, &qc);
	if (rc < 0) {
		printf("blkapp: queue set-up (%s mode): error %s (%d)\n",
		       argv[1], err_name(rc), rc);
		return 3;
	}
	for (int i = 2; i < argc; i++) {
		const char *c = argv[i];
		int need = !strcmp(c, "write") || !strcmp(c, "check") ? 3
			   : !strcmp(c, "read") || !strcmp(c, "discard") ? 2
			   : !strcmp(c, "async") ? 1 : 0;
		unsigned long long s = 0;
		unsigned int n = 0, seed = 0;

		if (need && i + need >= argc)
			return usage();
		if (!strcmp(c, "async")) {
			n = (unsigned int)atoi(argv[++i]);
			if (!n || n > ASYNC_MAX || !fits(n))
				return usage();
			async(n);
			continue;
		}
		if (need >= 2) {
			s = strtoull(argv[++i], NULL, 0);
			n = (unsigned int)strtoul(argv[++i], NULL, 0);
			if (!fits(n))
				return usage();
		}
		if (need == 3)
			seed = (unsigned int)atoi(argv[++i]);
		if (!strcmp(c, "info")) {
			show_info();
		} else if (!strcmp(c, "write")) {
			fill(seed, s, n);
			report("write", s, n, uk_blkdev_write(dev, s, n, buf));
		} else if (!strcmp(c, "check")) {
			bad |= check(s, n, seed);
		} else if (!strcmp(c, "read")) {
			rc = uk_blkdev_read(dev, s, n, buf);
			if (rc < 0)
				report("read", s, n, rc);
			else
				printf("blkapp: read %llu+%u: ok, checksum 0x%08x\n",
				       s, n,
				       fnv1a(buf, (__sz)n * info.sector_size));
		} else if (!strcmp(c, "flush")) {
			rc = uk_blkdev_flush(dev);
			if (rc < 0)
				printf("blkapp: flush: error %s (%d)\n",
				       err_name(rc), rc);
			else
				printf("blkapp: flush: ok\n");
		} else if (!strcmp(c, "discard")) {
			report("discard", s, n, uk_blkdev_discard(dev, s, n));
		} else {
			return usage();
		}
	}
	return bad;
}
