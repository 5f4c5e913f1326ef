/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kvm console: every selected back-end gets the output; input is COM1's.
 * One call's output goes out with interrupts masked: on one CPU no other
 * thread writes meanwhile, so messages never interleave and the VGA
 * screen's row and column stay consistent under a preemptive scheduler.
 */
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <kvm/console.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	kvm_serial_write(buf, len);
	kvm_vga_write(buf, len);
	ukplat_lcpu_restore_irqf(flags);
	return (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	if (maxlen == 0)
		return 0;
	return kvm_serial_read(buf, maxlen);
}
