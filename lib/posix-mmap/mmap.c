/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mappings: zeroed, page-aligned blocks of the default allocator,
 * remembered in a list so munmap, msync and mremap can check what they
 * are given; munmap may cut any pages out of mappings. One address
 * space: there are no page tables to change.
 *
 * - anonymous: a zeroed block;
 * - a regular file, MAP_PRIVATE: a block filled from the file at mmap
 *   time (later changes of the file do not show);
 * - a regular file, MAP_SHARED: the file's own mapped pages (the file's
 *   map operation; vfscore keeps one set per file, lib/vfscore/mapped.c),
 *   so every MAP_SHARED mapping of the file and every read() and write()
 *   of it see the same bytes at once; msync and munmap write the changed
 *   pages back to the file system;
 * - a shared memory object (shm.c): the object's own memory, so every
 *   mapping of it and read/write through descriptors see the same bytes.
 *
 * Two MAP_SHARED mappings of the same pages (of a file or an object) are
 * at the same address, one address space having no page tables to alias
 * pages. munmap takes one mapping off each page range it is given: the
 * most recent mapping there, and an older one at the same place only for
 * pages no newer one covered.
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

/*
 * What mappings show: a block of memory and where it came from. Several
 * mappings share one when munmap cut a hole in the middle of one.
 */
struct backing {
	void *mem;              /* page-aligned */
	size_t cap;             /* allocated (a shrunk mapping keeps it) */
	struct uk_file *file;   /* a file mapping holds a reference */
	off_t off;              /* the file offset of mem[0] */
	int shm;                /* mem is a shared memory object's own */
	int shared;             /* mem is the file's mapped pages (f->ops->map) */
	unsigned int refs;      /* mappings using it */
};

struct mapping {
	void *addr;
	size_t len;             /* mapped now, a multiple of PAGE */
	struct backing *b;
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

/* The mapping that starts at addr. */
static struct mapping *find(void *addr)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct mapping *m;

	for (m = maps; m && m->addr != addr; m = m->next)
		;
	ukplat_lcpu_restore_irqf(flags);
	return m;
}

/* Page ranges munmap has taken out so far in one call. */
#define MAX_SPANS 16
struct spans {
	int n;
	struct {
		char *s, *t;
	} r[MAX_SPANS];
};

static int taken(const struct spans *sp, char *s, char *t)
{
	for (int i = 0; i < sp->n; i++)
		if (sp->r[i].s <= s && t <= sp->r[i].t)
			return 1;
	return 0;
}

/*
 * The most recent mapping with a page in [a, a + len) whose part there
 * munmap has not taken out of another mapping already (an alias: the
 * same pages mapped twice), or NULL.
 */
static struct mapping *overlapping(char *a, size_t len, const struct spans *sp)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct mapping *m;

	for (m = maps; m; m = m->next) {
		char *s = m->addr;

		if (a < s + m->len && s < a + len &&
		    !taken(sp, MAX(a, s), MIN(a + len, s + m->len)))
			break;
	}
	ukplat_lcpu_restore_irqf(flags);
	return m;
}

/* The mapping holding all of [addr, addr + len), or NULL. */
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
 * Write back the changed pages of [from, from + len) of mapping m
 * (offsets in the mapping) to the file system, up to the file's end:
 * MAP_SHARED file mappings only.
 */
static int write_back(struct mapping *m, size_t from, size_t len)
{
	struct backing *b = m->b;

	if (!b->shared)
		return 0;
	return b->file->ops->map_sync(b->file, (char *)m->addr + from, len);
}

/* One mapping fewer uses b: the last one frees it. */
static void backing_put(struct backing *b)
{
	if (--b->refs)
		return;
	if (b->shm)
		uk_shm_unmap(b->file);
	else if (b->shared)
		b->file->ops->unmap(b->file, b->mem);
	else
		unblock(b->mem);
	if (b->file)
		uk_file_put(b->file);
	free(b);
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
		  !f->ops->read || !f->ops->write ||
		  ((flags & MAP_SHARED) && !f->ops->map)))
		rc = -ENODEV; /* pipes, sockets, devices */
	if (rc < 0) {
		uk_file_put(f);
		return rc;
	}
	*fp = f;
	return 0;
}

/* Fill b's memory for file f (b->off, b->cap set); 0 or a negative errno. */
static int map_backing(struct backing *b, struct uk_file *f, int type)
{
	int rc;

	if (uk_shm_is_object(f)) {
		b->mem = uk_shm_map(f, (size_t)b->off, b->cap);
		if (!b->mem)
			return -ENXIO; /* beyond what the object can hold */
		b->shm = 1;
		return 0;
	}
	if (type == MAP_SHARED) {
		rc = f->ops->map(f, b->off, b->cap, &b->mem);
		if (rc == 0)
			b->shared = 1;
		return rc;
	}
	b->mem = block(b->cap);
	if (!b->mem)
		return -ENOMEM;
	rc = fill(f, b->mem, b->cap, b->off);
	if (rc < 0) {
		unblock(b->mem);
		b->mem = NULL;
	}
	return rc;
}

static long do_mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE);
	struct uk_file *f = NULL;
	struct mapping *m;
	struct backing *b;
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
	b = calloc(1, sizeof(*b));
	rc = m && b ? 0 : -ENOMEM;
	if (!rc) {
		b->cap = len;
		b->off = off;
		b->refs = 1;
		if (f)
			rc = map_backing(b, f, type);
		else if (!(b->mem = block(len)))
			rc = -ENOMEM;
	}
	if (rc < 0) {
		free(m);
		free(b);
		if (f)
			uk_file_put(f);
		return rc;
	}
	b->file = f;
	m->addr = b->mem;
	m->len = len;
	m->b = b;
	add(m);
	return (long)m->addr;
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

/*
 * Take [s, t) out of mapping m: what is left on either side stays mapped
 * (a hole in the middle makes a second mapping, spare, on the same
 * backing). Returns m if nothing of it is left (taken off the list).
 */
static struct mapping *cut(struct mapping *m, char *s, char *t,
			   struct mapping *spare)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	char *ms = m->addr, *me = ms + m->len;
	struct mapping **pp;

	if (s > ms && t < me) {
		spare->addr = t;
		spare->len = (size_t)(me - t);
		spare->b = m->b;
		m->b->refs++;
		m->len = (size_t)(s - ms);
		spare->next = maps;
		maps = spare;
		m = NULL;
	} else if (s > ms) {
		m->len = (size_t)(s - ms);
		m = NULL;
	} else if (t < me) {
		m->addr = t;
		m->len = (size_t)(me - t);
		m = NULL;
	} else {
		for (pp = &maps; *pp != m; pp = &(*pp)->next)
			;
		*pp = m->next;
	}
	ukplat_lcpu_restore_irqf(flags);
	return m;
}

/*
 * Unmap every page of [addr, addr + len): whole mappings, their ends or
 * their middles; MAP_SHARED file pages are written back first. Pages
 * where nothing is mapped are not an error.
 */
UK_SYSCALL_R_DEFINE(int, munmap, void *, addr, size_t, len)
{
	struct mapping *m, *spare = NULL, *gone;
	struct spans sp = { 0 };
	char *a = addr, *e;

	if ((unsigned long)addr & (PAGE - 1) || !len || len > ((size_t)1 << 46))
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	e = a + len;
	while ((m = overlapping(a, len, &sp))) {
		char *s = MAX(a, (char *)m->addr);
		char *t = MIN(e, (char *)m->addr + m->len);

		if (sp.n < MAX_SPANS) {
			sp.r[sp.n].s = s;
			sp.r[sp.n++].t = t;
		}

		if (!spare && !(spare = calloc(1, sizeof(*spare))))
			return -ENOMEM;
		write_back(m, (size_t)(s - (char *)m->addr), (size_t)(t - s));
		gone = cut(m, s, t, spare);
		if (spare->b)
			spare = NULL; /* used for the part after the hole */
		if (gone) {
			backing_put(gone->b);
			free(gone);
		}
	}
	free(spare);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, msync, void *, addr, size_t, len, int, flags)
{
	struct mapping *m;

	if ((unsigned long)addr & (PAGE - 1) ||
	    (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	m = containing(addr, len ? len : 1);
	if (!m)
		return -ENOMEM; /* not all of it is mapped */
	/* MS_ASYNC too writes at once: there is no writer to schedule. */
	return write_back(m, (size_t)((char *)addr - (char *)m->addr), len);
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
	struct backing *b;
	void *p;

	if ((unsigned long)old & (PAGE - 1) || !new_len ||
	    new_len > ((size_t)1 << 46) || (flags & ~MREMAP_MAYMOVE))
		return -EINVAL; /* MREMAP_FIXED, _DONTUNMAP: not supported */
	old_len = (old_len + PAGE - 1) & ~(PAGE - 1);
	new_len = (new_len + PAGE - 1) & ~(PAGE - 1);
	m = find(old);
	if (!m)
		return -EFAULT; /* nothing mapped there */
	b = m->b;
	if (old_len != m->len || b->file || b->refs != 1 || m->addr != b->mem)
		return -EINVAL; /* only whole anonymous mappings */
	if (new_len <= b->cap) {
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
	unblock(b->mem);
	b->mem = p;
	b->cap = new_len;
	m->addr = p;
	m->len = new_len;
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
