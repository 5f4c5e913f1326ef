/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX shared memory objects (shm_open, shm_unlink): named files in
 * memory, kept in a list of this library (no file system needed). An
 * object is a page-aligned block of memory; read, write, ftruncate and
 * fstat work through its descriptors, and mmap hands out the block
 * itself, so every mapping and descriptor sees the same bytes. The block
 * can grow (ftruncate, write) only while nothing maps it. An unlinked
 * object lives on until its last descriptor and mapping are gone.
 *
 * The list and the objects' sizes change with interrupts off (one CPU).
 */
#include <uk/file.h>
#include <uk/alloc.h>
#include <uk/plat/lcpu.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "mmap_internal.h"

struct shm_object {
	struct shm_object *next;
	char *mem;             /* page-aligned block of cap bytes */
	size_t size;           /* the object's size (ftruncate) */
	size_t cap;
	unsigned int files;    /* open files (struct uk_file) on it */
	unsigned int maps;     /* mappings of its memory */
	int unlinked;
	mode_t mode;
	char name[NAME_MAX + 1];
};

static struct shm_object *objects;

static void forget(struct shm_object *o)
{
	struct shm_object **pp = &objects;

	while (*pp && *pp != o)
		pp = &(*pp)->next;
	if (*pp)
		*pp = o->next;
}

/* Free o if nothing refers to it any more (interrupts off). */
static int unused(struct shm_object *o)
{
	return o->unlinked && !o->files && !o->maps;
}

static void destroy(struct shm_object *o)
{
	if (o->mem)
		uk_free(uk_alloc_get_default(), o->mem);
	free(o);
}

/* Make room for need bytes; only while nothing maps the object. */
static int reserve(struct shm_object *o, size_t need)
{
	size_t cap = (need + PAGE - 1) & ~(PAGE - 1);
	char *mem;

	if (need <= o->cap)
		return 0;
	if (o->maps)
		return -EBUSY;
	if (need > ((size_t)1 << 40))
		return -EFBIG;
	mem = uk_memalign(uk_alloc_get_default(), PAGE, cap);
	if (!mem)
		return -ENOSPC;
	memset(mem, 0, cap);
	if (o->mem) {
		memcpy(mem, o->mem, o->size);
		uk_free(uk_alloc_get_default(), o->mem);
	}
	o->mem = mem;
	o->cap = cap;
	return 0;
}

static ssize_t shm_read(struct uk_file *f, void *buf, size_t len, off_t off)
{
	struct shm_object *o = f->priv;

	if (off < 0)
		return -EINVAL;
	if ((size_t)off >= o->size)
		return 0;
	if (len > o->size - (size_t)off)
		len = o->size - (size_t)off;
	memcpy(buf, o->mem + off, len);
	return (ssize_t)len;
}

static ssize_t shm_write(struct uk_file *f, const void *buf, size_t len,
			 off_t off)
{
	struct shm_object *o = f->priv;
	int rc;

	if (off < 0)
		return -EINVAL;
	rc = reserve(o, (size_t)off + len);
	if (rc < 0)
		return rc;
	memcpy(o->mem + off, buf, len);
	if ((size_t)off + len > o->size)
		o->size = (size_t)off + len;
	return (ssize_t)len;
}

static int shm_fstat(struct uk_file *f, struct stat *st)
{
	struct shm_object *o = f->priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | (o->mode & 07777);
	st->st_nlink = o->unlinked ? 0 : 1;
	st->st_size = (off_t)o->size;
	st->st_blksize = PAGE;
	st->st_blocks = (blkcnt_t)(o->cap / 512);
	return 0;
}

static int shm_truncate(struct uk_file *f, off_t len)
{
	struct shm_object *o = f->priv;
	int rc;

	if (len < 0)
		return -EINVAL;
	rc = reserve(o, (size_t)len);
	if (rc < 0)
		return rc;
	if ((size_t)len < o->size) /* bytes cut off read as zero if regrown */
		memset(o->mem + len, 0, o->size - (size_t)len);
	o->size = (size_t)len;
	return 0;
}

static void shm_release(struct uk_file *f)
{
	struct shm_object *o = f->priv;
	unsigned long flags = ukplat_lcpu_save_irqf();
	int gone;

	o->files--;
	gone = unused(o);
	ukplat_lcpu_restore_irqf(flags);
	if (gone)
		destroy(o);
}

static const struct uk_file_ops shm_ops = {
	.read = shm_read,
	.write = shm_write,
	.fstat = shm_fstat,
	.truncate = shm_truncate,
	.release = shm_release,
};

int uk_shm_is_object(struct uk_file *f)
{
	return f->ops == &shm_ops;
}

void *uk_shm_map(struct uk_file *f, size_t off, size_t len)
{
	struct shm_object *o = f->priv;
	unsigned long flags;

	if (reserve(o, off + len) < 0)
		return NULL;
	flags = ukplat_lcpu_save_irqf();
	o->maps++;
	ukplat_lcpu_restore_irqf(flags);
	return o->mem + off;
}

void uk_shm_unmap(struct uk_file *f)
{
	struct shm_object *o = f->priv;
	unsigned long flags = ukplat_lcpu_save_irqf();

	o->maps--;
	ukplat_lcpu_restore_irqf(flags);
	/* f's reference, dropped next by the caller, frees it if unused */
}

/* The name without its leading slashes, or NULL and errno set. */
static const char *check_name(const char *name)
{
	if (!name) {
		errno = EINVAL;
		return NULL;
	}
	while (*name == '/')
		name++;
	if (!*name || strchr(name, '/')) {
		errno = EINVAL;
		return NULL;
	}
	if (strlen(name) > NAME_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return name;
}

static struct shm_object *lookup(const char *name)
{
	struct shm_object *o;

	for (o = objects; o; o = o->next) {
		if (!strcmp(o->name, name))
			return o;
	}
	return NULL;
}

/* Create or find name; with a file reference counted. 0 or an errno. */
static int get_object(const char *name, int oflag, mode_t mode,
		      struct shm_object **op)
{
	struct shm_object *o, *fresh = calloc(1, sizeof(*fresh));
	unsigned long flags;
	int err = 0;

	flags = ukplat_lcpu_save_irqf();
	o = lookup(name);
	if (o && (oflag & O_CREAT) && (oflag & O_EXCL))
		err = EEXIST;
	else if (!o && !(oflag & O_CREAT))
		err = ENOENT;
	else if (!o && !fresh)
		err = ENOSPC;
	else if (!o) {
		o = fresh;
		fresh = NULL;
		strcpy(o->name, name);
		o->mode = mode & 07777;
		o->next = objects;
		objects = o;
	}
	if (!err)
		o->files++;
	ukplat_lcpu_restore_irqf(flags);
	free(fresh);
	*op = o;
	return err;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
	struct shm_object *o;
	struct uk_file *f;
	int acc = oflag & O_ACCMODE, fd, err;

	name = check_name(name);
	if (!name)
		return -1;
	if ((acc != O_RDONLY && acc != O_RDWR) ||
	    (oflag & ~(O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC))) {
		errno = EINVAL;
		return -1;
	}
	err = get_object(name, oflag, mode, &o);
	if (err) {
		errno = err;
		return -1;
	}
	f = uk_file_new(&shm_ops, o, acc, 1);
	if (!f) {
		unsigned long flags = ukplat_lcpu_save_irqf();
		int gone;

		o->files--;
		gone = unused(o);
		ukplat_lcpu_restore_irqf(flags);
		if (gone)
			destroy(o);
		errno = ENFILE;
		return -1;
	}
	if ((oflag & O_TRUNC) && acc == O_RDWR)
		shm_truncate(f, 0);
	fd = uk_fdtab_install(f, 0, 1); /* FD_CLOEXEC, as POSIX says */
	if (fd < 0) {
		uk_file_put(f);
		errno = -fd;
		return -1;
	}
	return fd;
}

int shm_unlink(const char *name)
{
	struct shm_object *o;
	unsigned long flags;
	int gone;

	name = check_name(name);
	if (!name)
		return -1;
	flags = ukplat_lcpu_save_irqf();
	o = lookup(name);
	if (o) {
		forget(o);
		o->unlinked = 1;
	}
	gone = o && unused(o);
	ukplat_lcpu_restore_irqf(flags);
	if (!o) {
		errno = ENOENT;
		return -1;
	}
	if (gone)
		destroy(o);
	return 0;
}
