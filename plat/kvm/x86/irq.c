/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device interrupt registration and line handling on kvm. Device lines are
 * the 16 legacy lines of the 8259 PIC (ISA IRQs; the firmware routes PCI
 * INTx to them and writes the line into each device's interrupt line
 * register). The handler table and the vector dispatch are irqlines.c.
 */
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <uk/plat/irq.h>
#include <errno.h>

#define PIC_CASCADE_LINE 2

int ukplat_irq_register(unsigned long irq, uk_irq_handler_t fn, void *arg)
{
	int rc;

	if (irq == PIC_CASCADE_LINE)
		return -EINVAL;
	rc = kvm_x86_irq_add(irq, fn, arg);
	if (rc == 0)
		kvm_pic_unmask((unsigned int)irq);
	return rc;
}

void kvm_x86_irq_line(unsigned int line)
{
	int handled = kvm_x86_irq_run(line);

	if (kvm_pic_eoi(line))
		return; /* spurious */
	if (!handled)
		kvm_x86_irq_unhandled(line);
}
