/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm console back-ends behind ukplat_coutk/ukplat_cink. Each is compiled
 * in by its option; without it its functions are empty inlines here.
 */
#ifndef KVM_CONSOLE_H
#define KVM_CONSOLE_H

#include <uk/essentials.h>

#ifdef CONFIG_KVM_SERIAL_CONSOLE
/*
 * Set up the console UART and note whether one answers. Boot. x86: COM1
 * at 115200 8N1; its FIFOs stay as the firmware left them (turning them
 * on would clear input the host sent before boot). arm64: the device
 * tree's PL011, left alone if the firmware enabled it already.
 */
void kvm_serial_init(void);
/* Write len bytes (CONFIG_KVM_SERIAL_CRLF: "\n" as "\r\n"). Any context. */
void kvm_serial_write(const char *buf, unsigned int len);
/* Read what waits; returns the count, or -EIO if there is no UART. */
int kvm_serial_read(char *buf, unsigned int maxlen);
#else
static inline void kvm_serial_init(void) {}
static inline void kvm_serial_write(const char *b __unused,
				    unsigned int l __unused) {}
static inline int kvm_serial_read(char *b __unused, unsigned int m __unused)
{
	return -5; /* EIO */
}
#endif

#ifdef CONFIG_KVM_VGA_CONSOLE
/* Clear the VGA text screen. Boot. */
void kvm_vga_init(void);
/* Write len bytes at the cursor, scrolling. Any context. */
void kvm_vga_write(const char *buf, unsigned int len);
#else
static inline void kvm_vga_init(void) {}
static inline void kvm_vga_write(const char *b __unused,
				 unsigned int l __unused) {}
#endif

#endif
