/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File system statistics, Linux's structure. The declarations only: no
 * library of the tree implements statfs yet (programs that use it, such as
 * nginx, are built without it).
 */
#ifndef _TESSERA_SYS_STATFS_H
#define _TESSERA_SYS_STATFS_H

#include <sys/types.h>

typedef struct {
	int __val[2];
} fsid_t;

struct statfs {
	long f_type;
	long f_bsize;
	unsigned long f_blocks;
	unsigned long f_bfree;
	unsigned long f_bavail;
	unsigned long f_files;
	unsigned long f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
