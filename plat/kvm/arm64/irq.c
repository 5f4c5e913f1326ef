/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt dispatch and device interrupt registration. Interrupt
 * numbers are the GIC's INTIDs: 16-31 per-CPU (PPI), 32 and up shared
 * (SPI: a device tree's <0 n flags> is INTID 32 + n). The EL1 virtual
 * timer's PPI belongs to the platform's timer. Up to
 * KVM_IRQ_HANDLERS handlers in all; several may share a line.
 */
#include <kvm/timer.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/traps.h>
#include <uk/arch/cpu.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <errno.h>

#define KVM_IRQ_HANDLERS 32
#define SPURIOUS_FIRST 1020

struct irq_handler {
	unsigned int intid; /* 0: free */
	uk_irq_handler_t fn;
	void *arg;
};

static struct irq_handler handlers[KVM_IRQ_HANDLERS];
static int warned;

/* Is intid edge-triggered, as the device tree describes its device? */
static int dt_edge(unsigned int intid)
{
	const struct kvm_arm64_dt *dt = &kvm_arm64_dt;

	for (int i = 0; i < dt->nvirtio; i++)
		if (dt->virtio[i].irq.intid == intid)
			return dt->virtio[i].irq.edge;
	if (dt->uart.irq.intid == intid)
		return dt->uart.irq.edge;
	if (dt->rtc.irq.intid == intid)
		return dt->rtc.irq.edge;
	return 0; /* PCI INTx and the rest: level */
}

int ukplat_irq_register(unsigned long irq, uk_irq_handler_t fn, void *arg)
{
	unsigned long flags;
	int rc = -ENOMEM, first = 1;

	if (!fn || irq < 16 || irq == kvm_timer_intid())
		return -EINVAL;
	flags = ukarch_irq_save();
	if (kvm_gic_init() < 0 || irq >= kvm_gic_lines()) {
		rc = -EINVAL;
		goto out;
	}
	for (int i = 0; i < KVM_IRQ_HANDLERS; i++)
		if (handlers[i].intid == irq)
			first = 0;
	for (int i = 0; i < KVM_IRQ_HANDLERS; i++) {
		if (!handlers[i].intid) {
			handlers[i] = (struct irq_handler){ (unsigned int)irq,
							    fn, arg };
			rc = first ? kvm_gic_enable((unsigned int)irq,
						    dt_edge((unsigned int)irq))
				   : 0;
			if (rc < 0)
				handlers[i].intid = 0;
			break;
		}
	}
out:
	if (flags)
		ukarch_irq_enable();
	return rc;
}

void kvm_arm64_irq(struct __regs *regs __unused)
{
	unsigned int intid = kvm_gic_ack();
	int handled = 0;

	if (intid >= SPURIOUS_FIRST)
		return;
	if (intid == kvm_timer_intid()) {
		kvm_timer_tick(); /* EOIs before running the timer's handler */
		return;
	}
	for (int i = 0; i < KVM_IRQ_HANDLERS; i++)
		if (handlers[i].intid == intid)
			handled |= handlers[i].fn(handlers[i].arg);
	kvm_gic_eoi(intid);
	if (!handled && !warned++)
		uk_pr_warn("interrupt %u: no handler took it\n", intid);
}
