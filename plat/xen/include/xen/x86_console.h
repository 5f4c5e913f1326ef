/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen x86_64 console's back-ends (x86/console.c), behind plat/xen/
 * console.c's "UART" hooks of include/xen/console.h: console_io when Xen
 * lets the domain use it; else Xen's HVM debug port 0xe9 (a domain Xen
 * refuses console_io to: Xen prints its bytes with guest_loglvl=all);
 * without Xen, COM1 and port 0xe9.
 */
#ifndef XEN_X86_CONSOLE_H
#define XEN_X86_CONSOLE_H

enum xen_x86_console {
	XEN_X86_CONSOLE_IO,     /* console_io; port 0xe9 if Xen refuses it */
	XEN_X86_CONSOLE_NO_XEN, /* COM1 and port 0xe9 */
};

/* Choose the back-end (boot, before the first message). */
void xen_x86_console_init(enum xen_x86_console kind);
#endif
