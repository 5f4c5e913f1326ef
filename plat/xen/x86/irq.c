/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts on xen x86_64 (instead of the kvm image's PIC-based irq.c):
 * a PVH domain has no 8259 and no I/O APIC of its own. The vectors of the
 * shared IDT are the kvm ones (plat/kvm/x86/trap_entry.S): the local APIC
 * timer, the spurious vector, and 16 vectors 32-47, which here are
 * "IRQs" 0-15 with nothing behind them but Xen's event-channel callback:
 * Xen injects that vector itself while vCPU 0's upcall_pending is set,
 * without the local APIC (no EOI; the handler clears the flag).
 */
#include <kvm/timer.h>
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/arch/cpu.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <xen/x86.h>
#include <errno.h>

#define HANDLERS_PER_IRQ 4
#define XEN_HC_HVM_OP 34
#define XEN_HVMOP_SET_PARAM 0
#define XEN_HVM_PARAM_CALLBACK_IRQ 0
#define XEN_CALLBACK_TYPE_VECTOR 2ULL

struct xen_hvm_set_param {
	__u16 domid;
	__u16 pad;
	__u32 index;
	__u64 value;
};

static struct {
	uk_irq_handler_t fn;
	void *arg;
} handlers[KVM_IRQ_LINES][HANDLERS_PER_IRQ];
static unsigned long unhandled[KVM_IRQ_LINES];

int ukplat_irq_register(unsigned long irq, uk_irq_handler_t fn, void *arg)
{
	unsigned long flags;
	int rc = -ENOMEM;

	if (irq >= KVM_IRQ_LINES || !fn)
		return -EINVAL;
	flags = ukarch_irq_save();
	for (int i = 0; i < HANDLERS_PER_IRQ; i++)
		if (!handlers[irq][i].fn) {
			handlers[irq][i].fn = fn;
			handlers[irq][i].arg = arg;
			rc = 0;
			break;
		}
	if (flags)
		ukarch_irq_enable();
	return rc;
}

int xen_x86_set_callback_vector(void)
{
	struct xen_hvm_set_param p = {
		.domid = XEN_DOMID_SELF,
		.index = XEN_HVM_PARAM_CALLBACK_IRQ,
		.value = XEN_CALLBACK_TYPE_VECTOR << 56 |
			 (KVM_VEC_IRQ_BASE + XEN_EVTCHN_IRQ),
	};

	return (int)xen_hypercall(XEN_HC_HVM_OP, XEN_HVMOP_SET_PARAM,
				  (unsigned long)&p, 0, 0, 0);
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
		unsigned int irq = (unsigned int)(vec - KVM_VEC_IRQ_BASE);
		int handled = 0;

		for (int i = 0; i < HANDLERS_PER_IRQ && handlers[irq][i].fn;
		     i++)
			handled |= handlers[irq][i].fn(handlers[irq][i].arg);
		if (!handled && !unhandled[irq]++)
			uk_pr_warn("xen: vector %lu: no handler took it\n", vec);
	}
	/* KVM_VEC_SPURIOUS: nothing to do. */
}
