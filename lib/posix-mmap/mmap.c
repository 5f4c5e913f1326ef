/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Anonymous mappings: zeroed, page-aligned blocks of the default
 * allocator, remembered in a list so munmap and mremap can check what
 * they are given.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#define PAGE 4096UL

struct mapping {
	void *addr;
	size_t len; /* mapped now */
	size_t cap; /* allocated (a shrunk mapping keeps its block) */
	struct mapping *next;
};

static struct mapping *maps;

static long do_mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	struct mapping *m;
	void *p;

	(void)addr, (void)prot, (void)off;
	if (!len || len > ((size_t)1 << 46))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return -ENODEV; /* no file mappings */
	if (flags & MAP_FIXED)
		return -EINVAL; /* one address space: nothing to place */
	len = (len + PAGE - 1) & ~(PAGE - 1);
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	p = uk_memalign(uk_alloc_get_default(), PAGE, len);
	if (!p) {
		free(m);
		return -ENOMEM;
	}
	memset(p, 0, len);
	m->addr = p;
	m->len = len;
	m->cap = len;
	m->next = maps;
	maps = m;
	return (long)p;
}

UK_SYSCALL_R_DEFINE_RAW(mmap, void *, addr, size_t, len, int, prot, int,
			flags, int, fd, off_t, off)
{
	return do_mmap(addr, len, prot, flags, fd, off);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = do_mmap(addr, len, prot, flags, fd, off);

	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

UK_SYSCALL_R_DEFINE(int, munmap, void *, addr, size_t, len)
{
	struct mapping **pp, *m;

	if ((unsigned long)addr & (PAGE - 1) || !len)
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	for (pp = &maps; (m = *pp); pp = &m->next) {
		if (m->addr != addr)
			continue;
		if (m->len != len)
			return -EINVAL; /* partial unmaps are not supported */
		*pp = m->next;
		uk_free(uk_alloc_get_default(), m->addr);
		free(m);
		return 0;
	}
	return 0; /* nothing mapped there: not an error in POSIX */
}

UK_SYSCALL_R_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	(void)len, (void)prot;
	return (unsigned long)addr & (PAGE - 1) ? -EINVAL : 0;
}

static struct mapping *find(void *addr)
{
	struct mapping *m;

	for (m = maps; m; m = m->next) {
		if (m->addr == addr)
			return m;
	}
	return NULL;
}

/*
 * Resize the whole mapping at old (old_len long): shrink in place, grow
 * in place within its block, else move it (MREMAP_MAYMOVE) to a new
 * block with the contents copied. New bytes read as zero.
 */
static long do_mremap(void *old, size_t old_len, size_t new_len, int flags)
{
	struct mapping *m;
	void *p;

	if ((unsigned long)old & (PAGE - 1) || !new_len ||
	    new_len > ((size_t)1 << 46) || (flags & ~MREMAP_MAYMOVE))
		return -EINVAL; /* MREMAP_FIXED, _DONTUNMAP: not supported */
	old_len = (old_len + PAGE - 1) & ~(PAGE - 1);
	new_len = (new_len + PAGE - 1) & ~(PAGE - 1);
	m = find(old);
	if (!m)
		return -EFAULT; /* nothing mapped there */
	if (old_len != m->len)
		return -EINVAL; /* only whole mappings */
	if (new_len <= m->cap) {
		if (new_len > m->len)
			memset((char *)m->addr + m->len, 0, new_len - m->len);
		m->len = new_len;
		return (long)m->addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	p = uk_memalign(uk_alloc_get_default(), PAGE, new_len);
	if (!p)
		return -ENOMEM;
	memcpy(p, m->addr, m->len);
	memset((char *)p + m->len, 0, new_len - m->len);
	uk_free(uk_alloc_get_default(), m->addr);
	m->addr = p;
	m->len = new_len;
	m->cap = new_len;
	return (long)p;
}

UK_SYSCALL_R_DEFINE_RAW(mremap, void *, old, size_t, old_len, size_t, new_len,
			int, flags, void *, new_addr)
{
	(void)new_addr;
	return do_mremap(old, old_len, new_len, flags);
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	long r = do_mremap(old, old_len, new_len, flags);

	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}
