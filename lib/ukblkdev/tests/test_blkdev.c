/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request checks, completion and the synchronous helpers, against a
 * fake device in memory: 64 sectors of 512 bytes, at most 4 requests in
 * flight, 8 sectors per request. Writes land in a volatile cache that a
 * flush copies to "stable" storage; poll finishes requests newest first,
 * so callers cannot depend on order; sector 13 fails with -EIO.
 */
#include <uk/test.h>
#include <uk/blkdev.h>
#include <uk/assert.h>
#include <errno.h>
#include <string.h>

#define FAKE_SECTORS 64
#define FAKE_DEPTH 4
#define FAKE_MAX 8
#define BAD_SECTOR 13

struct fake {
	struct uk_blkdev dev;
	int read_only;
	__u32 features;
	__u8 cache[FAKE_SECTORS * 512];
	__u8 stable[FAKE_SECTORS * 512];
	struct uk_blkreq *inflight[FAKE_DEPTH];
	unsigned int ninflight;
	unsigned int submits, flushes, setups;
};

static void fake_info(struct uk_blkdev *dev, struct uk_blkdev_info *i)
{
	struct fake *f = (struct fake *)dev;

	i->sectors = FAKE_SECTORS;
	i->sector_size = 512;
	i->max_sectors = FAKE_MAX;
	i->max_queues = 1;
	i->queue_depth = FAKE_DEPTH;
	i->read_only = f->read_only;
	i->features = f->features;
}

static int fake_setup(struct uk_blkdev *dev,
		      unsigned int qid __unused,
		      const struct uk_blkdev_queue_conf *c __unused)
{
	((struct fake *)dev)->setups++;
	return 0;
}

static int fake_submit(struct uk_blkdev *dev, unsigned int qid __unused,
		       struct uk_blkreq *req)
{
	struct fake *f = (struct fake *)dev;

	if (f->ninflight == FAKE_DEPTH)
		return -ENOSPC;
	f->inflight[f->ninflight++] = req;
	f->submits++;
	return 0;
}

/* Do the request's work now; its result. */
static int fake_do(struct fake *f, struct uk_blkreq *r)
{
	__sz off = (__sz)r->sector * 512, len = (__sz)r->nsectors * 512;

	if (r->op != UK_BLKREQ_FLUSH && r->sector <= BAD_SECTOR &&
	    BAD_SECTOR < r->sector + r->nsectors)
		return -EIO;
	switch (r->op) {
	case UK_BLKREQ_READ:
		memcpy(r->buf, f->cache + off, len);
		return 0;
	case UK_BLKREQ_WRITE:
		memcpy(f->cache + off, r->buf, len);
		return 0;
	case UK_BLKREQ_DISCARD:
		memset(f->cache + off, 0, len);
		return 0;
	case UK_BLKREQ_FLUSH:
		f->flushes++;
		memcpy(f->stable, f->cache, sizeof(f->stable));
		return 0;
	}
	return -EIO;
}

static int fake_poll(struct uk_blkdev *dev, unsigned int qid __unused)
{
	struct fake *f = (struct fake *)dev;
	int n = 0;

	while (f->ninflight) {
		struct uk_blkreq *r = f->inflight[--f->ninflight];

		uk_blkreq_finish(r, fake_do(f, r));
		n++;
	}
	return n;
}

static const struct uk_blkdev_ops fake_ops = {
	.info_get = fake_info,
	.queue_setup = fake_setup,
	.submit = fake_submit,
	.poll = fake_poll,
};

static struct fake rw = { .dev = { .ops = &fake_ops, .drv_name = "fake" } };
static struct fake ro = { .dev = { .ops = &fake_ops, .drv_name = "fake" },
			  .read_only = 1 };

/* rw and ro registered once, queue 0 polled; rw's state reset. */
static void fakes(__u32 features)
{
	static int registered;
	struct uk_blkdev_queue_conf conf = { 0 };

	if (!registered) {
		UK_ASSERT(uk_blkdev_register(&rw.dev) >= 0);
		UK_ASSERT(uk_blkdev_register(&ro.dev) >= 0);
		registered = 1;
	}
	rw.features = features;
	rw.dev.info.features = features;
	memset(rw.cache, 0, sizeof(rw.cache));
	memset(rw.stable, 0, sizeof(rw.stable));
	rw.submits = rw.flushes = 0;
	uk_blkdev_queue_setup(&rw.dev, 0, &conf);
	uk_blkdev_queue_setup(&ro.dev, 0, &conf);
}

static unsigned int order[16], norder;

static void note_done(struct uk_blkreq *req __unused, void *arg)
{
	order[norder++] = (unsigned int)(__uptr)arg;
}

static void fill(__u8 *buf, __sz len, __u8 seed)
{
	for (__sz i = 0; i < len; i++)
		buf[i] = (__u8)(seed + i * 7);
}

UK_TESTCASE(ukblkdev, register_refuses_incomplete_drivers)
{
	static const struct uk_blkdev_ops noops = { .info_get = fake_info };
	struct uk_blkdev d = { .ops = &noops };

	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_register(&d), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_register(NULL), -EINVAL);
	fakes(0);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_get(rw.dev.id), &rw.dev);
	UK_TEST_EXPECT(uk_blkdev_count() > ro.dev.id);
	UK_TEST_EXPECT_NULL(uk_blkdev_get(uk_blkdev_count()));
}

UK_TESTCASE(ukblkdev, submit_needs_a_set_up_queue)
{
	static struct fake f = { .dev = { .ops = &fake_ops } };
	struct uk_blkreq r = { .op = UK_BLKREQ_READ, .nsectors = 1 };
	__u8 buf[512];

	r.buf = buf;
	f.dev.info.max_queues = 1;
	f.dev.info.sectors = FAKE_SECTORS;
	f.dev.info.sector_size = 512;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&f.dev, 0, &r), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(&f.dev, 0), -EINVAL);
	UK_TEST_EXPECT_ZERO(f.submits);
}

UK_TESTCASE(ukblkdev, out_of_range_requests_never_reach_the_driver)
{
	static const struct {
		__u64 sector;
		__u32 n;
	} bad[] = {
		{ FAKE_SECTORS, 1 },	 /* just past the end */
		{ FAKE_SECTORS - 1, 2 }, /* straddles it */
		{ ~0ULL, 2 },		 /* the sum wraps */
		{ 0, 0 },		 /* nothing */
		{ 0, FAKE_MAX + 1 },	 /* above max_sectors */
	};
	__u8 buf[(FAKE_MAX + 1) * 512];

	fakes(0);
	norder = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		struct uk_blkreq r = { .op = UK_BLKREQ_READ,
				       .sector = bad[i].sector,
				       .nsectors = bad[i].n,
				       .buf = buf,
				       .done = note_done };

		UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&rw.dev, 0, &r),
				       -EINVAL);
	}
	UK_TEST_EXPECT_ZERO(rw.submits);
	UK_TEST_EXPECT_ZERO(norder); /* no callback for a refused request */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(&rw.dev, FAKE_SECTORS - 1, 2, buf),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(&rw.dev, 0, 0, buf), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(&rw.dev, 0, 1, NULL), -EINVAL);
	UK_TEST_EXPECT_ZERO(rw.submits);
	/* The last sector itself is fine. */
	UK_TEST_EXPECT_ZERO(uk_blkdev_read(&rw.dev, FAKE_SECTORS - 1, 1, buf));
}

UK_TESTCASE(ukblkdev, read_only_device_refuses_writes_with_erofs)
{
	__u8 buf[512];
	struct uk_blkreq r = { .op = UK_BLKREQ_WRITE, .nsectors = 1,
			       .buf = buf };

	fakes(0);
	ro.submits = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&ro.dev, 0, &r), -EROFS);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_write(&ro.dev, 0, 1, buf), -EROFS);
	r.op = UK_BLKREQ_DISCARD;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&ro.dev, 0, &r), -EROFS);
	UK_TEST_EXPECT_ZERO(ro.submits);
	UK_TEST_EXPECT_ZERO(uk_blkdev_read(&ro.dev, 0, 1, buf));
	UK_TEST_EXPECT_SNUM_EQ(ro.submits, 1);
}

UK_TESTCASE(ukblkdev, full_queue_gives_enospc_and_each_request_completes_once)
{
	__u8 buf[5][512];
	struct uk_blkreq r[5];

	fakes(0);
	norder = 0;
	for (unsigned int i = 0; i < 5; i++) {
		r[i] = (struct uk_blkreq){ .op = UK_BLKREQ_READ,
					   .sector = i,
					   .nsectors = 1,
					   .buf = buf[i],
					   .done = note_done,
					   .done_arg = (void *)(__uptr)i };
		UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&rw.dev, 0, &r[i]),
				       i < FAKE_DEPTH ? 0 : -ENOSPC);
	}
	UK_TEST_EXPECT_ZERO(norder); /* nothing finishes before a poll */
	UK_TEST_EXPECT_ZERO(r[0].finished);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(&rw.dev, 0), FAKE_DEPTH);
	UK_TEST_EXPECT_SNUM_EQ(norder, FAKE_DEPTH);
	/* The fake finishes newest first; every one exactly once. */
	for (unsigned int i = 0; i < FAKE_DEPTH; i++) {
		UK_TEST_EXPECT_SNUM_EQ(order[i], FAKE_DEPTH - 1 - i);
		UK_TEST_EXPECT_SNUM_EQ(r[i].finished, 1);
		UK_TEST_EXPECT_ZERO(r[i].result);
	}
	UK_TEST_EXPECT_ZERO(uk_blkdev_poll(&rw.dev, 0));
	UK_TEST_EXPECT_SNUM_EQ(norder, FAKE_DEPTH);
	/* Room again. */
	UK_TEST_EXPECT_ZERO(uk_blkdev_submit(&rw.dev, 0, &r[4]));
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(&rw.dev, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(order[FAKE_DEPTH], 4);
}

UK_TESTCASE(ukblkdev, sync_helpers_split_and_keep_data_in_place)
{
	static __u8 out[20 * 512], in[20 * 512];

	fakes(0);
	fill(out, sizeof(out), 3);
	UK_TEST_EXPECT_ZERO(uk_blkdev_write(&rw.dev, 20, 20, out));
	/* 20 sectors in pieces of at most 8: 8 + 8 + 4. */
	UK_TEST_EXPECT_SNUM_EQ(rw.submits, 3);
	UK_TEST_EXPECT_ZERO(memcmp(rw.cache + 20 * 512, out, sizeof(out)));
	UK_TEST_EXPECT_ZERO(rw.cache[20 * 512 - 1]); /* neighbours untouched */
	UK_TEST_EXPECT_ZERO(rw.cache[40 * 512]);
	UK_TEST_EXPECT_ZERO(uk_blkdev_read(&rw.dev, 20, 20, in));
	UK_TEST_EXPECT_ZERO(memcmp(in, out, sizeof(in)));
	/* A later write to the same sector wins. */
	fill(out, 512, 99);
	UK_TEST_EXPECT_ZERO(uk_blkdev_write(&rw.dev, 25, 1, out));
	UK_TEST_EXPECT_ZERO(uk_blkdev_read(&rw.dev, 25, 1, in));
	UK_TEST_EXPECT_ZERO(memcmp(in, out, 512));
}

UK_TESTCASE(ukblkdev, flush_reaches_the_device_only_when_it_caches)
{
	__u8 out[512];

	fakes(0); /* no UK_BLKDEV_F_FLUSH: nothing to do */
	UK_TEST_EXPECT_ZERO(uk_blkdev_flush(&rw.dev));
	UK_TEST_EXPECT_ZERO(rw.submits);
	fakes(UK_BLKDEV_F_FLUSH);
	fill(out, sizeof(out), 42);
	UK_TEST_EXPECT_ZERO(uk_blkdev_write(&rw.dev, 2, 1, out));
	UK_TEST_EXPECT(memcmp(rw.stable + 2 * 512, out, 512) != 0);
	UK_TEST_EXPECT_ZERO(uk_blkdev_flush(&rw.dev));
	UK_TEST_EXPECT_SNUM_EQ(rw.flushes, 1);
	UK_TEST_EXPECT_ZERO(memcmp(rw.stable + 2 * 512, out, 512));
}

UK_TESTCASE(ukblkdev, device_errors_and_missing_discard_are_reported)
{
	__u8 buf[2 * 512];

	fakes(0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_read(&rw.dev, BAD_SECTOR - 1, 2, buf),
			       -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_discard(&rw.dev, 0, 1), -ENOTSUP);
	fakes(UK_BLKDEV_F_DISCARD);
	memset(rw.cache, 0xaa, sizeof(rw.cache));
	UK_TEST_EXPECT_ZERO(uk_blkdev_discard(&rw.dev, 4, 2));
	UK_TEST_EXPECT_ZERO(rw.cache[4 * 512]);
	UK_TEST_EXPECT_SNUM_EQ(rw.cache[6 * 512], 0xaa);
	UK_TEST_EXPECT_SNUM_EQ(rw.cache[4 * 512 - 1], 0xaa);
}
