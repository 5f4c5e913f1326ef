/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu x86_64: the thread pointer is the FS base. Where the host kernel
 * lets user space write it (HWCAP2_FSGSBASE in the auxiliary vector:
 * Linux 5.9+ on CPUs with FSGSBASE) that is one WRFSBASE instruction;
 * elsewhere it is an arch_prctl system call. The instruction must not be
 * used without that bit even where it happens to execute: a kernel that
 * did not enable it for us restores its own idea of the base.
 */
#include <uk/plat/tls.h>
#include <uk/assert.h>
#include <linuxu/setup.h>
#include <linuxu/syscall.h>

#define LINUX_ARCH_SET_FS 0x1002
#define LINUX_AT_HWCAP2 26
#define LINUX_HWCAP2_FSGSBASE (1UL << 1)

static int use_wrfsbase = -1; /* -1: not probed yet */

/* The auxiliary vector follows the environment's NULL. */
static int host_allows_wrfsbase(void)
{
	char **e = linuxu_envp;
	unsigned long *aux;

	while (*e)
		e++;
	for (aux = (unsigned long *)(e + 1); aux[0]; aux += 2)
		if (aux[0] == LINUX_AT_HWCAP2)
			return !!(aux[1] & LINUX_HWCAP2_FSGSBASE);
	return 0;
}

void ukplat_tlsp_set(__uptr tp)
{
	long rc;

	if (unlikely(use_wrfsbase < 0))
		use_wrfsbase = host_allows_wrfsbase();
	if (use_wrfsbase) {
		__asm__ __volatile__("wrfsbase %0" ::"r"(tp) : "memory");
		return;
	}
	rc = linuxu_syscall2(__NR_arch_prctl, LINUX_ARCH_SET_FS, (long)tp);
	UK_ASSERT(rc == 0); /* tp is a canonical address */
}
