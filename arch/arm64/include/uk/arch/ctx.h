/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread contexts on arm64. ukarch_ctx_switch() is an ordinary function
 * call, so it keeps only what AAPCS64 makes callee-saved: x19-x28, the
 * frame pointer x29, the link register x30, the stack pointer, the low
 * halves of v8-v15 (d8-d15) and FPCR (rounding mode and trap enables, per
 * thread like x86_64's MXCSR control bits). They go on the thread's own
 * stack; the context is just the stack pointer. The rest of the FP/SIMD
 * state is caller-saved at a call, and is kept across interrupts by the
 * platform (kvm's interrupt entry, linuxu's signal frames); schedulers
 * that need it saved anyway use <uk/arch/ectx.h>.
 *
 * The same interface as arch/x86_64/include/uk/arch/ctx.h.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct ukarch_ctx {
	unsigned long sp; /* saved stack pointer; the rest is on the stack */
};

/* What ukarch_ctx_switch stores, lowest address first (tied to ctx.S). */
struct __ukarch_ctx_frame {
	unsigned long x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
	unsigned long x29, x30; /* x30: where ukarch_ctx_switch returns to */
	unsigned long d8, d9, d10, d11, d12, d13, d14, d15;
	unsigned long fpcr, __pad;
};

/* First code of a new context: calls x19(x20), traps if that returns. */
void __ukarch_ctx_entry(void);

/*
 * Save the running context in *prev and continue the one in *next (where
 * it last switched away, or at its entry function). Returns when some
 * other context switches back to *prev. prev and next may be equal (it
 * then returns at once). Touches no interrupt state: callers mask
 * interrupts around it as their bookkeeping requires. Any context.
 */
void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next);

/*
 * Make *ctx start entry(arg) on the stack that ends (exclusive) at
 * stack_top, with FPCR at its reset value (round to nearest, no traps)
 * and a zero frame pointer (backtraces end there). entry must never
 * return. Needs 176 bytes of that stack. Cannot fail.
 */
static inline void ukarch_ctx_init(struct ukarch_ctx *ctx, void *stack_top,
				   void (*entry)(void *), void *arg)
{
	__uptr top = ALIGN_DOWN((__uptr)stack_top, 16);
	struct __ukarch_ctx_frame *f =
		(struct __ukarch_ctx_frame *)(top - sizeof(*f));

	UK_CTASSERT(sizeof(struct __ukarch_ctx_frame) == 176);
	*f = (struct __ukarch_ctx_frame){
		.x19 = (unsigned long)entry,
		.x20 = (unsigned long)arg,
		.x29 = 0,
		.x30 = (unsigned long)__ukarch_ctx_entry,
		.fpcr = 0,
	};
	ctx->sp = (unsigned long)f;
}

/* Stack pointer a switched-out context will resume with (debugging). */
static inline unsigned long ukarch_ctx_sp(const struct ukarch_ctx *ctx)
{
	return ctx->sp;
}

#endif
