/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues without a device: the tests play the device side on
 * the ring memory (take chains from the available ring, return them on
 * the used ring) as the specification says a device does.
 */
#include <uk/test.h>
#include <uk/virtio/virtqueue.h>
#include <errno.h>
#include <stddef.h>

#define NUM 8

static __u8 ring_mem[2 * 4096] __align(4096);
static void *cookies[NUM];
static struct virtq vq;
static __u16 dev_avail; /* the fake device's next available entry */

static void setup(int event_idx)
{
	virtq_init(&vq, 0, ring_mem, NUM, cookies, event_idx);
	dev_avail = 0;
}

/* Device: the next chain's head, or -1 when the driver offered none. */
static int dev_take(void)
{
	if (vq.avail->idx == dev_avail)
		return -1;
	return vq.avail->ring[dev_avail++ % NUM];
}

/* Device: return the chain at head with len bytes written. */
static void dev_put(int head, __u32 len)
{
	struct virtq_used_elem *e = &vq.used->ring[vq.used->idx % NUM];

	e->id = (__u32)head;
	e->len = len;
	vq.used->idx++;
}

/* Device: the chain at head as flags of each descriptor; its length. */
static int dev_chain(int head, __u16 *flags, int max)
{
	int n = 0;

	for (__u16 i = (__u16)head; n < max; i = vq.desc[i].next) {
		flags[n++] = vq.desc[i].flags;
		if (!(vq.desc[i].flags & VIRTQ_DESC_F_NEXT))
			break;
	}
	return n;
}

UK_TESTCASE(virtqueue, layout_and_bad_sizes)
{
	UK_TEST_EXPECT_SNUM_EQ(virtq_mem_size(NUM), sizeof(ring_mem));
	UK_TEST_EXPECT_SNUM_EQ(virtq_mem_size(256), 3 * 4096);
	UK_TEST_EXPECT_SNUM_EQ(virtq_used_off(256), 2 * 4096);
	UK_TEST_EXPECT_SNUM_EQ(virtq_avail_off(256), 4096);
	UK_TEST_EXPECT_SNUM_EQ(virtq_init(&vq, 0, ring_mem, 6, cookies, 0),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(virtq_init(&vq, 0, ring_mem, 0, cookies, 0),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(virtq_init(&vq, 0, ring_mem, NUM, cookies, 0),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(vq.nfree, NUM);
	UK_TEST_EXPECT_PTR_EQ((void *)virtq_avail_event(&vq),
			      (void *)&vq.used->ring[NUM]);
}

UK_TESTCASE(virtqueue, chain_flags_and_free_on_return)
{
	static char a[10], b[20], c[30];
	struct virtq_seg segs[] = { { a, 10 }, { b, 20 }, { c, 30 } };
	__u16 flags[4];
	__u32 len = 0;
	int head;

	setup(0);
	UK_TEST_EXPECT_SNUM_EQ(virtq_add(&vq, segs, 2, 1, a), 0);
	UK_TEST_EXPECT_SNUM_EQ(vq.nfree, NUM - 3);
	UK_TEST_EXPECT_SNUM_EQ(vq.avail->idx, 1);
	head = dev_take();
	UK_TEST_ASSERT(head >= 0);
	UK_TEST_EXPECT_SNUM_EQ(dev_chain(head, flags, 4), 3);
	UK_TEST_EXPECT_SNUM_EQ(flags[0], VIRTQ_DESC_F_NEXT);
	UK_TEST_EXPECT_SNUM_EQ(flags[1], VIRTQ_DESC_F_NEXT);
	UK_TEST_EXPECT_SNUM_EQ(flags[2], VIRTQ_DESC_F_WRITE);
	UK_TEST_EXPECT_SNUM_EQ(vq.desc[head].addr, (__u64)(__uptr)a);
	UK_TEST_EXPECT_SNUM_EQ(vq.desc[head].len, 10);
	UK_TEST_EXPECT_NULL(virtq_get(&vq, &len));
	dev_put(head, 7);
	UK_TEST_EXPECT(virtq_has_used(&vq));
	UK_TEST_EXPECT_PTR_EQ(virtq_get(&vq, &len), a);
	UK_TEST_EXPECT_SNUM_EQ(len, 7);
	UK_TEST_EXPECT_SNUM_EQ(vq.nfree, NUM);
	UK_TEST_EXPECT_NULL(virtq_get(&vq, &len));
	UK_TEST_EXPECT_SNUM_EQ(virtq_add(&vq, segs, 0, 0, a), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(virtq_add(&vq, segs, 1, 0, NULL), -EINVAL);
}

UK_TESTCASE(virtqueue, full_ring_then_out_of_order_reuse)
{
	static char bufs[NUM];
	struct virtq_seg seg = { bufs, 1 };
	struct virtq_seg two[2] = { { bufs, 1 }, { bufs, 1 } };
	int heads[NUM], used[NUM] = { 0 };

	setup(0);
	for (int i = 0; i < NUM; i++) {
		seg.addr = &bufs[i];
		UK_TEST_ASSERT_SNUM_EQ(virtq_add(&vq, &seg, 1, 0, &bufs[i]), 0);
	}
	UK_TEST_EXPECT_SNUM_EQ(virtq_add(&vq, &seg, 1, 0, bufs), -ENOSPC);
	for (int i = 0; i < NUM; i++)
		heads[i] = dev_take();
	/* Returned in reverse order: each cookie still finds its buffer. */
	for (int i = NUM - 1; i >= 0; i--)
		dev_put(heads[i], (__u32)i);
	for (int i = NUM - 1; i >= 0; i--) {
		__u32 len;

		UK_TEST_EXPECT_PTR_EQ(virtq_get(&vq, &len), &bufs[i]);
		UK_TEST_EXPECT_SNUM_EQ(len, i);
	}
	/* All descriptors free again, each exactly once: four chains of
	 * two use them all, and no descriptor twice. */
	UK_TEST_EXPECT_SNUM_EQ(vq.nfree, NUM);
	for (int i = 0; i < NUM / 2; i++)
		UK_TEST_ASSERT_SNUM_EQ(virtq_add(&vq, two, 1, 1, &bufs[i]), 0);
	UK_TEST_EXPECT_SNUM_EQ(virtq_add(&vq, two, 1, 0, bufs), -ENOSPC);
	for (int h; (h = dev_take()) >= 0;) {
		for (int n = 0, i = h; n < 2; n++, i = vq.desc[i].next)
			used[i]++;
	}
	for (int i = 0; i < NUM; i++)
		UK_TEST_EXPECT_SNUM_EQ(used[i], 1);
}

UK_TESTCASE(virtqueue, indexes_wrap_around)
{
	static char buf;
	struct virtq_seg seg = { &buf, 1 };
	int bad = 0;

	setup(0);
	/* 70000 round trips of a chain: the 16-bit indexes wrap. */
	for (long i = 0; i < 70000; i++) {
		__u32 len;
		int h;

		if (virtq_add(&vq, &seg, 1, 0, &buf) < 0)
			bad++;
		h = dev_take();
		if (h < 0) {
			bad++;
			continue;
		}
		dev_put(h, (__u32)(i & 0xff));
		if (virtq_get(&vq, &len) != &buf || len != (__u32)(i & 0xff))
			bad++;
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	UK_TEST_EXPECT_SNUM_EQ(vq.avail->idx, (__u16)70000);
	UK_TEST_EXPECT_SNUM_EQ(vq.last_used, (__u16)70000);
	UK_TEST_EXPECT_SNUM_EQ(vq.nfree, NUM);
}

UK_TESTCASE(virtqueue, event_index_math)
{
	/* Index moved from old to new: is event in [old, new)? */
	UK_TEST_EXPECT(virtq_need_event(0, 1, 0));
	UK_TEST_EXPECT(!virtq_need_event(1, 1, 0));
	UK_TEST_EXPECT(virtq_need_event(9, 10, 5));
	UK_TEST_EXPECT(virtq_need_event(5, 10, 5));
	UK_TEST_EXPECT(!virtq_need_event(10, 10, 5));
	UK_TEST_EXPECT(!virtq_need_event(4, 10, 5));
	UK_TEST_EXPECT(!virtq_need_event(5, 5, 5));
	/* Across the wrap of the 16-bit indexes. */
	UK_TEST_EXPECT(virtq_need_event(0xffff, 1, 0xfffe));
	UK_TEST_EXPECT(virtq_need_event(0, 1, 0xffff));
	UK_TEST_EXPECT(!virtq_need_event(2, 1, 0xffff));
	UK_TEST_EXPECT(!virtq_need_event(0xfffd, 1, 0xfffe));
}

UK_TESTCASE(virtqueue, notification_suppression)
{
	static char buf[8];
	struct virtq_seg seg = { buf, 1 };

	/* Flags: the device's NO_NOTIFY stops kicks. */
	setup(0);
	virtq_add(&vq, &seg, 1, 0, &buf[0]);
	UK_TEST_EXPECT(virtq_kick_needed(&vq));
	UK_TEST_EXPECT(!virtq_kick_needed(&vq)); /* nothing new */
	vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	virtq_add(&vq, &seg, 1, 0, &buf[1]);
	UK_TEST_EXPECT(!virtq_kick_needed(&vq));

	/* Event index: a kick only once avail->idx passes avail_event. */
	setup(1);
	vq.used->flags = VIRTQ_USED_F_NO_NOTIFY; /* ignored now */
	virtq_add(&vq, &seg, 1, 0, &buf[0]);
	UK_TEST_EXPECT(virtq_kick_needed(&vq)); /* 0 -> 1 passes 0 */
	*virtq_avail_event(&vq) = 4;
	virtq_add(&vq, &seg, 1, 0, &buf[1]);
	virtq_add(&vq, &seg, 1, 0, &buf[2]);
	UK_TEST_EXPECT(!virtq_kick_needed(&vq)); /* 1 -> 3 */
	virtq_add(&vq, &seg, 1, 0, &buf[3]);
	virtq_add(&vq, &seg, 1, 0, &buf[4]);
	UK_TEST_EXPECT(virtq_kick_needed(&vq)); /* 3 -> 5 passes 4 */
}

UK_TESTCASE(virtqueue, interrupt_requests)
{
	static char buf[4];
	struct virtq_seg seg = { buf, 1 };
	__u16 old;

	/* Flags: disable sets NO_INTERRUPT, enable clears it. */
	setup(0);
	virtq_disable_cb(&vq);
	UK_TEST_EXPECT_SNUM_EQ(vq.avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	UK_TEST_EXPECT_SNUM_EQ(virtq_enable_cb(&vq), 0);
	UK_TEST_EXPECT_SNUM_EQ(vq.avail->flags, 0);

	/* Event index: the device interrupts only when used->idx passes
	 * used_event (the device's own test, virtq_need_event). */
	setup(1);
	for (int i = 0; i < 3; i++)
		virtq_add(&vq, &seg, 1, 0, &buf[i]);
	virtq_disable_cb(&vq);
	old = vq.used->idx;
	dev_put(dev_take(), 1);
	UK_TEST_EXPECT(!virtq_need_event(*virtq_used_event(&vq),
					 vq.used->idx, old));
	/* Enabling with a chain already back says so (no interrupt will
	 * come for it). */
	UK_TEST_EXPECT_SNUM_EQ(virtq_enable_cb(&vq), 1);
	UK_TEST_EXPECT_PTR_EQ(virtq_get(&vq, NULL), &buf[0]);
	UK_TEST_EXPECT_SNUM_EQ(virtq_enable_cb(&vq), 0);
	old = vq.used->idx;
	dev_put(dev_take(), 1);
	UK_TEST_EXPECT(virtq_need_event(*virtq_used_event(&vq),
					vq.used->idx, old));
	/* Taking it moves the event on: the next return interrupts. */
	UK_TEST_EXPECT_PTR_EQ(virtq_get(&vq, NULL), &buf[1]);
	old = vq.used->idx;
	dev_put(dev_take(), 1);
	UK_TEST_EXPECT(virtq_need_event(*virtq_used_event(&vq),
					vq.used->idx, old));
}
