/* SPDX-License-Identifier: BSD-3-Clause */
/* The kvm console: every selected back-end gets the output; input is COM1's. */
#include <uk/plat/console.h>
#include <kvm/console.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	kvm_serial_write(buf, len);
	kvm_vga_write(buf, len);
	return (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	if (maxlen == 0)
		return 0;
	return kvm_serial_read(buf, maxlen);
}
