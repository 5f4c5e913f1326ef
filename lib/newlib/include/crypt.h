/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crypt(): password hashing is not part of the image's C library; crypt
 * returns NULL with errno ENOSYS (lib/newlib/crypt.c), which callers treat
 * as a failed hash.
 */
#ifndef _TESSERA_CRYPT_H
#define _TESSERA_CRYPT_H

char *crypt(const char *key, const char *salt);

#endif
