/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu guard pages: mprotect on our own mappings. */
#include <uk/plat/pageguard.h>
#include <uk/arch/lcpu.h>
#include <linuxu/syscall.h>
#include <errno.h>

#define LINUX_PROT_NONE 0x0

static int protect(void *addr, __sz len, int prot)
{
	if (!IS_ALIGNED((__uptr)addr, __PAGE_SIZE) ||
	    !IS_ALIGNED(len, __PAGE_SIZE))
		return -EINVAL;
	return (int)linuxu_syscall3(__NR_mprotect, (long)addr, (long)len,
				    prot);
}

int ukplat_page_guard(void *addr, __sz len)
{
	return protect(addr, len, LINUX_PROT_NONE);
}

int ukplat_page_unguard(void *addr, __sz len)
{
	return protect(addr, len, LINUX_PROT_READ | LINUX_PROT_WRITE);
}
