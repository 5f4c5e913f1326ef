/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mappings: zeroed, page-aligned blocks of the default allocator,
 * remembered in a list so munmap, msync and mremap can check what they
 * are given. One address space: there are no page tables to change.
 *
 * - anonymous: a zeroed block;
 * - a regular file (vfscore): a block filled from the file at mmap time;
 *   MAP_SHARED writable mappings also keep a copy of what was read, and
 *   msync and munmap write back the pages that differ from it (never
 *   past the file's end): the file sees the mapping's changes then, not
 *   at each store, and the mapping does not see later write()s;
 * - a shared memory object (shm.c): the object's own memory, so every
 *   mapping of it and read/write through descriptors see the same bytes.
 *
 * The list is changed with interrupts off (one CPU).
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/file.h>
#include <uk/plat/lcpu.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "mmap_internal.h"

struct mapping {
	void *addr;
	size_t len;            /* mapped now */
	size_t cap;            /* allocated (a shrunk mapping keeps its block) */
	struct uk_file *file;  /* a file mapping holds a reference */
	off_t off;             /* where in the file it starts */
	void *shadow;          /* MAP_SHARED file: the contents last synced */
	struct shm_object *shm; /* a shared memory object's own memory */
	struct mapping *next;
};

static struct mapping *maps;

static void *block(size_t len)
{
	void *p = uk_memalign(uk_alloc_get_default(), PAGE, len);

	if (p)
		memset(p, 0, len);
	return p;
}

static void unblock(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

static void add(struct mapping *m)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	m->next = maps;
	maps = m;
	ukplat_lcpu_restore_irqf(flags);
}

/* The mapping that starts at addr, taken off the list if take. */
static struct mapping *find(void *addr, int take)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct mapping **pp, *m;

	for (pp = &maps; (m = *pp); pp = &m->next) {
		if (m->addr == addr) {
			if (take)
				*pp = m->next;
			break;
		}
	}
	ukplat_lcpu_restore_irqf(flags);
	return m;
}

/* The mapping holding [addr, addr + len), or NULL. */
static struct mapping *containing(void *addr, size_t len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct mapping *m;
	char *a = addr;

	for (m = maps; m; m = m->next) {
		char *s = m->addr;

		if (a >= s && a + len <= s + m->len)
			break;
	}
	ukplat_lcpu_restore_irqf(flags);
	return m;
}

/* Read len bytes of f at off into buf (the rest stays zero). */
static int fill(struct uk_file *f, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = f->ops->read(f, (char *)buf + done, len - done,
					 off + (off_t)done);

		if (r < 0)
			return (int)r;
		if (r == 0)
			break; /* the end of the file */
		done += (size_t)r;
	}
	return 0;
}

/*
 * Write back the pages of [from, from + len) of a MAP_SHARED file
 * mapping that differ from the shadow, up to the file's end.
 */
static int write_back(struct mapping *m, size_t from, size_t len)
{
	struct stat st;
	size_t at, end;
	int rc;

	if (!m->shadow)
		return 0;
	rc = m->file->ops->fstat(m->file, &st);
	if (rc < 0)
		return rc;
	end = from + len;
	if (st.st_size <= m->off)
		return 0;
	if ((off_t)end > st.st_size - m->off)
		end = (size_t)(st.st_size - m->off);
	for (at = from; at < end; at += PAGE) {
		size_t n = end - at < PAGE ? end - at : PAGE;
		char *cur = (char *)m->addr + at, *old = (char *)m->shadow + at;
		ssize_t w;

		if (!memcmp(cur, old, n))
			continue;
		w = m->file->ops->write(m->file, cur, n, m->off + (off_t)at);
		if (w < 0)
			return (int)w;
		memcpy(old, cur, n);
	}
	return 0;
}

/*
 * The file at fd checked for a mapping with prot and flags: a new
 * reference in *fp, or a negative errno in POSIX's order (EBADF, then
 * EACCES, then ENODEV).
 */
static int map_file(int fd, int prot, int flags, struct uk_file **fp)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int acc, rc = 0;
	struct stat st;

	if (!f)
		return -EBADF;
	acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		rc = -EACCES; /* every mapping reads */
	else if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && acc != O_RDWR)
		rc = -EACCES;
	else if (!uk_shm_is_object(f) &&
		 (f->ops->fstat(f, &st) < 0 || !S_ISREG(st.st_mode) ||
		  !f->ops->read || !f->ops->write))
		rc = -ENODEV; /* pipes, sockets, devices */
	if (rc < 0) {
		uk_file_put(f);
		return rc;
	}
	*fp = f;
	return 0;
}

static long do_mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE);
	struct uk_file *f = NULL;
	struct mapping *m;
	int rc;

	(void)addr;
	if (!len || len > ((size_t)1 << 46) || (off & (off_t)(PAGE - 1)) ||
	    off < 0 || (type != MAP_SHARED && type != MAP_PRIVATE) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (flags & MAP_FIXED)
		return -EINVAL; /* one address space: nothing to place */
	if (!(flags & MAP_ANONYMOUS)) {
		rc = map_file(fd, prot, flags, &f);
		if (rc < 0)
			return rc;
	}
	len = (len + PAGE - 1) & ~(PAGE - 1);
	m = calloc(1, sizeof(*m));
	if (!m)
		goto nomem;
	m->len = m->cap = len;
	m->off = off;
	if (f && uk_shm_is_object(f)) {
		m->addr = uk_shm_map(f, (size_t)off, len);
		if (!m->addr) {
			free(m);
			uk_file_put(f);
			return -ENXIO; /* beyond what the object can hold */
		}
		m->shm = f->priv;
		m->file = f;
		add(m);
		return (long)m->addr;
	}
	m->addr = block(len);
	if (!m->addr)
		goto nomem;
	if (f) {
		m->file = f;
		rc = fill(f, m->addr, len, off);
		if (rc == 0 && type == MAP_SHARED && (prot & PROT_WRITE)) {
			m->shadow = uk_malloc(uk_alloc_get_default(), len);
			if (!m->shadow)
				rc = -ENOMEM;
			else
				memcpy(m->shadow, m->addr, len);
		}
		if (rc < 0) {
			unblock(m->addr);
			free(m);
			uk_file_put(f);
			return rc;
		}
	}
	add(m);
	return (long)m->addr;
nomem:
	free(m);
	if (f)
		uk_file_put(f);
	return -ENOMEM;
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

/* Write back, let the file go and free a mapping taken off the list. */
static int unmap(struct mapping *m)
{
	int rc = 0;

	if (m->shm) {
		uk_shm_unmap(m->file);
	} else {
		if (m->file)
			rc = write_back(m, 0, m->len);
		unblock(m->addr);
		if (m->shadow)
			uk_free(uk_alloc_get_default(), m->shadow);
	}
	if (m->file)
		uk_file_put(m->file);
	free(m);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, munmap, void *, addr, size_t, len)
{
	struct mapping *m;

	if ((unsigned long)addr & (PAGE - 1) || !len)
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	m = find(addr, 0);
	if (!m)
		return 0; /* nothing mapped there: not an error in POSIX */
	if (m->len != len)
		return -EINVAL; /* partial unmaps are not supported */
	m = find(addr, 1);
	if (!m)
		return 0; /* another thread unmapped it meanwhile */
	unmap(m);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, msync, void *, addr, size_t, len, int, flags)
{
	struct mapping *m;
	size_t from;

	if ((unsigned long)addr & (PAGE - 1) ||
	    (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	m = containing(addr, len ? len : 1);
	if (!m)
		return -ENOMEM; /* not all of it is mapped */
	if (!m->file || m->shm)
		return 0;
	from = (size_t)((char *)addr - (char *)m->addr);
	/* MS_ASYNC too writes at once: there is no writer to schedule. */
	return write_back(m, from, len);
}

UK_SYSCALL_R_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	(void)len;
	if ((unsigned long)addr & (PAGE - 1) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	return 0;
}

/* Locking pages in memory: nothing is ever paged out. */
UK_SYSCALL_R_DEFINE(int, mlock, const void *, addr, size_t, len)
{
	(void)addr, (void)len;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, munlock, const void *, addr, size_t, len)
{
	(void)addr, (void)len;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, munlockall)
{
	return 0;
}

UK_SYSCALL_R_DEFINE(int, madvise, void *, addr, size_t, len, int, advice)
{
	(void)len;
	if ((unsigned long)addr & (PAGE - 1) || advice < 0 ||
	    (advice > POSIX_MADV_DONTNEED && advice != MADV_FREE))
		return -EINVAL;
	return 0; /* advice only */
}

int posix_madvise(void *addr, size_t len, int advice)
{
	(void)len;
	if ((unsigned long)addr & (PAGE - 1) || advice < 0 ||
	    advice > POSIX_MADV_DONTNEED)
		return EINVAL;
	return 0;
}

/*
 * Resize the whole mapping at old (old_len long): shrink in place, grow
 * in place within its block, else move it (MREMAP_MAYMOVE) to a new
 * block with the contents copied. New bytes read as zero. Anonymous
 * mappings only.
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
	m = find(old, 0);
	if (!m)
		return -EFAULT; /* nothing mapped there */
	if (old_len != m->len || m->file)
		return -EINVAL; /* only whole anonymous mappings */
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
	unblock(m->addr);
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
