/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory mappings (posix-mmap; Linux's flag values): anonymous memory,
 * regular files, shared memory objects; see doc/posix-and-vfs.md.
 */
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

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define POSIX_MADV_NORMAL 0
#define POSIX_MADV_RANDOM 1
#define POSIX_MADV_SEQUENTIAL 2
#define POSIX_MADV_WILLNEED 3
#define POSIX_MADV_DONTNEED 4

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
/*
 * Write a MAP_SHARED file mapping's changed pages back to the file
 * (MS_ASYNC too, at once); ENOMEM if the range is not mapped.
 */
int msync(void *addr, size_t len, int flags);
/* Nothing is ever paged out: these succeed and do nothing. */
int mlock(const void *addr, size_t len);
int munlock(const void *addr, size_t len);
int mlockall(int flags);
int munlockall(void);
int madvise(void *addr, size_t len, int advice);
int posix_madvise(void *addr, size_t len, int advice);
/* Shared memory objects: named files in memory (FD_CLOEXEC set). */
int shm_open(const char *name, int oflag, mode_t mode);
int shm_unlink(const char *name);
/*
 * Resize a whole anonymous mapping; with MREMAP_MAYMOVE it may move.
 * MREMAP_FIXED and MREMAP_DONTUNMAP are not supported (EINVAL).
 */
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags,
	     ...);

#endif
