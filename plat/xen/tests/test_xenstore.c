/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xenstore client against an in-memory store (fakestore.c): the
 * message encoding and parsing, rings that wrap and messages larger than
 * a ring, watch events interleaved with replies, transactions retried on
 * EAGAIN, errors by name, timeouts; and no store in a dom0less domain.
 */
#include <uk/test.h>
#include <uk/plat/time.h>
#include <xen/hvm.h>
#include <xen/xenstore.h>
#include <errno.h>
#include <string.h>
#include "fakestore.h"

static struct fakestore fs;

static void stall_notify(struct xen_xs *xs __unused)
{
}

static void stall_wait(struct xen_xs *xs __unused, __nsec until __unused)
{
}

UK_TESTCASE(xen_xenstore, dom0less_domain_has_no_store)
{
	char buf[8];
	struct xen_xs_watch w = { .path = "x" };

	UK_TEST_EXPECT(xen_xs_default() == NULL);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(NULL, 0, "domid", buf, sizeof(buf)),
			       -ENODEV);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(NULL, 0, "a", "b"), -ENODEV);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_watch(NULL, &w), -ENODEV);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(NULL, 0), -ENODEV);
}

UK_TESTCASE(xen_xenstore, error_names_map_to_errnos)
{
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("ENOENT"), ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("EAGAIN"), EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("EACCES"), EACCES);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("E2BIG"), E2BIG);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("EPERM"), EPERM);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_errno("EWHATEVER"), EIO);
}

UK_TESTCASE(xen_xenstore, read_write_rm_directory_on_wrapping_rings)
{
	char buf[64];
	unsigned long v = 0;

	/* Indexes 40 bytes short of wrapping 2^32. */
	fakestore_init(&fs, 0xffffffd8U);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "device/vif/0/mac",
					    "00:16:3e:01:02:03"), 0);
	UK_TEST_EXPECT(fs.ring.req_prod < 0x100); /* wrapped */
	UK_TEST_EXPECT(strcmp(fakestore_get(&fs, "device/vif/0/mac"),
			      "00:16:3e:01:02:03") == 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "device/vif/0/mac", buf,
					   sizeof(buf)), 17);
	UK_TEST_EXPECT(strcmp(buf, "00:16:3e:01:02:03") == 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "device/vif/0/mac", buf,
					   17), -ERANGE);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "nothing", buf,
					   sizeof(buf)), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "forbidden", buf,
					   sizeof(buf)), -EACCES);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_printf(&fs.xs, 0, "device/vif/0/state",
					     "%d", 4), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read_uint(&fs.xs, 0, "device/vif/0/state",
						&v), 0);
	UK_TEST_EXPECT_UNUM_EQ(v, 4);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read_uint(&fs.xs, 0, "device/vif/0/mac",
						&v), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "device/vif/1", ""), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_directory(&fs.xs, 0, "device/vif/0", buf,
						sizeof(buf)), 2);
	UK_TEST_EXPECT(memcmp(buf, "mac\0state\0", 10) == 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_directory(&fs.xs, 0, "device/vif/0", buf,
						5), -ERANGE);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_rm(&fs.xs, 0, "device/vif/0/mac"), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_rm(&fs.xs, 0, "device/vif/0/mac"), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_directory(&fs.xs, 0, "device/vif/0", buf,
						sizeof(buf)), 1);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_directory(&fs.xs, 0, "nowhere", buf,
						sizeof(buf)), -ENOENT);
	/* Request ids differ; every request got its reply. */
	UK_TEST_EXPECT_UNUM_EQ(fs.requests, fs.xs.next_req_id - 1);
}

UK_TESTCASE(xen_xenstore, messages_larger_than_the_ring_in_pieces)
{
	static char big[3000], back[3001];

	for (unsigned int i = 0; i < sizeof(big) - 1; i++)
		big[i] = 'A' + i % 23;
	big[sizeof(big) - 1] = 0;
	fakestore_init(&fs, 0xfffffe00U);
	fs.trickle = 7; /* the store hands replies out 7 bytes at a time */
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "big", big), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "big", back, sizeof(back)),
			       (long)sizeof(big) - 1);
	UK_TEST_EXPECT(strcmp(back, big) == 0);
}

UK_TESTCASE(xen_xenstore, oversized_requests_and_replies_are_errors)
{
	static char path[XEN_XS_PAYLOAD_MAX + 2];
	char buf[8];

	fakestore_init(&fs, 0);
	memset(path, 'p', sizeof(path) - 1);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, path, buf, sizeof(buf)),
			       -ENAMETOOLONG);
	UK_TEST_EXPECT_UNUM_EQ(fs.requests, 0);
	/* A reply claiming more than the protocol allows. */
	fs.mute = 1;
	fakestore_send(&fs, XEN_XS_READ, 1, "x", 1);
	((struct xen_xs_msghdr *)fs.out)->len = XEN_XS_PAYLOAD_MAX + 1;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "a", buf, sizeof(buf)),
			       -EPROTO);
	/* The stream is lost: no more requests. */
	fs.mute = 0;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "a", buf, sizeof(buf)),
			       -EIO);
}

UK_TESTCASE(xen_xenstore, a_request_timing_out_half_written_ends_the_connection)
{
	static char big[2000];
	char buf[8];

	fakestore_init(&fs, 0);
	fs.xs.timeout = ukarch_time_msec_to_nsec(20);
	memset(big, 'b', sizeof(big) - 1);
	/* The store takes nothing from the request ring. */
	fs.xs.notify = stall_notify;
	fs.xs.wait = stall_wait;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "k", big), -ETIMEDOUT);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "k", buf, sizeof(buf)),
			       -EIO);
}

UK_TESTCASE(xen_xenstore, a_silent_store_times_out_and_late_replies_are_dropped)
{
	char buf[8];
	__nsec t0;

	fakestore_init(&fs, 0);
	fakestore_set(&fs, "k", "v");
	fs.xs.timeout = ukarch_time_msec_to_nsec(30);
	fs.mute = 1;
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "k", buf, sizeof(buf)),
			       -ETIMEDOUT);
	UK_TEST_EXPECT(ukplat_monotonic_clock() - t0 >=
		       ukarch_time_msec_to_nsec(30));
	/* The store answers request 1 late; request 2 still gets its own. */
	fs.mute = 0;
	fakestore_send(&fs, XEN_XS_READ, 1, "stale", 5);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "k", buf, sizeof(buf)), 1);
	UK_TEST_EXPECT(strcmp(buf, "v") == 0);
}

static int fired;
static char fired_path[64];

static void on_watch(struct xen_xs_watch *w, const char *path)
{
	fired++;
	(*(int *)w->arg)++;
	strncpy(fired_path, path, sizeof(fired_path) - 1);
}

UK_TESTCASE(xen_xenstore, watches_fire_and_events_wait_for_dispatch)
{
	static int calls;
	struct xen_xs_watch w = { .path = "backend/vif", .fn = on_watch,
				  .arg = &calls };
	char buf[8];

	fakestore_init(&fs, 0xffffff00U);
	fired = 0;
	UK_TEST_ASSERT_SNUM_EQ(xen_xs_watch(&fs.xs, &w), 0);
	/* The event sent on setting it came before the reply: queued. */
	UK_TEST_EXPECT_SNUM_EQ(fired, 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(&fs.xs, 0), 1);
	UK_TEST_EXPECT(strcmp(fired_path, "backend/vif") == 0);
	/* Events in the middle of other requests are kept for dispatch. */
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "backend/vif/0/state",
					    "2"), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "elsewhere", "2"), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "elsewhere", buf,
					   sizeof(buf)), 1);
	UK_TEST_EXPECT_SNUM_EQ(fired, 1);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(&fs.xs, 0), 1);
	UK_TEST_EXPECT(strcmp(fired_path, "backend/vif/0/state") == 0);
	UK_TEST_EXPECT_SNUM_EQ(calls, 2);
	/* Nothing more: a dispatch with a deadline comes back empty. */
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(&fs.xs, ukplat_monotonic_clock() +
					       ukarch_time_msec_to_nsec(5)), 0);
	/* More events than the queue holds: the extra are dropped, counted. */
	for (int i = 0; i < XEN_XS_EVENTS + 3; i++)
		fakestore_fire(&fs, "backend/vif/0/state");
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_read(&fs.xs, 0, "elsewhere", buf,
					   sizeof(buf)), 1);
	UK_TEST_EXPECT_UNUM_EQ(fs.xs.ev_dropped, 3);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(&fs.xs, 0), XEN_XS_EVENTS);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_unwatch(&fs.xs, &w), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_unwatch(&fs.xs, &w), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_write(&fs.xs, 0, "backend/vif/0/state",
					    "4"), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_dispatch(&fs.xs, 0), 0);
}

static int tx_body(struct xen_xs *xs, __u32 tx, void *arg)
{
	(*(int *)arg)++;
	return xen_xs_write(xs, tx, "device/vbd/0/ring-ref", "8");
}

static int tx_fails(struct xen_xs *xs __unused, __u32 tx __unused,
		    void *arg __unused)
{
	return -EINVAL;
}

UK_TESTCASE(xen_xenstore, transactions_are_retried_on_eagain)
{
	int runs = 0;
	__u32 tx = 0;

	fakestore_init(&fs, 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_transaction_start(&fs.xs, &tx), 0);
	UK_TEST_EXPECT_UNUM_EQ(tx, 7);
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_transaction_end(&fs.xs, tx, 1), 0);
	fs.eagain = 2;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_transaction(&fs.xs, tx_body, &runs, 5), 0);
	UK_TEST_EXPECT_SNUM_EQ(runs, 3);
	UK_TEST_EXPECT_UNUM_EQ(fs.tx_ends, 4);
	/* Out of tries: EAGAIN comes back. */
	runs = 0;
	fs.eagain = 5;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_transaction(&fs.xs, tx_body, &runs, 2),
			       -EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(runs, 2);
	/* The body's error aborts (an abort is not refused). */
	fs.eagain = 0;
	UK_TEST_EXPECT_SNUM_EQ(xen_xs_transaction(&fs.xs, tx_fails, NULL, 5),
			       -EINVAL);
}
