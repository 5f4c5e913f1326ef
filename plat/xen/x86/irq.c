/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts on xen x86_64 (instead of the kvm image's PIC-based irq.c):
 * a PVH domain has no 8259 and no I/O APIC of its own. The vectors of the
 * shared IDT are the kvm ones (plat/kvm/x86/trap_entry.S): the local APIC
 * timer, the spurious vector, and 16 vectors 32-47, which here are
 * "IRQs" 0-15 with nothing behind them but Xen's event-channel callback:
 * Xen injects that vector itself while vCPU 0's upcall_pending is set,
 * without the local APIC (no EOI; the handler clears the flag). The
 * handler table and the vector dispatch are kvm's (plat/kvm/x86/irqlines.c).
 */
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/plat/irq.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <xen/x86.h>

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

int ukplat_irq_register(unsigned long irq, uk_irq_handler_t fn, void *arg)
{
	return kvm_x86_irq_add(irq, fn, arg);
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

void kvm_x86_irq_line(unsigned int line)
{
	if (!kvm_x86_irq_run(line))
		kvm_x86_irq_unhandled(line);
}
