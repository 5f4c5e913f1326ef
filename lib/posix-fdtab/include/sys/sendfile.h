/* SPDX-License-Identifier: BSD-3-Clause */
/* sendfile (Linux), implemented by posix-fdtab. */
#ifndef _TESSERA_SYS_SENDFILE_H
#define _TESSERA_SYS_SENDFILE_H

#include <sys/types.h>

ssize_t sendfile(int out, int in, off_t *off, size_t count);

#endif
