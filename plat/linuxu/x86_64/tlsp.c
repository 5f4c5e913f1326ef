/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu x86_64: the thread pointer is the FS base, set by arch_prctl. */
#include <uk/plat/tls.h>
#include <uk/assert.h>
#include <linuxu/syscall.h>

#define LINUX_ARCH_SET_FS 0x1002

void ukplat_tlsp_set(__uptr tp)
{
	long rc = linuxu_syscall2(__NR_arch_prctl, LINUX_ARCH_SET_FS, (long)tp);

	UK_ASSERT(rc == 0); /* tp is a canonical address */
}
