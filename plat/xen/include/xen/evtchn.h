/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen event channels (the 2-level ABI) delivered as an interrupt: Xen
 * raises the event-channel PPI (INTID 31 on arm, GUEST_EVTCHN_PPI of its
 * public interface) when a port of this domain becomes pending; the
 * platform's handler finds the pending, unmasked ports in the shared-info
 * page and calls each port's handler. One vCPU.
 */
#ifndef XEN_EVTCHN_H
#define XEN_EVTCHN_H

#include <uk/essentials.h>

#define XEN_EVTCHN_PPI 31
#include <uk/config.h>
#if CONFIG_ARCH_X86_64
/* x86_64: the IRQ number whose vector (32 + 15) Xen is given as its
 * callback vector (plat/xen/x86/irq.c). */
#define XEN_EVTCHN_IRQ 15
#else
#define XEN_EVTCHN_IRQ XEN_EVTCHN_PPI
#endif
#define XEN_EVTCHN_PORTS 4096 /* 2-level ABI on a 64-bit guest: 64 x 64 */

/* A port's handler: interrupt context, interrupts masked. */
typedef void (*xen_evtchn_handler_t)(unsigned int port, void *arg);

/*
 * Map the shared-info page (XENMEM_add_to_physmap) and register the
 * event-channel interrupt. Returns 0, a negative Xen errno of the
 * hypercall, or the errno of ukplat_irq_register. Done once; later calls
 * return the first result. Not from interrupt context.
 */
int xen_evtchn_init(void);

/*
 * Call handler(port, arg) when port fires, and unmask the port. Returns
 * 0, -EINVAL (port out of range, no handler) or -EBUSY (port has one).
 * After xen_evtchn_init.
 */
int xen_evtchn_bind(unsigned int port, xen_evtchn_handler_t handler,
		    void *arg);

/* Forget port's handler and mask it (the port stays open). */
void xen_evtchn_unbind(unsigned int port);

/* EVTCHNOP_bind_ipi for vCPU 0: a new port in *port; Xen's result. */
long xen_evtchn_bind_ipi(unsigned int *port);
/* EVTCHNOP_send: make the port's other end pending; Xen's result. */
long xen_evtchn_send(unsigned int port);
/* EVTCHNOP_close; Xen's result. */
long xen_evtchn_close(unsigned int port);
#endif
