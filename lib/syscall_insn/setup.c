/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Point the syscall instruction at our entry: EFER.SCE on, LSTAR = the
 * entry, STAR = our own code selector (SYSCALL loads CS from STAR[47:32]
 * and SS from the selector after it, which is how the kvm platform's GDT
 * is laid out), FMASK clears only TF, DF and AC.
 */
#include <uk/init.h>
#include <uk/print.h>
#include <uk/arch/cpu.h>
#include <errno.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE (1UL << 0)
#define RFLAGS_TF (1UL << 8)
#define RFLAGS_DF (1UL << 10)
#define RFLAGS_AC (1UL << 18)

void uk_syscall_insn_entry(void);

static int syscall_insn_init(void)
{
	__u16 cs, ss;

	__asm__ __volatile__("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	if (ss != cs + 8 && ss != 0) {
		uk_pr_err("syscall instruction not set up: data selector %#x does not follow code selector %#x\n",
			  ss, cs);
		return 0;
	}
	ukarch_wrmsr(MSR_STAR, (__u64)cs << 32);
	ukarch_wrmsr(MSR_LSTAR, (__u64)(__uptr)uk_syscall_insn_entry);
	ukarch_wrmsr(MSR_FMASK, RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	ukarch_wrmsr(X86_MSR_EFER, ukarch_rdmsr(X86_MSR_EFER) | EFER_SCE);
	return 0;
}
uk_plat_initcall_prio(syscall_insn_init, 9);
