/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The HVM params of a dom0less domain (no console page, no store: the
 * console stays on console_io), and the PV console ring's index
 * arithmetic against a ring in memory (wrapping 32-bit indexes, a full
 * ring, a consumer freeing room, corrupt indexes).
 */
#include <uk/test.h>
#include <xen/consring.h>
#include <xen/hvm.h>
#include <string.h>

UK_TESTCASE(xen_hvm, dom0less_domain_has_no_console_or_store_page)
{
	const struct xen_pv_params *pv = xen_pv_params();
	__u64 v = 99;

	UK_TEST_EXPECT_SNUM_EQ(xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_PFN, &v),
			       0);
	UK_TEST_EXPECT_UNUM_EQ(v, 0);
	UK_TEST_EXPECT_SNUM_EQ(pv->err, 0);
	UK_TEST_EXPECT_UNUM_EQ(pv->console_pfn, 0);
	UK_TEST_EXPECT_UNUM_EQ(pv->console_evtchn, 0);
	UK_TEST_EXPECT_UNUM_EQ(pv->store_pfn, 0);
	UK_TEST_EXPECT_UNUM_EQ(pv->store_evtchn, 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_pvcons_present(), 0);
	/* An index Xen does not have is its error, not a value. */
	UK_TEST_EXPECT(xen_hvm_get_param(100000, &v) < 0);
}

static struct xen_cons_interface r;

UK_TESTCASE(xen_consring, output_wraps_fills_and_resumes)
{
	static char big[XEN_CONS_OUT_SIZE + 10];
	__u32 start = 0xfffffff0U;

	for (unsigned int i = 0; i < sizeof(big); i++)
		big[i] = 'a' + i % 26;
	r.out_cons = r.out_prod = start;
	UK_TEST_EXPECT_UNUM_EQ(xen_cons_ring_put(&r, "xyz", 3), 3);
	UK_TEST_EXPECT_UNUM_EQ(r.out_prod, start + 3);
	UK_TEST_EXPECT(memcmp(&r.out[XEN_CONS_OUT_SIZE - 16], "xyz", 3) == 0);
	/* Full: only the room there is. */
	UK_TEST_EXPECT_UNUM_EQ(xen_cons_ring_put(&r, big, sizeof(big)),
			       XEN_CONS_OUT_SIZE - 3);
	UK_TEST_EXPECT_UNUM_EQ(r.out_prod - r.out_cons, XEN_CONS_OUT_SIZE);
	UK_TEST_EXPECT_UNUM_EQ(r.out_prod, 0x7f0); /* wrapped past 2^32 */
	UK_TEST_EXPECT_UNUM_EQ(xen_cons_ring_put(&r, "q", 1), 0);
	/* The 16th byte put after "xyz" sits at the start of the ring. */
	UK_TEST_EXPECT_UNUM_EQ(r.out[0], big[13]);
	/* The other end consumed 100 bytes: room for 100. */
	r.out_cons += 100;
	UK_TEST_EXPECT_UNUM_EQ(xen_cons_ring_put(&r, big, 150), 100);
	/* Indexes further apart than the ring: nothing written. */
	r.out_cons = r.out_prod - XEN_CONS_OUT_SIZE - 1;
	UK_TEST_EXPECT_UNUM_EQ(xen_cons_ring_put(&r, "q", 1), 0);
}

UK_TESTCASE(xen_consring, input_wraps_and_corrupt_indexes_are_dropped)
{
	char buf[16];

	r.in_cons = 0xfffffffeU;
	r.in_prod = 0xfffffffeU + 5;
	r.in[XEN_CONS_IN_SIZE - 2] = 'h';
	r.in[XEN_CONS_IN_SIZE - 1] = 'e';
	memcpy(&r.in[0], "llo", 3);
	UK_TEST_EXPECT_SNUM_EQ(xen_cons_ring_get(&r, buf, 2), 2);
	UK_TEST_EXPECT(memcmp(buf, "he", 2) == 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_cons_ring_get(&r, buf, sizeof(buf)), 3);
	UK_TEST_EXPECT(memcmp(buf, "llo", 3) == 0);
	UK_TEST_EXPECT_UNUM_EQ(r.in_cons, 3);
	UK_TEST_EXPECT_SNUM_EQ(xen_cons_ring_get(&r, buf, sizeof(buf)), 0);
	r.in_prod = r.in_cons + XEN_CONS_IN_SIZE + 1;
	UK_TEST_EXPECT_SNUM_EQ(xen_cons_ring_get(&r, buf, sizeof(buf)), -1);
	UK_TEST_EXPECT_UNUM_EQ(r.in_cons, r.in_prod);
}
