/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86 device interrupt lines 0-15 (vectors KVM_VEC_IRQ_BASE...): the
 * handler table and the vector dispatch, shared by kvm (8259 PIC lines,
 * irq.c) and xen (the event-channel callback, plat/xen/x86/irq.c). Each
 * platform's ukplat_irq_register adds through kvm_x86_irq_add and gives
 * its line handling in kvm_x86_irq_line. Up to KVM_IRQ_HANDLERS_PER_LINE
 * handlers share a line.
 */
#include <kvm/timer.h>
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/arch/cpu.h>
#include <uk/print.h>
#include <errno.h>

#define KVM_IRQ_HANDLERS_PER_LINE 4

static struct {
	uk_irq_handler_t fn;
	void *arg;
} handlers[KVM_IRQ_LINES][KVM_IRQ_HANDLERS_PER_LINE];
static unsigned long unhandled[KVM_IRQ_LINES];

int kvm_x86_irq_add(unsigned long line, uk_irq_handler_t fn, void *arg)
{
	unsigned long flags;
	int rc = -ENOMEM;

	if (line >= KVM_IRQ_LINES || !fn)
		return -EINVAL;
	flags = ukarch_irq_save();
	for (int i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++) {
		if (!handlers[line][i].fn) {
			handlers[line][i].fn = fn;
			handlers[line][i].arg = arg;
			rc = 0;
			break;
		}
	}
	if (flags)
		ukarch_irq_enable();
	return rc;
}

int kvm_x86_irq_run(unsigned int line)
{
	int handled = 0;

	for (int i = 0; i < KVM_IRQ_HANDLERS_PER_LINE && handlers[line][i].fn;
	     i++)
		handled |= handlers[line][i].fn(handlers[line][i].arg);
	return handled;
}

void kvm_x86_irq_unhandled(unsigned int line)
{
	if (!unhandled[line]++)
		uk_pr_warn("interrupt line %u: no handler took it\n", line);
}

void kvm_x86_irq(struct __regs *regs)
{
	unsigned long vec = regs->vector;

	if (vec == KVM_VEC_TIMER) {
		/* EOI first: the handler may switch threads. */
		kvm_lapic_eoi();
		kvm_timer_tick();
	} else if (vec >= KVM_VEC_IRQ_BASE &&
		   vec < KVM_VEC_IRQ_BASE + KVM_IRQ_LINES) {
		kvm_x86_irq_line((unsigned int)(vec - KVM_VEC_IRQ_BASE));
	}
	/* KVM_VEC_SPURIOUS: no EOI, nothing to do. */
}
