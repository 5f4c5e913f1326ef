/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt dispatch and device interrupt registration. Device lines are
 * the 16 legacy lines of the 8259 PIC (ISA IRQs; the firmware routes PCI
 * INTx to them and writes the line into each device's interrupt line
 * register). Up to KVM_IRQ_HANDLERS_PER_LINE handlers share a line.
 */
#include <kvm/timer.h>
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/arch/cpu.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <errno.h>

#define KVM_IRQ_HANDLERS_PER_LINE 4
#define PIC_CASCADE_LINE 2

struct irq_handler {
	uk_irq_handler_t fn;
	void *arg;
};

static struct irq_handler handlers[KVM_IRQ_LINES][KVM_IRQ_HANDLERS_PER_LINE];
static unsigned long unhandled[KVM_IRQ_LINES];

int ukplat_irq_register(unsigned long irq, uk_irq_handler_t fn, void *arg)
{
	unsigned long flags;
	int rc = -ENOMEM;

	if (irq >= KVM_IRQ_LINES || irq == PIC_CASCADE_LINE || !fn)
		return -EINVAL;
	flags = ukarch_irq_save();
	for (int i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++) {
		if (!handlers[irq][i].fn) {
			handlers[irq][i] = (struct irq_handler){ fn, arg };
			kvm_pic_unmask((unsigned int)irq);
			rc = 0;
			break;
		}
	}
	if (flags)
		ukarch_irq_enable();
	return rc;
}

static void device_irq(unsigned int line)
{
	int handled = 0;

	for (int i = 0; i < KVM_IRQ_HANDLERS_PER_LINE && handlers[line][i].fn;
	     i++)
		handled |= handlers[line][i].fn(handlers[line][i].arg);
	if (kvm_pic_eoi(line))
		return; /* spurious */
	if (!handled && !unhandled[line]++)
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
		device_irq((unsigned int)(vec - KVM_VEC_IRQ_BASE));
	}
	/* KVM_VEC_SPURIOUS: no EOI, nothing to do. */
}
