/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hands the platform the handler of the syscall instruction: Linux's
 * calling convention in, syscall_shim's table through uk_syscall_linux
 * (linux_abi.c), Linux's results out. The instruction itself (MSRs, the
 * entry code) is the platform's: <uk/plat/syscall.h>.
 */
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/syscall.h>

long uk_syscall_linux(long nr, long a1, long a2, long a3, long a4, long a5,
		      long a6);

static int syscall_insn_init(void)
{
	int rc = ukplat_syscall_handler_set(uk_syscall_linux);

	if (rc < 0)
		uk_pr_err("the syscall instruction is not taken (%d): raw system calls will fault\n",
			  rc);
	return 0;
}
uk_plat_initcall_prio(syscall_insn_init, 9);
