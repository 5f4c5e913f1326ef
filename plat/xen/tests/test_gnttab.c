/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Grant tables under Xen: the table set up, grants given and ended with
 * the entry's flags as the protocol wants them, an access Xen holds
 * (GTF_reading / GTF_writing) blocking the end, exhaustion an error, and
 * Xen itself copying through a grant (GNTTABOP_copy), which it refuses
 * for a grant to another domain or an ended one.
 */
#include <uk/test.h>
#include <xen/gnttab.h>
#include <xen/hypercall.h>
#include <uk/print.h>
#include <errno.h>
#include <string.h>

static int copy_from_grant(xen_grant_ref_t ref, void *dst, unsigned int len)
{
	struct xen_gnttab_copy op = {
		.source = { .u.ref = ref, .domid = XEN_DOMID_SELF },
		.dest = { .u.gmfn = xen_virt_to_frame(dst),
			  .domid = XEN_DOMID_SELF,
			  .offset = (__uptr)dst & 4095 },
		.len = len,
		.flags = XEN_GNTCOPY_SOURCE_GREF,
	};
	long rc = xen_hypercall(XEN_HC_GRANT_TABLE_OP, XEN_GNTTABOP_COPY,
				(unsigned long)&op, 1, 0, 0);

	return rc < 0 ? (int)rc : op.status;
}

UK_TESTCASE(xen_gnttab, table_is_set_up_with_the_reserved_refs_kept)
{
	UK_TEST_ASSERT_SNUM_EQ(xen_gnttab_init(), 0);
	UK_TEST_EXPECT(xen_gnttab_nr_refs() >= XEN_GNTTAB_PER_FRAME);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_nr_refs() % XEN_GNTTAB_PER_FRAME, 0);
	/* Other tests (blkfront's) may hold grants for good. */
	UK_TEST_EXPECT(xen_gnttab_nr_free() <=
		       xen_gnttab_nr_refs() - XEN_GNTTAB_RESERVED);
	UK_TEST_EXPECT(xen_gnttab_nr_free() >= XEN_GNTTAB_PER_FRAME);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_init(), 0); /* once */
}

UK_TESTCASE(xen_gnttab, grants_set_and_clear_the_entry_flags)
{
	static __u8 page[4096] __align(4096);
	unsigned int nfree;
	struct xen_grant_entry_v1 e;
	int rw, ro;

	UK_TEST_ASSERT_SNUM_EQ(xen_gnttab_init(), 0);
	nfree = xen_gnttab_nr_free();
	rw = xen_gnttab_grant_access(0, xen_virt_to_frame(page), 0);
	ro = xen_gnttab_grant_access(5, xen_virt_to_frame(page), 1);
	UK_TEST_ASSERT(rw >= XEN_GNTTAB_RESERVED && ro >= XEN_GNTTAB_RESERVED);
	UK_TEST_EXPECT(rw != ro);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_nr_free(), nfree - 2);
	e = xen_gnttab_entry(rw);
	UK_TEST_EXPECT_UNUM_EQ(e.flags, XEN_GTF_PERMIT_ACCESS);
	UK_TEST_EXPECT_UNUM_EQ(e.domid, 0);
	UK_TEST_EXPECT_UNUM_EQ(e.frame, (__uptr)page >> 12);
	e = xen_gnttab_entry(ro);
	UK_TEST_EXPECT_UNUM_EQ(e.flags, XEN_GTF_PERMIT_ACCESS | XEN_GTF_READONLY);
	UK_TEST_EXPECT_UNUM_EQ(e.domid, 5);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(rw), 0);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_entry(rw).flags, 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(rw), -EINVAL); /* twice */
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ro), 0);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_nr_free(), nfree);
	/* Reserved and out-of-range refs are not ours to end. */
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(1), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(xen_gnttab_nr_refs()),
			       -EINVAL);
	/* A frame number a v1 entry cannot hold. */
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_grant_access(0, 1ULL << 32, 0),
			       -EINVAL);
}

UK_TESTCASE(xen_gnttab, access_in_use_cannot_end)
{
	static __u8 page[4096] __align(4096);
	volatile struct xen_grant_entry_v1 *ent;
	int ref = xen_gnttab_grant_access(0, xen_virt_to_frame(page), 0);

	UK_TEST_ASSERT_SNUM_EQ(xen_gnttab_init(), 0);
	UK_TEST_ASSERT(ref >= XEN_GNTTAB_RESERVED);
	ent = xen_gnttab_entry_ptr(ref);
	/* What Xen does while the other domain has the page mapped. */
	ent->flags |= XEN_GTF_WRITING;
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), -EBUSY);
	UK_TEST_EXPECT_UNUM_EQ(ent->flags,
			       XEN_GTF_PERMIT_ACCESS | XEN_GTF_WRITING);
	ent->flags &= ~XEN_GTF_WRITING;
	ent->flags |= XEN_GTF_READING;
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), -EBUSY);
	ent->flags &= ~XEN_GTF_READING;
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), 0);
	UK_TEST_EXPECT_UNUM_EQ(ent->flags, 0);
}

UK_TESTCASE(xen_gnttab, exhaustion_is_enospc_and_refs_come_back)
{
	static __u16 refs[8192];
	unsigned int nfree, n = 0;
	int ref;

	UK_TEST_ASSERT_SNUM_EQ(xen_gnttab_init(), 0);
	nfree = xen_gnttab_nr_free();
	UK_TEST_ASSERT(nfree <= ARRAY_SIZE(refs));
	while ((ref = xen_gnttab_grant_access(0, 1234, 1)) >= 0)
		refs[n++] = ref;
	UK_TEST_EXPECT_SNUM_EQ(ref, -ENOSPC);
	UK_TEST_EXPECT_UNUM_EQ(n, nfree);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_nr_free(), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_grant_access(0, 1234, 1), -ENOSPC);
	for (unsigned int i = 0; i < n; i++)
		UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(refs[i]), 0);
	UK_TEST_EXPECT_UNUM_EQ(xen_gnttab_nr_free(), nfree);
	ref = xen_gnttab_grant_access(0, 1234, 1);
	UK_TEST_EXPECT(ref >= XEN_GNTTAB_RESERVED);
	UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), 0);
}

UK_TESTCASE(xen_gnttab, xen_copies_through_a_grant_to_us_only)
{
	static __u8 src[4096] __align(4096);
	static __u8 dst[4096] __align(4096);
	struct xen_grant_entry_v1 e;
	int ref, ours = -1, copies = 0;

	UK_TEST_ASSERT_SNUM_EQ(xen_gnttab_init(), 0);
	memcpy(src + 100, "granted bytes", 14);
	/*
	 * A grant to domain d, copied by us: Xen copies only when d is our
	 * own id (1 for xen-guest's first dom0less domain, 0 for a dom0), so
	 * exactly one of these works.
	 */
	for (int d = 0; d < 8; d++) {
		ref = xen_gnttab_grant_access(d, xen_virt_to_frame(src), 1);
		UK_TEST_ASSERT(ref >= XEN_GNTTAB_RESERVED);
		memset(dst, 0, sizeof(dst));
		if (copy_from_grant(ref, dst + 8, 114) == XEN_GNTST_OKAY) {
			copies++;
			ours = d;
			UK_TEST_EXPECT(memcmp(dst + 108, "granted bytes", 14) == 0);
			/* Xen set and cleared GTF_reading during the copy. */
			e = xen_gnttab_entry(ref);
			UK_TEST_EXPECT_UNUM_EQ(e.flags, XEN_GTF_PERMIT_ACCESS |
							XEN_GTF_READONLY);
			UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), 0);
			/* Ended: Xen refuses the same copy. */
			UK_TEST_EXPECT(copy_from_grant(ref, dst, 16) < 0);
		} else {
			UK_TEST_EXPECT_SNUM_EQ(xen_gnttab_end_access(ref), 0);
		}
	}
	UK_TEST_EXPECT_SNUM_EQ(copies, 1);
	uk_pr_info("xen_gnttab: our domain id is %d\n", ours);
}
