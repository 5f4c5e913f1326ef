/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux's errno numbers, as a host system call (linuxu) or a 9P2000.L
 * server's Rlerror gives them, turned into this image's (newlib's differ
 * from 35 on; nolibc's are Linux's). A number without a counterpart
 * becomes EIO.
 */
#ifndef UK_ERRNO_LINUX_H
#define UK_ERRNO_LINUX_H

#include <errno.h>

static inline int uk_errno_from_linux(int lx)
{
	static const struct {
		short lx, ours;
	} map[] = {
		{ 35, EDEADLK },   { 36, ENAMETOOLONG }, { 37, ENOLCK },
		{ 38, ENOSYS },    { 39, ENOTEMPTY },    { 40, ELOOP },
		{ 61, ENODATA },   { 71, EPROTO },       { 74, EBADMSG },
		{ 75, EOVERFLOW }, { 84, EILSEQ },       { 95, EOPNOTSUPP },
		{ 110, ETIMEDOUT }, { 116, ESTALE },     { 122, EDQUOT },
		{ 125, ECANCELED },
	};

	if (lx > 0 && lx <= 34)
		return lx; /* the same everywhere */
	for (unsigned int i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].lx == lx)
			return map[i].ours;
	return EIO;
}
#endif
