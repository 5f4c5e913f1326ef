/* SPDX-License-Identifier: BSD-3-Clause */
/* Split virtqueues, driver side (see uk/virtio/virtqueue.h). */
#include <uk/virtio/virtqueue.h>
#include <uk/arch/lcpu.h>
#include <uk/assert.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#define DESC_NONE 0xffff

/* The ring fields the device writes: read them once, as they are now. */
#define READ_ONCE16(x) (*(const volatile __u16 *)&(x))
#define WRITE_ONCE16(x, v) (*(volatile __u16 *)&(x) = (v))

__sz virtq_mem_size(unsigned int num)
{
	return virtq_used_off(num) +
	       ALIGN_UP(6 + 8 * (__sz)num, (__sz)VIRTQ_ALIGN);
}

int virtq_init(struct virtq *vq, __u16 index, void *mem, unsigned int num,
	       void **cookies, int event_idx)
{
	if (!num || num > 32768 || (num & (num - 1)) || !mem || !cookies)
		return -EINVAL;
	memset(mem, 0, virtq_mem_size(num));
	*vq = (struct virtq){
		.num = (__u16)num,
		.index = index,
		.nfree = (__u16)num,
		.event_idx = event_idx,
		.cb_enabled = 1,
		.desc = mem,
		.avail = (struct virtq_avail *)((char *)mem +
						virtq_avail_off(num)),
		.used = (struct virtq_used *)((char *)mem +
					      virtq_used_off(num)),
		.cookie = cookies,
		.mem = mem,
	};
	/* Free descriptors chain through next; the last ends the list. */
	for (unsigned int i = 0; i < num; i++) {
		vq->desc[i].next = (__u16)(i + 1 < num ? i + 1 : DESC_NONE);
		cookies[i] = NULL;
	}
	return 0;
}

int virtq_add(struct virtq *vq, const struct virtq_seg *segs,
	      unsigned int nout, unsigned int nin, void *cookie)
{
	unsigned int n = nout + nin;
	__u16 head = vq->free_head, i = head, last = head;

	if (!n || !cookie)
		return -EINVAL;
	if (n > vq->nfree)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];

		d->addr = (__u64)(__uptr)segs[k].addr;
		d->len = segs[k].len;
		d->flags = (k < nout ? 0 : VIRTQ_DESC_F_WRITE) |
			   (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->nfree = (__u16)(vq->nfree - n);
	vq->cookie[head] = cookie;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	/* The descriptors and the ring entry before the index that shows
	 * them. */
	wmb();
	vq->avail_idx++;
	WRITE_ONCE16(vq->avail->idx, vq->avail_idx);
	return 0;
}

int virtq_kick_needed(struct virtq *vq)
{
	__u16 old = vq->kicked_idx, now = vq->avail_idx;
	int need;

	/* Our index is out before we read what the device wants. */
	mb();
	if (vq->event_idx)
		need = virtq_need_event(READ_ONCE16(*virtq_avail_event(vq)),
					now, old);
	else
		need = !(READ_ONCE16(vq->used->flags) &
			 VIRTQ_USED_F_NO_NOTIFY);
	vq->kicked_idx = now;
	return need && now != old;
}

int virtq_has_used(const struct virtq *vq)
{
	return READ_ONCE16(vq->used->idx) != vq->last_used;
}

/* Put the chain at head back on the free list. */
static void free_chain(struct virtq *vq, __u16 head)
{
	__u16 i = head, n = 1;

	while (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->nfree = (__u16)(vq->nfree + n);
	UK_ASSERT(vq->nfree <= vq->num);
}

void *virtq_get(struct virtq *vq, __u32 *len)
{
	struct virtq_used_elem *e;
	__u16 head;
	void *cookie;

	if (!virtq_has_used(vq))
		return NULL;
	/* The index before the entry it covers. */
	rmb();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	head = (__u16)e->id;
	UK_ASSERT(head < vq->num && vq->cookie[head]);
	if (len)
		*len = e->len;
	cookie = vq->cookie[head];
	vq->cookie[head] = NULL;
	free_chain(vq, head);
	vq->last_used++;
	if (vq->event_idx && vq->cb_enabled)
		WRITE_ONCE16(*virtq_used_event(vq), vq->last_used);
	return cookie;
}

int virtq_enable_cb(struct virtq *vq)
{
	vq->cb_enabled = 1;
	if (vq->event_idx)
		WRITE_ONCE16(*virtq_used_event(vq), vq->last_used);
	else
		WRITE_ONCE16(vq->avail->flags, 0);
	/* Our request is out before we look at the used index again. */
	mb();
	return virtq_has_used(vq);
}

void virtq_disable_cb(struct virtq *vq)
{
	vq->cb_enabled = 0;
	/* With event indexes, an event the device has already passed. */
	if (vq->event_idx)
		WRITE_ONCE16(*virtq_used_event(vq), (__u16)(vq->last_used - 1));
	else
		WRITE_ONCE16(vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
}
