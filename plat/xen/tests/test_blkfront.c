/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xenbus and blkfront against an in-memory store and a fake back end
 * that plays blkback's part: it waits in InitWait, reads the ring-ref and
 * event-channel the front end published, goes Connected with the disk's
 * keys, and serves the ring: each segment's grant is looked up in the
 * grant table (it must be a grant to the back end's domain, writable
 * for a read), and the granted page is read or written as the back end's
 * mapping would.
 */
#ifdef CONFIG_XEN_BLKFRONT
#include <uk/test.h>
#include <uk/blkdev.h>
#include <xen/blkif.h>
#include <xen/gnttab.h>
#include <xen/ring.h>
#include <xen/xenbus.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakestore.h"

#define DISK_SECTORS 256
#define FE "device/vbd/768"
#define BE "backend/vbd/1/768"
/*
 * The back end's domain: ours (xen-guest's first dom0less domain is 1),
 * as Xen refuses an event channel for a domain that does not exist.
 */
#define BE_DOMID 1

static struct fakestore fs;
static __u8 disk[DISK_SECTORS * 512];
static struct {
	volatile struct xen_sring_hdr *sring;
	__u32 req_cons;
	unsigned int served, bad_grants, kicks, segs;
	int go_connected; /* 0: stay in InitWait (a back end that hangs) */
} be;

static void *granted_page(xen_grant_ref_t ref, int write)
{
	struct xen_grant_entry_v1 e = xen_gnttab_entry(ref);

	if ((e.flags & XEN_GTF_TYPE_MASK) != XEN_GTF_PERMIT_ACCESS ||
	    e.domid != BE_DOMID || (write && (e.flags & XEN_GTF_READONLY))) {
		be.bad_grants++;
		return NULL;
	}
	return (void *)((__uptr)e.frame << 12);
}

static void backend_on_write(struct fakestore *f, const char *path,
			     const char *value)
{
	if (strcmp(path, FE "/state") || strcmp(value, "3") || !be.go_connected)
		return;
	be.sring = granted_page(strtoul(fakestore_get(f, FE "/ring-ref"),
					NULL, 10), 1);
	be.req_cons = 0;
	fakestore_set(f, BE "/sectors", "256");
	fakestore_set(f, BE "/sector-size", "512");
	fakestore_set(f, BE "/info", "0");
	fakestore_set(f, BE "/feature-flush-cache", "1");
	fakestore_set(f, BE "/state", "4");
	fakestore_fire(f, BE "/state");
}

static void backend_kick(void *arg __unused)
{
	volatile union xen_blkif_entry *ring =
		(volatile union xen_blkif_entry *)((__u8 *)be.sring + XEN_RING_HDR);
	unsigned int size = xen_ring_size(sizeof(union xen_blkif_entry));
	__u32 rsp = be.sring->rsp_prod;

	be.kicks++;
again:
	while (be.req_cons != be.sring->req_prod) {
		struct xen_blkif_request r;
		__s16 status = XEN_BLKIF_RSP_OKAY;
		__u64 at;

		memcpy(&r, (const void *)&ring[be.req_cons++ & (size - 1)].req,
		       sizeof(r));
		at = r.sector_number * 512;
		for (unsigned int i = 0; i < r.nr_segments; i++) {
			__u8 *page = granted_page(r.seg[i].gref,
						  r.operation == XEN_BLKIF_OP_READ);
			unsigned int off = r.seg[i].first_sect * 512;
			unsigned int len = (r.seg[i].last_sect + 1) * 512 - off;

			be.segs++;
			if (!page || at + len > sizeof(disk)) {
				status = XEN_BLKIF_RSP_ERROR;
				break;
			}
			if (r.operation == XEN_BLKIF_OP_READ)
				memcpy(page + off, disk + at, len);
			else if (r.operation == XEN_BLKIF_OP_WRITE)
				memcpy(disk + at, page + off, len);
			at += len;
		}
		ring[rsp & (size - 1)].rsp.id = r.id;
		ring[rsp & (size - 1)].rsp.operation = r.operation;
		ring[rsp & (size - 1)].rsp.status = status;
		rsp++;
		be.served++;
	}
	/* As a back end does: an event wanted at the next request. */
	be.sring->req_event = be.req_cons + 1;
	mb();
	if (be.req_cons != be.sring->req_prod)
		goto again;
	xen_ring_push_responses(be.sring, rsp);
}

static void store_setup(int connect)
{
	fakestore_init(&fs, 0);
	memset(&be, 0, sizeof(be));
	be.go_connected = connect;
	fs.on_write = backend_on_write;
	fakestore_set(&fs, FE "/backend", BE);
	fakestore_set(&fs, FE "/backend-id", "1");
	fakestore_set(&fs, FE "/state", "1");
	fakestore_set(&fs, BE "/state", "2");
}

UK_TESTCASE(xen_blkfront, handshake_then_reads_and_writes_through_grants)
{
	static __u8 buf[40 * 512 + 1], back[40 * 512 + 1];
	struct uk_blkdev_info info;
	struct uk_blkdev *bd;
	unsigned long v = 0;
	int idx;

	store_setup(1);
	for (unsigned int i = 0; i < sizeof(disk); i++)
		disk[i] = (__u8)(i * 7 + i / 512);
	idx = xen_blkfront_add(&fs.xs, FE, backend_kick, NULL);
	UK_TEST_ASSERT(idx >= 0);
	/* What the front end published. */
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read_uint(&fs.xs, 0, FE "/state", &v), 0);
	UK_TEST_EXPECT_UNUM_EQ(v, 4);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read_uint(&fs.xs, 0, FE "/event-channel",
						&v), 0);
	UK_TEST_EXPECT(v > 0);
	UK_TEST_EXPECT(strcmp(fakestore_get(&fs, FE "/protocol"),
#ifdef __aarch64__
			      "arm-abi"
#else
			      "x86_64-abi"
#endif
			      ) == 0);
	UK_TEST_ASSERT(be.sring != NULL);
	bd = uk_blkdev_get(idx);
	UK_TEST_ASSERT(bd != NULL);
	uk_blkdev_info_get(bd, &info);
	UK_TEST_EXPECT_UNUM_EQ(info.sectors, DISK_SECTORS);
	UK_TEST_EXPECT_UNUM_EQ(info.sector_size, 512);
	UK_TEST_EXPECT_UNUM_EQ(info.max_sectors, XEN_BLKFRONT_SEGS * 8);
	UK_TEST_EXPECT(info.features & UK_BLKDEV_F_FLUSH);
	UK_TEST_EXPECT(!(info.features & UK_BLKDEV_F_INTR));
	/* 40 sectors: split in requests of 64 at most; an odd buffer. */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(bd, 3, 40, buf + 1), 0);
	UK_TEST_EXPECT(memcmp(buf + 1, disk + 3 * 512, 40 * 512) == 0);
	UK_TEST_EXPECT_UNUM_EQ(be.segs, 5); /* 20 KiB: five pages */
	for (unsigned int i = 0; i < 40 * 512; i++)
		back[i + 1] = (__u8)(i ^ 0x5a);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_write(bd, 200, 40, back + 1), 0);
	UK_TEST_EXPECT(memcmp(disk + 200 * 512, back + 1, 40 * 512) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(bd), 0);
	/* The whole disk, in requests of 64 sectors. */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(bd, 0, 1, buf), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(bd, DISK_SECTORS - 1, 2, buf),
			       -EINVAL);
	UK_TEST_EXPECT_UNUM_EQ(be.bad_grants, 0);
	UK_TEST_EXPECT(be.served >= 4);
}

UK_TESTCASE(xen_blkfront, a_back_end_that_never_connects_times_out)
{
	int idx;

	store_setup(0);
	fs.xs.timeout = ukarch_time_msec_to_nsec(50);
	/* The wait's own timeout: xenbus gives up, the device is left out. */
	fakestore_set(&fs, BE "/state", "1");
	idx = xen_blkfront_add(&fs.xs, FE, backend_kick, NULL);
	UK_TEST_EXPECT(idx < 0);
	UK_TEST_EXPECT(strcmp(fakestore_get(&fs, FE "/state"), "6") == 0);
}

UK_TESTCASE(xen_blkfront, a_closing_back_end_is_an_error)
{
	store_setup(1);
	fakestore_set(&fs, BE "/state", "5");
	UK_TEST_EXPECT_SNUM_EQ(xen_blkfront_add(&fs.xs, FE, backend_kick, NULL),
			       -ENOTCONN);
	store_setup(1);
	fakestore_set(&fs, FE "/backend-id", "banana");
	UK_TEST_EXPECT_SNUM_EQ(xen_blkfront_add(&fs.xs, FE, backend_kick, NULL),
			       -EINVAL);
}
#endif
