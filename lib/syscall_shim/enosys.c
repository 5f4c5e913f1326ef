/* SPDX-License-Identifier: BSD-3-Clause */
/* Unimplemented calls: ENOSYS, and one message per name. */
#include <uk/syscall.h>
#include <uk/print.h>

#define TOLD_MAX 64

long uk_syscall_enosys(const char *name)
{
	static char told[TOLD_MAX][24];
	static unsigned int ntold;
	unsigned int i;

	for (i = 0; i < ntold; i++)
		if (!__builtin_strncmp(told[i], name, sizeof(told[i]) - 1))
			return -ENOSYS;
	if (ntold < TOLD_MAX) {
		__builtin_strncpy(told[ntold], name, sizeof(told[0]) - 1);
		ntold++;
	}
	uk_pr_warn("%s is not implemented (ENOSYS)\n", name);
	return -ENOSYS;
}
