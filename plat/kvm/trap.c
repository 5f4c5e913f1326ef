/* SPDX-License-Identifier: BSD-3-Clause */
/* The library that takes CPU exceptions as signals (<uk/plat/trap.h>). */
#include <kvm/trap.h>
#include <uk/assert.h>
#include <stddef.h>
#if defined(__x86_64__)
#include <kvm/x86/pagetable.h>
#define is_mapped kvm_x86_is_mapped
#else
#include <kvm/arm64/pagetable.h>
#define is_mapped kvm_arm64_is_mapped
#endif

static const struct ukplat_trap_handler *handler;

void ukplat_trap_handler_set(const struct ukplat_trap_handler *h)
{
	handler = h;
}

const struct ukplat_trap_handler *ukplat_trap_handler_get(void)
{
	return handler;
}

struct kvm_trap_frame *kvm_trap_frame_make(const struct __regs *regs,
					   const struct ukplat_trap *t,
					   unsigned long sp, unsigned long skip)
{
	unsigned long top = sp - skip, at;
	unsigned long here = (unsigned long)__builtin_frame_address(0);
	struct kvm_trap_frame *f;

	if (!handler || sp < skip + sizeof(*f) + 4096)
		return NULL;
	/* Taken on the same stack (no IST): below this handler's frames. */
	if (here < top && top - here < 65536)
		top = here - 1024;
	at = (top - sizeof(*f)) & ~63UL;
	f = (struct kvm_trap_frame *)at;
	/* an overflowed stack (its guard page) keeps the crash report */
	if (!is_mapped(at) || !is_mapped(at + sizeof(*f) - 1) ||
	    !is_mapped(sp - 1))
		return NULL;
	if (!handler->wants(t))
		return NULL;
	f->regs = *regs;
	f->trap = *t;
	return f;
}

void kvm_trap_deliver(struct kvm_trap_frame *f)
{
	UK_ASSERT(handler);
	handler->deliver(&f->trap);
}
