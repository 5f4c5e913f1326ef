/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt masking on the one logical CPU (PSTATE.I). */
#include <uk/plat/lcpu.h>
#include <uk/arch/cpu.h>

unsigned long ukplat_lcpu_save_irqf(void)
{
	return ukarch_irq_save();
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags)
		ukarch_irq_enable();
	else
		ukarch_irq_disable();
}

void ukplat_lcpu_enable_irq(void)
{
	ukarch_irq_enable();
}

void ukplat_lcpu_disable_irq(void)
{
	ukarch_irq_disable();
}

int ukplat_lcpu_irqs_disabled(void)
{
	return ukarch_irqs_disabled();
}
