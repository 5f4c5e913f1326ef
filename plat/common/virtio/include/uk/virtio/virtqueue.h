/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.x, section 2.7): a descriptor table, the
 * driver's available ring and the device's used ring, in one block of
 * memory laid out as legacy devices require (the used ring on the next
 * 4 KiB boundary), so one layout serves every transport.
 *
 * The driver side only: buffers go in as chains of descriptors
 * (virtq_add), the device is told (virtq_kick_needed, then the
 * transport's notify), and buffers come back with the length the device
 * wrote (virtq_get). Descriptors are ring memory the device reads, so
 * addresses are physical: this platform maps memory one to one.
 *
 * With VIRTIO_RING_F_EVENT_IDX (event = 1 at virtq_init) notifications in
 * both directions are suppressed by the event indexes, otherwise by the
 * ring flags. Nothing here locks: one user at a time per queue; the
 * interrupt handler may call virtq_has_used and virtq_disable_cb.
 */
#ifndef UK_VIRTIO_VIRTQUEUE_H
#define UK_VIRTIO_VIRTQUEUE_H

#include <uk/essentials.h>

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1
#define VIRTQ_ALIGN 4096

struct virtq_desc {
	__u64 addr;
	__u32 len;
	__u16 flags;
	__u16 next;
};

struct virtq_avail {
	__u16 flags;
	__u16 idx;
	__u16 ring[]; /* then used_event */
};

struct virtq_used_elem {
	__u32 id;
	__u32 len;
};

struct virtq_used {
	__u16 flags;
	__u16 idx;
	struct virtq_used_elem ring[]; /* then avail_event */
};

struct virtq {
	__u16 num;        /* entries (a power of two) */
	__u16 index;      /* queue number on the device */
	__u16 nfree;      /* descriptors free */
	__u16 free_head;  /* first free descriptor */
	__u16 avail_idx;  /* our copy of avail->idx */
	__u16 kicked_idx; /* avail_idx when the device was last told */
	__u16 last_used;  /* next used entry to take */
	int event_idx;    /* VIRTIO_RING_F_EVENT_IDX negotiated */
	int cb_enabled;   /* we asked for interrupts */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void **cookie;    /* per chain head: what virtq_get returns */
	void *mem;        /* the ring block (virtq_mem_size bytes) */
	void *priv;       /* the transport's */
};

/* One buffer of a chain. */
struct virtq_seg {
	void *addr;
	__u32 len;
};

/* Bytes of ring memory (4 KiB aligned) for num entries. */
__sz virtq_mem_size(unsigned int num);

/* Offsets of the rings in that memory. */
static inline __sz virtq_avail_off(unsigned int num)
{
	return 16 * (__sz)num;
}

static inline __sz virtq_used_off(unsigned int num)
{
	return ALIGN_UP(virtq_avail_off(num) + 6 + 2 * (__sz)num,
			(__sz)VIRTQ_ALIGN);
}

/*
 * Lay out a queue of num entries (a power of two, at most 32768) in
 * mem (virtq_mem_size(num) bytes, zeroed here) with cookie space for
 * num pointers. Interrupts start enabled. Returns 0, or -EINVAL.
 */
int virtq_init(struct virtq *vq, __u16 index, void *mem, unsigned int num,
	       void **cookies, int event_idx);

/*
 * Queue one chain: nout device-readable segments, then nin
 * device-writable ones (at least one in all); cookie (not NULL) comes
 * back from virtq_get. The chain is visible to the device at once; tell
 * it with virtq_kick_needed. Returns 0, -ENOSPC if fewer than nout + nin
 * descriptors are free, -EINVAL for an empty chain or NULL cookie.
 */
int virtq_add(struct virtq *vq, const struct virtq_seg *segs,
	      unsigned int nout, unsigned int nin, void *cookie);

/*
 * Must the device be notified of the chains added since the last call?
 * (1/0; it takes the answer as done: call the transport's notify on 1.)
 */
int virtq_kick_needed(struct virtq *vq);

/* Has the device returned chains not taken yet? (1/0) */
int virtq_has_used(const struct virtq *vq);

/*
 * The next chain the device returned: its cookie, and the bytes it
 * wrote in *len (len may be NULL); its descriptors are free again. NULL
 * when there is none.
 */
void *virtq_get(struct virtq *vq, __u32 *len);

/*
 * Ask for an interrupt when the device returns the next chain; returns 1
 * if chains came back meanwhile (take them: no interrupt may come for
 * those), else 0.
 */
int virtq_enable_cb(struct virtq *vq);

/* Ask for no interrupts (a hint: one may still arrive). */
void virtq_disable_cb(struct virtq *vq);

/*
 * Event index rule (2.7.7.2, 2.7.10.2): with the index moved from old to
 * new, has it passed event? Pure.
 */
static inline int virtq_need_event(__u16 event, __u16 new_idx, __u16 old)
{
	return (__u16)(new_idx - event - 1) < (__u16)(new_idx - old);
}

/* The event fields after each ring. */
static inline __u16 *virtq_used_event(const struct virtq *vq)
{
	return &vq->avail->ring[vq->num];
}

static inline __u16 *virtq_avail_event(const struct virtq *vq)
{
	return (__u16 *)&vq->used->ring[vq->num];
}
#endif
