/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef _TESSERA_SYS_RANDOM_H
#define _TESSERA_SYS_RANDOM_H

#include <sys/types.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
int getentropy(void *buf, size_t len);

#endif
