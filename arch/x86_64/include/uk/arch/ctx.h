/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread contexts on x86_64. ukarch_ctx_switch() is an ordinary function
 * call, so it keeps only what the System V ABI makes callee-saved: rbx,
 * rbp, r12-r15, the stack pointer, MXCSR and the x87 control word. They
 * go on the thread's own stack; the context is just the stack pointer.
 * The rest of the FPU/SSE/AVX state is caller-saved at a call, and is
 * kept across interrupts by the platform; schedulers that switch threads
 * from interrupt handlers on platforms that do not keep it use
 * <uk/arch/ectx.h> as well.
 *
 * arm64 provides the same interface in arch/arm64/include/uk/arch/ctx.h.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct ukarch_ctx {
	unsigned long sp; /* saved stack pointer; the rest is on the stack */
};

/* What ukarch_ctx_switch pushes, lowest address first (tied to ctx.S). */
struct __ukarch_ctx_frame {
	__u32 mxcsr;
	__u16 fcw, __pad;
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long ret; /* where ukarch_ctx_switch returns to */
};

/* First code of a new context: calls r12(r13), traps if that returns. */
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
 * stack_top, with MXCSR and the x87 control word at their reset values
 * and a zero frame pointer (backtraces end there). entry must never
 * return. Needs about 64 bytes of that stack. Cannot fail.
 */
static inline void ukarch_ctx_init(struct ukarch_ctx *ctx, void *stack_top,
				   void (*entry)(void *), void *arg)
{
	/* After the final `ret`, rsp is 16-byte aligned as at a call site. */
	__uptr top = ALIGN_DOWN((__uptr)stack_top, 16);
	struct __ukarch_ctx_frame *f =
		(struct __ukarch_ctx_frame *)(top - sizeof(*f));

	UK_CTASSERT(sizeof(struct __ukarch_ctx_frame) == 64);
	f->mxcsr = 0x1f80; /* all exceptions masked, round to nearest */
	f->fcw = 0x037f;   /* the same for the x87 */
	f->__pad = 0;
	f->r15 = 0;
	f->r14 = 0;
	f->r13 = (unsigned long)arg;
	f->r12 = (unsigned long)entry;
	f->rbx = 0;
	f->rbp = 0;
	f->ret = (unsigned long)__ukarch_ctx_entry;
	ctx->sp = (unsigned long)f;
}

/* Stack pointer a switched-out context will resume with (debugging). */
static inline unsigned long ukarch_ctx_sp(const struct ukarch_ctx *ctx)
{
	return ctx->sp;
}

#endif
