/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intrusive doubly linked circular lists. Embed a struct uk_list_head in
 * the element; the list itself is a struct uk_list_head that points to
 * itself when empty. No allocation, no locking: callers serialise.
 */
#ifndef UK_LIST_H
#define UK_LIST_H

#include <uk/essentials.h>

struct uk_list_head {
	struct uk_list_head *next, *prev;
};

#define UK_LIST_HEAD_INIT(name) { &(name), &(name) }
#define UK_LIST_HEAD(name) struct uk_list_head name = UK_LIST_HEAD_INIT(name)

static inline void uk_list_init(struct uk_list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline int uk_list_empty(const struct uk_list_head *h)
{
	return h->next == h;
}

static inline void __uk_list_insert(struct uk_list_head *n,
				    struct uk_list_head *prev,
				    struct uk_list_head *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}

/* Insert n right after h (at the front of list h). */
static inline void uk_list_add(struct uk_list_head *n, struct uk_list_head *h)
{
	__uk_list_insert(n, h, h->next);
}

/* Insert n right before h (at the end of list h). */
static inline void uk_list_add_tail(struct uk_list_head *n,
				    struct uk_list_head *h)
{
	__uk_list_insert(n, h->prev, h);
}

/* Unlink n; n points to itself afterwards (uk_list_empty(n) is true). */
static inline void uk_list_del(struct uk_list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	uk_list_init(n);
}

#define uk_list_entry(ptr, type, member) __containerof(ptr, type, member)
#define uk_list_first_entry(h, type, member)                                   \
	uk_list_entry((h)->next, type, member)

#define uk_list_for_each_entry(pos, h, member)                                 \
	for (pos = uk_list_entry((h)->next, __typeof__(*pos), member);         \
	     &pos->member != (h);                                              \
	     pos = uk_list_entry(pos->member.next, __typeof__(*pos), member))

/* The same, safe against removal of pos (n is scratch). */
#define uk_list_for_each_entry_safe(pos, n, h, member)                         \
	for (pos = uk_list_entry((h)->next, __typeof__(*pos), member),         \
	    n = uk_list_entry(pos->member.next, __typeof__(*pos), member);     \
	     &pos->member != (h);                                              \
	     pos = n,                                                          \
	    n = uk_list_entry(n->member.next, __typeof__(*n), member))

#endif
