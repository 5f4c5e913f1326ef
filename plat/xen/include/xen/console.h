/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xen console's back-ends: the console_io hypercall, and the SBSA
 * UART Xen emulates when the domain has "vpl011" (then the console's
 * output and input both go through it).
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <uk/essentials.h>

/* Use the SBSA UART at base (mapped as device memory). Boot only. */
void xen_uart_init(__uptr base);
/* 1 once xen_uart_init ran. */
int xen_uart_present(void);
/* Write len bytes, waiting while the FIFO is full. Any context. */
void xen_uart_write(const char *buf, unsigned int len);
/* Read what waits, up to maxlen bytes; returns the count. Any context. */
int xen_uart_read(char *buf, unsigned int maxlen);
#endif
