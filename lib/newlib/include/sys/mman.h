/* SPDX-License-Identifier: BSD-3-Clause */
/* mmap and mremap of anonymous memory (Linux's flag values). */
#ifndef _TESSERA_SYS_MMAN_H
#define _TESSERA_SYS_MMAN_H

#include <sys/types.h>

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_FAILED ((void *)-1)

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
/*
 * Resize a whole anonymous mapping; with MREMAP_MAYMOVE it may move.
 * MREMAP_FIXED and MREMAP_DONTUNMAP are not supported (EINVAL).
 */
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags,
	     ...);

#endif
