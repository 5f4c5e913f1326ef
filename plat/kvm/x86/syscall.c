/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The syscall instruction in ring 0: EFER.SCE on, LSTAR = the entry
 * (syscall_entry.S), STAR = our own code selector (SYSCALL loads CS from
 * STAR[47:32] and SS from the selector after it, which is how the kvm
 * platform's GDT is laid out), FMASK clears only TF, DF and AC. The entry
 * calls kvm_x86_syscall_handler.
 */
#include <uk/plat/syscall.h>
#include <uk/arch/cpu.h>
#include <errno.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE (1UL << 0)
#define RFLAGS_TF (1UL << 8)
#define RFLAGS_DF (1UL << 10)
#define RFLAGS_AC (1UL << 18)

void kvm_x86_syscall_entry(void);
ukplat_syscall_handler_t kvm_x86_syscall_handler;

int ukplat_syscall_handler_set(ukplat_syscall_handler_t handler)
{
	__u16 cs, ss;

	if (kvm_x86_syscall_handler)
		return -EBUSY;
	__asm__ __volatile__("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	if (ss != cs + 8 && ss != 0)
		return -ENOTSUP; /* SYSCALL would load a wrong SS */
	kvm_x86_syscall_handler = handler;
	ukarch_wrmsr(MSR_STAR, (__u64)cs << 32);
	ukarch_wrmsr(MSR_LSTAR, (__u64)(__uptr)kvm_x86_syscall_entry);
	ukarch_wrmsr(MSR_FMASK, RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	ukarch_wrmsr(X86_MSR_EFER, ukarch_rdmsr(X86_MSR_EFER) | EFER_SCE);
	return 0;
}
