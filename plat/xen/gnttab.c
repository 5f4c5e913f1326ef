/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Grant tables (version 1). The table's frames are mapped over pages of
 * the image's bss (XENMEM_add_to_physmap, XENMAPSPACE_grant_table: Xen
 * puts its frame where the guest page was), as the shared-info page is.
 * Free refs are kept in a singly linked list threaded through an array,
 * protected by masking interrupts (one vCPU).
 */
#include <xen/gnttab.h>
#include <xen/hypercall.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include <errno.h>
#include <stddef.h>

#define FRAMES CONFIG_XEN_GNTTAB_FRAMES
#define REFS (FRAMES * XEN_GNTTAB_PER_FRAME)
#define END 0xffffffffU

UK_CTASSERT(sizeof(struct xen_grant_entry_v1) == 8);
UK_CTASSERT(sizeof(struct xen_gnttab_query_size) == 16);
UK_CTASSERT(sizeof(struct xen_gnttab_copy) == 40);
UK_CTASSERT(offsetof(struct xen_gnttab_copy, len) == 32);

static __u8 table_pages[FRAMES * 4096] __align(4096);
static volatile struct xen_grant_entry_v1 *const table =
	(volatile struct xen_grant_entry_v1 *)table_pages;

static unsigned int nr_refs;  /* 0 until set up */
static unsigned int nr_free;
static xen_grant_ref_t free_head = END;
static xen_grant_ref_t next_free[REFS];

int xen_gnttab_init(void)
{
	static int done, result;
	struct xen_gnttab_query_size q = { .dom = XEN_DOMID_SELF };
	unsigned int frames;
	long rc;

	if (done)
		return result;
	done = 1;
	rc = xen_hypercall(XEN_HC_GRANT_TABLE_OP, XEN_GNTTABOP_QUERY_SIZE,
			   (unsigned long)&q, 1, 0, 0);
	if (rc < 0 || q.status != XEN_GNTST_OKAY) {
		uk_pr_err("xen: GNTTABOP_query_size failed: %ld (%s), status %d\n",
			  rc, xen_strerror(rc), q.status);
		return result = rc < 0 ? (int)rc : -EIO;
	}
	frames = MIN(q.max_nr_frames, (__u32)FRAMES);
	if (!frames) {
		uk_pr_err("xen: the domain may have no grant-table frame\n");
		return result = -ENODEV;
	}
	for (unsigned int i = 0; i < frames; i++) {
		struct xen_add_to_physmap map = {
			.domid = XEN_DOMID_SELF,
			.space = XEN_MAPSPACE_GRANT_TABLE,
			.idx = i,
			.gpfn = ((__uptr)table_pages >> 12) + i,
		};

		rc = xen_hypercall(XEN_HC_MEMORY_OP, XEN_XENMEM_ADD_TO_PHYSMAP,
				   (unsigned long)&map, 0, 0, 0);
		if (rc < 0) {
			uk_pr_err("xen: mapping grant-table frame %u failed: %ld (%s)\n",
				  i, rc, xen_strerror(rc));
			if (i == 0)
				return result = (int)rc;
			frames = i;
			break;
		}
	}
	/* Refs 0-7 are reserved; the rest are free, lowest first. */
	for (unsigned int r = frames * XEN_GNTTAB_PER_FRAME; r-- > XEN_GNTTAB_RESERVED;) {
		next_free[r] = free_head;
		free_head = r;
		nr_free++;
	}
	nr_refs = frames * XEN_GNTTAB_PER_FRAME;
	uk_pr_info("xen: grant table: %u frames (%u refs; Xen allows %u frames)\n",
		   frames, nr_refs, q.max_nr_frames);
	return result = 0;
}

int xen_gnttab_grant_access(__u16 domid, __u64 frame, int readonly)
{
	unsigned long flags;
	xen_grant_ref_t ref;

	if (!nr_refs)
		return -ENODEV;
	if (frame > 0xffffffffULL)
		return -EINVAL; /* a v1 entry holds 32 bits of frame number */
	flags = ukplat_lcpu_save_irqf();
	ref = free_head;
	if (ref != END) {
		free_head = next_free[ref];
		next_free[ref] = END;
		nr_free--;
	}
	ukplat_lcpu_restore_irqf(flags);
	if (ref == END)
		return -ENOSPC;
	table[ref].domid = domid;
	table[ref].frame = (__u32)frame;
	/* Xen must see domid and frame before the entry becomes valid. */
	wmb();
	table[ref].flags = XEN_GTF_PERMIT_ACCESS |
			   (readonly ? XEN_GTF_READONLY : 0);
	return (int)ref;
}

int xen_gnttab_end_access(xen_grant_ref_t ref)
{
	__u16 *fp;
	__u16 old;
	unsigned long flags;

	if (ref < XEN_GNTTAB_RESERVED || ref >= nr_refs)
		return -EINVAL;
	fp = (__u16 *)&table[ref].flags;
	old = __atomic_load_n(fp, __ATOMIC_ACQUIRE);
	do {
		if ((old & XEN_GTF_TYPE_MASK) != XEN_GTF_PERMIT_ACCESS)
			return -EINVAL;
		if (old & (XEN_GTF_READING | XEN_GTF_WRITING))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(fp, &old, 0, 0, __ATOMIC_SEQ_CST,
					      __ATOMIC_ACQUIRE));
	/* No access from here on: the ref goes back to the free list. */
	flags = ukplat_lcpu_save_irqf();
	next_free[ref] = free_head;
	free_head = ref;
	nr_free++;
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

unsigned int xen_gnttab_nr_refs(void)
{
	return nr_refs;
}

unsigned int xen_gnttab_nr_free(void)
{
	return nr_free;
}

struct xen_grant_entry_v1 xen_gnttab_entry(xen_grant_ref_t ref)
{
	struct xen_grant_entry_v1 e = { 0, 0, 0 };

	if (ref < nr_refs) {
		e.flags = table[ref].flags;
		e.domid = table[ref].domid;
		e.frame = table[ref].frame;
	}
	return e;
}

volatile struct xen_grant_entry_v1 *xen_gnttab_entry_ptr(xen_grant_ref_t ref)
{
	return ref < nr_refs ? &table[ref] : NULL;
}
