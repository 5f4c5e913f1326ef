/* SPDX-License-Identifier: BSD-3-Clause */
/* ukplat_random_bytes on linuxu: the host kernel's getrandom(2). */
#include <uk/plat/random.h>
#include <linuxu/syscall.h>
#include <errno.h>

int ukplat_random_bytes(void *buf, __sz len)
{
	__u8 *p = buf;

	while (len) {
		long n = linuxu_syscall3(__NR_getrandom, (long)p, (long)len, 0);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			return -ENODEV; /* a kernel without getrandom (before 3.17) */
		p += n;
		len -= (__sz)n;
	}
	return 0;
}
