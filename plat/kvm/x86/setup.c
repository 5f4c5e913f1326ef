/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm x86_64 start-up in C, entered from entry.S in long mode on the boot
 * stack: exceptions, console, interrupt controller, memory regions from
 * the PVH boot information, then the command line to ukplat_entry.
 */
#include <kvm/x86/boot.h>
#include <kvm/x86/intctrl.h>
#include <kvm/x86/pagetable.h>
#include <kvm/x86/pvh.h>
#include <kvm/x86/traps.h>
#include <kvm/cmdline.h>
#include <kvm/console.h>

void kvm_x86_boot(unsigned long start_info)
{
	const char *cmdline;

	kvm_x86_traps_init();
	kvm_serial_init();
	kvm_vga_init();
	kvm_pic_init();
	/* Boot information may lie in the first 64 KiB: read it (the
	 * command line is copied), then unmap them again. */
	kvm_x86_map_null_area(1);
	cmdline = kvm_pvh_setup(start_info);
	kvm_cmdline_init(cmdline);
	kvm_x86_map_null_area(0);
#if CONFIG_KVM_ASLR
	kvm_aslr_report();
#endif
	kvm_cmdline_enter();
}
