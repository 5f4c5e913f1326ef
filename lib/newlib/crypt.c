/* SPDX-License-Identifier: BSD-3-Clause */
/* crypt: no password hashing in the image; a clean failure (ENOSYS). */
#include <crypt.h>
#include <errno.h>
#include <stddef.h>

char *crypt(const char *key, const char *salt)
{
	(void)key;
	(void)salt;
	errno = ENOSYS;
	return NULL;
}
