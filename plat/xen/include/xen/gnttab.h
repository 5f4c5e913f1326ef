/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Grant tables, version 1: the domain's table of pages it lets another
 * domain (a backend in dom0, xenconsoled, xenstored) map or copy. The
 * numbers and layouts are those of Xen's public interface
 * (grant_table.h, memory.h), written out here.
 *
 * An entry is {flags, domid, frame}. The granting domain writes domid
 * and frame, then (after a write barrier) flags = GTF_permit_access
 * [| GTF_readonly]. Xen sets GTF_reading / GTF_writing while the other
 * domain has the page mapped or is copying; access ends by changing flags
 * to 0 with a compare-and-swap that fails while either bit is set.
 */
#ifndef XEN_GNTTAB_H
#define XEN_GNTTAB_H

#include <uk/essentials.h>

#define XEN_HC_GRANT_TABLE_OP 20

#define XEN_GNTTABOP_COPY 5
#define XEN_GNTTABOP_QUERY_SIZE 6
#define XEN_MAPSPACE_GRANT_TABLE 1
#define XEN_GNTCOPY_SOURCE_GREF 1
#define XEN_GNTCOPY_DEST_GREF 2

/* Entry flags. */
#define XEN_GTF_PERMIT_ACCESS 0x0001
#define XEN_GTF_TYPE_MASK 0x0003
#define XEN_GTF_READONLY 0x0004
#define XEN_GTF_READING 0x0008
#define XEN_GTF_WRITING 0x0010

/* Refs 0-7 are reserved (0: the console page, 1: the xenstore page). */
#define XEN_GNTTAB_RESERVED 8
#define XEN_GNTTAB_PER_FRAME (4096 / 8)

/* GNTST_* statuses of grant-table operations. */
#define XEN_GNTST_OKAY 0
#define XEN_GNTST_PERMISSION_DENIED (-8)

typedef __u32 xen_grant_ref_t;

struct xen_grant_entry_v1 {
	__u16 flags;
	__u16 domid;
	__u32 frame;
};

struct xen_gnttab_query_size {
	__u16 dom;
	__u32 nr_frames;     /* out */
	__u32 max_nr_frames; /* out */
	__s16 status;        /* out: GNTST_* */
};

/* GNTTABOP_copy (arm64: xen_pfn_t is 64-bit). */
struct xen_gnttab_copy_ptr {
	union {
		xen_grant_ref_t ref;
		__u64 gmfn;
	} u;
	__u16 domid;
	__u16 offset;
};

struct xen_gnttab_copy {
	struct xen_gnttab_copy_ptr source, dest;
	__u16 len;
	__u16 flags;  /* XEN_GNTCOPY_* */
	__s16 status; /* out: GNTST_* */
};

/*
 * Map the table's frames (GNTTABOP_query_size, then XENMEM_add_to_physmap
 * with XENMAPSPACE_grant_table for each, over pages of the image) and
 * build the free list of refs. Returns 0 or a negative errno (Xen's for a
 * failed hypercall). Once; later calls return the first result.
 */
int xen_gnttab_init(void);

/*
 * Let domid access the page with frame number frame (a guest physical
 * address >> 12), read-only if readonly. Returns the ref (>= 8), -ENOSPC
 * when every ref is in use, -ENODEV if the table is not set up. Any
 * context.
 */
int xen_gnttab_grant_access(__u16 domid, __u64 frame, int readonly);

/*
 * End the access ref gave: 0 (the ref is free again), -EBUSY while the
 * other domain still has the page mapped or is copying it (try again
 * later; the grant stays), -EINVAL for a ref that is not granted. Any
 * context.
 */
int xen_gnttab_end_access(xen_grant_ref_t ref);

/* The frame number of the page at a virtual address (identity map). */
static inline __u64 xen_virt_to_frame(const void *p)
{
	return (__uptr)p >> 12;
}

/* For tests and diagnostics: refs the table has, refs free, an entry. */
unsigned int xen_gnttab_nr_refs(void);
unsigned int xen_gnttab_nr_free(void);
struct xen_grant_entry_v1 xen_gnttab_entry(xen_grant_ref_t ref);
/* For tests: the entry itself (to play the other domain's part). */
volatile struct xen_grant_entry_v1 *xen_gnttab_entry_ptr(xen_grant_ref_t ref);
#endif
