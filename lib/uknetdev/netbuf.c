/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network buffer pools: count buffers allocated at once, each a struct
 * uk_netbuf followed by its data, on a free list guarded with interrupts
 * masked (drivers free transmitted buffers from interrupt handlers).
 */
#include <uk/netbuf.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/spinlock.h>
#include <stddef.h>

struct uk_netbuf_pool {
	struct uk_spinlock lock;
	struct uk_netbuf *free;
	unsigned int count, nfree;
	__u32 bufsize, headroom;
};

#define DATA_ALIGN 64

struct uk_netbuf_pool *uk_netbuf_pool_create(unsigned int count,
					     __u32 bufsize, __u32 headroom)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_netbuf_pool *pool;
	__sz hdr = ALIGN_UP(sizeof(struct uk_netbuf), DATA_ALIGN);
	__sz stride = hdr + ALIGN_UP(bufsize, DATA_ALIGN);
	char *mem;

	if (!a || !count || headroom >= bufsize)
		return NULL;
	pool = uk_malloc(a, sizeof(*pool));
	if (!pool)
		return NULL;
	mem = uk_memalign(a, DATA_ALIGN, stride * count);
	if (!mem) {
		uk_free(a, pool);
		return NULL;
	}
	uk_spin_init(&pool->lock);
	pool->free = NULL;
	pool->count = pool->nfree = count;
	pool->bufsize = bufsize;
	pool->headroom = headroom;
	for (unsigned int i = count; i-- > 0;) {
		struct uk_netbuf *nb = (struct uk_netbuf *)(mem + i * stride);

		nb->buf = (char *)nb + hdr;
		nb->buflen = bufsize;
		nb->pool = pool;
		nb->dtor = NULL;
		nb->next = pool->free;
		pool->free = nb;
	}
	return pool;
}

unsigned int uk_netbuf_pool_size(const struct uk_netbuf_pool *pool)
{
	return pool->count;
}

unsigned int uk_netbuf_pool_free_count(const struct uk_netbuf_pool *pool)
{
	return pool->nfree;
}

static void reset(struct uk_netbuf_pool *pool, struct uk_netbuf *nb)
{
	nb->next = NULL;
	nb->data = (char *)nb->buf + pool->headroom;
	nb->len = 0;
	nb->flags = 0;
	nb->csum_start = nb->csum_offset = 0;
	nb->priv = NULL;
}

unsigned int uk_netbuf_alloc_many(struct uk_netbuf_pool *pool,
				  struct uk_netbuf **bufs, unsigned int n)
{
	unsigned long flags;
	unsigned int got = 0;

	flags = uk_spin_lock_irqsave(&pool->lock);
	while (got < n && pool->free) {
		bufs[got] = pool->free;
		pool->free = pool->free->next;
		got++;
	}
	pool->nfree -= got;
	uk_spin_unlock_irqrestore(&pool->lock, flags);
	for (unsigned int i = 0; i < got; i++)
		reset(pool, bufs[i]);
	return got;
}

struct uk_netbuf *uk_netbuf_alloc(struct uk_netbuf_pool *pool)
{
	struct uk_netbuf *nb;

	return uk_netbuf_alloc_many(pool, &nb, 1) ? nb : NULL;
}

void uk_netbuf_free(struct uk_netbuf *nb)
{
	while (nb) {
		struct uk_netbuf *next = nb->next;
		struct uk_netbuf_pool *pool = nb->pool;

		if (pool) {
			unsigned long flags = uk_spin_lock_irqsave(&pool->lock);

			UK_ASSERT(pool->nfree < pool->count);
			nb->next = pool->free;
			pool->free = nb;
			pool->nfree++;
			uk_spin_unlock_irqrestore(&pool->lock, flags);
		} else if (nb->dtor) {
			nb->next = NULL;
			nb->dtor(nb);
		}
		nb = next;
	}
}

void uk_netbuf_wrap(struct uk_netbuf *nb, void *buf, __u32 buflen,
		    void *data, __u32 len, uk_netbuf_dtor_t dtor, void *priv)
{
	UK_ASSERT((char *)data >= (char *)buf &&
		  (char *)data + len <= (char *)buf + buflen);
	nb->next = NULL;
	nb->buf = buf;
	nb->buflen = buflen;
	nb->data = data;
	nb->len = len;
	nb->flags = 0;
	nb->csum_start = nb->csum_offset = 0;
	nb->pool = NULL;
	nb->dtor = dtor;
	nb->priv = priv;
}
