/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside posix-mmap: what mmap.c asks of the shared memory objects. */
#ifndef POSIX_MMAP_INTERNAL_H
#define POSIX_MMAP_INTERNAL_H

#include <uk/file.h>

#define PAGE 4096UL

struct shm_object;

/* Whether f is a shared memory object (shm_open). */
int uk_shm_is_object(struct uk_file *f);

/*
 * The object's memory at off for len bytes, for a mapping (it stays in
 * place until uk_shm_unmap); NULL if the object cannot hold that much
 * (it grows only while nothing maps it).
 */
void *uk_shm_map(struct uk_file *f, size_t off, size_t len);

/* A mapping of f is gone. */
void uk_shm_unmap(struct uk_file *f);

#endif
