/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crash reports of synchronous exceptions (and of FIQ, SError and
 * interrupts where none may come). An exception of running thread code
 * that a library takes as a signal (<uk/plat/trap.h>, kvm/trap.h) goes to
 * its handler on the thread's stack. Every other one is fatal: the
 * report names it from the syndrome (ESR_EL1: exception class, fault
 * status, read or write), gives the fault address (FAR_EL1) and the
 * registers and a backtrace, then the machine stops with the crash
 * status. The one exception: an instruction of the kvm_fixup table that
 * the machine does not implement is skipped with -1 as its result.
 */
#include <kvm/arm64/traps.h>
#include <kvm/trap.h>
#include <kvm/arm64/boot.h>
#include <uk/arch/cpu.h>
#include <uk/crash.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <stddef.h>

extern const unsigned long __start_kvm_fixup[] __weak;
extern const unsigned long __stop_kvm_fixup[] __weak;

volatile int kvm_arm64_probe_trapped;

static int fixup(struct __regs *r)
{
	unsigned long ec = ARM64_ESR_EC(r->esr);

	if (ec != ARM64_EC_UNKNOWN && ec != ARM64_EC_HVC64 &&
	    ec != ARM64_EC_SMC64)
		return 0;
	for (const unsigned long *f = __start_kvm_fixup; f < __stop_kvm_fixup;
	     f++) {
		if (*f == r->pc) {
			r->x0 = (unsigned long)-1L;
			kvm_arm64_probe_trapped = 1;
			r->pc += 4;
			return 1;
		}
	}
	return 0;
}

static const char *class_name(unsigned long ec)
{
	switch (ec) {
	case ARM64_EC_UNKNOWN:
		return "undefined instruction";
	case ARM64_EC_WFX:
		return "trapped WFI/WFE";
	case ARM64_EC_FP_ACCESS:
		return "FP/SIMD access trapped";
	case ARM64_EC_ILLEGAL_STATE:
		return "illegal execution state";
	case ARM64_EC_BTI:
		return "branch target exception (an indirect branch to no "
		       "landing pad)";
	case ARM64_EC_FPAC:
		return "pointer authentication failure (a signed return "
		       "address was changed)";
	case ARM64_EC_SVC64:
		return "system call (SVC) in the kernel";
	case ARM64_EC_HVC64:
		return "hypervisor call (HVC)";
	case ARM64_EC_SMC64:
		return "secure monitor call (SMC)";
	case ARM64_EC_SYSREG:
		return "trapped system register access";
	case ARM64_EC_IABT_LOW:
	case ARM64_EC_IABT_CUR:
		return "instruction abort";
	case ARM64_EC_PC_ALIGN:
		return "misaligned PC";
	case ARM64_EC_DABT_LOW:
	case ARM64_EC_DABT_CUR:
		return "data abort";
	case ARM64_EC_SP_ALIGN:
		return "misaligned stack pointer";
	case ARM64_EC_FP_EXC64:
		return "floating-point exception";
	case ARM64_EC_SERROR:
		return "SError";
	case ARM64_EC_BRK64:
		return "breakpoint instruction (BRK)";
	}
	return "unknown exception class";
}

/* Data/instruction fault status code (ISS[5:0]) in words. */
static const char *fault_status(unsigned long dfsc)
{
	switch (dfsc & 0x3c) {
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	}
	switch (dfsc) {
	case 0x00: case 0x01: case 0x02: case 0x03:
		return "address size fault";
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	}
	return "fault";
}

static int in_guard_page(unsigned long a)
{
	return a >= (unsigned long)__kvm_boot_stack_guard &&
	       a < (unsigned long)__kvm_boot_stack_bottom;
}

/*
 * A failed AUTIASP (without FEAT_FPAC, which traps at once) leaves the
 * return address with error bits above bit 47; the return then faults
 * there. Only with CONFIG_ARM64_PAC can that be the cause.
 */
static int pac_poisoned(unsigned long a)
{
#ifdef CONFIG_ARM64_PAC
	unsigned long low = a & 0xffffffffffffUL;

	return (a >> 48) && low >= (unsigned long)__kvm_image_start &&
	       low < (unsigned long)__kvm_text_end;
#else
	(void)a;
	return 0;
#endif
}

static void report_abort(const struct __regs *r, unsigned long ec)
{
	unsigned long iss = ARM64_ESR_ISS(r->esr);
	unsigned long dfsc = iss & 0x3f;
	int is_data = ec == ARM64_EC_DABT_CUR || ec == ARM64_EC_DABT_LOW;
	int far_valid = !(iss & (1UL << 10)); /* FnV */
	const char *access = !is_data ? "an instruction fetch"
			     : (iss & (1UL << 6)) ? "a write" : "a read";

	uk_pr_raw("  %s on %s", fault_status(dfsc), access);
	if ((dfsc & 0x3c) >= 0x04 && (dfsc & 0x3c) <= 0x0c)
		uk_pr_raw(" (level %lu)", dfsc & 3);
	if (far_valid)
		uk_pr_raw(" at address 0x%lx%s", r->far,
			  r->far < 4096 ? " (NULL pointer dereference)" : "");
	uk_pr_raw("\n");
	if (far_valid && in_guard_page(r->far))
		uk_pr_raw("  stack overflow: the address is in the guard page below the boot stack (%p-%p)\n",
			  __kvm_boot_stack_bottom, __kvm_boot_stack_top);
	if (far_valid && !is_data && pac_poisoned(r->far))
		uk_pr_raw("  pointer authentication failed: 0x%lx is a code address with AUTIASP's error bits on top (a return address was changed)\n",
			  r->far & 0xffffffffffffUL);
}

extern char kvm_arm64_trap_tramp[];

#define PSTATE_MODE_EL1T 0x4
#define PSTATE_I (1UL << 7)

/* The signal Linux sends for an exception; 0 for none (a crash). */
static int to_signal(const struct __regs *r, struct ukplat_trap *t)
{
	unsigned long ec = ARM64_ESR_EC(r->esr);
	unsigned long iss = ARM64_ESR_ISS(r->esr), dfsc = iss & 0x3f;
	void *far = (iss & (1UL << 10)) ? NULL : (void *)r->far;

	*t = (struct ukplat_trap){ .pc = (void *)r->pc, .addr = (void *)r->pc };
	switch (ec) {
	case ARM64_EC_UNKNOWN:
		t->signo = UKPLAT_TRAP_SIGILL;
		t->code = UKPLAT_TRAP_ILL_ILLOPC;
		break;
	case ARM64_EC_DABT_CUR:
	case ARM64_EC_IABT_CUR:
		t->addr = far;
		if (dfsc == 0x21) {
			t->signo = UKPLAT_TRAP_SIGBUS;
			t->code = UKPLAT_TRAP_BUS_ADRALN;
		} else {
			t->signo = UKPLAT_TRAP_SIGSEGV;
			t->code = (dfsc & 0x3c) == 0x08 || (dfsc & 0x3c) == 0x0c
					  ? UKPLAT_TRAP_SEGV_ACCERR
					  : UKPLAT_TRAP_SEGV_MAPERR;
		}
		break;
	case ARM64_EC_PC_ALIGN:
	case ARM64_EC_SP_ALIGN:
		t->signo = UKPLAT_TRAP_SIGBUS;
		t->code = UKPLAT_TRAP_BUS_ADRALN;
		break;
	case ARM64_EC_BRK64:
		t->signo = UKPLAT_TRAP_SIGTRAP;
		t->code = UKPLAT_TRAP_TRAP_BRKPT;
		break;
	case ARM64_EC_FP_EXC64:
		t->signo = UKPLAT_TRAP_SIGFPE;
		t->code = UKPLAT_TRAP_FPE_FLTINV;
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * Hand the exception to the library that takes signals, if thread code
 * (EL1 on SP_EL0) with IRQs unmasked faulted and its stack has room: the
 * eret then continues in kvm_arm64_trap_tramp, on that stack.
 */
static int to_handler(struct __regs *r)
{
	struct ukplat_trap t;
	struct kvm_trap_frame *f;

	if ((r->pstate & 0xf) != PSTATE_MODE_EL1T || (r->pstate & PSTATE_I) ||
	    !to_signal(r, &t))
		return 0;
	f = kvm_trap_frame_make(r, &t, r->sp, 0);
	if (!f)
		return 0;
	__asm__ __volatile__("msr sp_el0, %0" ::"r"(f));
	r->pc = (unsigned long)kvm_arm64_trap_tramp;
	r->pstate &= ~(3UL << 10); /* BTYPE: no landing pad expected there */
	return 1;
}

void kvm_arm64_sync(struct __regs *r, int kind)
{
	static const char *const kinds[] = {
		"synchronous exception", "IRQ with the stack not switched",
		"FIQ", "SError (asynchronous abort)",
	};
	static int crashing;
	unsigned long ec = ARM64_ESR_EC(r->esr);

	if (kind == 0 && fixup(r))
		return;
	if (kind == 0 && !crashing && to_handler(r))
		return;
	if (crashing > 1) /* the report itself keeps faulting */
		ukplat_terminate(UKPLAT_CRASH);
	if (crashing++) {
		uk_pr_raw("\nCRASH: exception (ESR 0x%lx at 0x%lx) while reporting a crash\n",
			  r->esr, r->pc);
		ukplat_terminate(UKPLAT_CRASH);
	}
	if (kind == 0) {
		uk_pr_raw("\nCRASH: %s: ESR 0x%lx (class 0x%lx), FAR 0x%lx, ELR 0x%lx\n",
			  class_name(ec), r->esr, ec, r->far, r->pc);
		if (ec == ARM64_EC_DABT_CUR || ec == ARM64_EC_DABT_LOW ||
		    ec == ARM64_EC_IABT_CUR || ec == ARM64_EC_IABT_LOW)
			report_abort(r, ec);
		else if (ec == ARM64_EC_BRK64)
			uk_pr_raw("  BRK #0x%lx (__builtin_trap)\n",
				  ARM64_ESR_ISS(r->esr) & 0xffff);
		else if (ec == ARM64_EC_SP_ALIGN && in_guard_page(r->sp))
			uk_pr_raw("  stack overflow: the stack pointer is in the guard page below the boot stack\n");
	} else {
		uk_pr_raw("\nCRASH: unexpected %s: ESR 0x%lx, ELR 0x%lx\n",
			  kinds[kind & 3], r->esr, r->pc);
	}
	uk_crash_print_regs(r);
	ukplat_terminate(UKPLAT_CRASH);
}
