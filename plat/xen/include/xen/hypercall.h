/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen hypercalls this platform makes, with the numbers and structures of
 * Xen's public interface (xen/include/public: xen.h, sched.h), written
 * out here. On arm64 a hypercall is "hvc #0xEA1" with its number in x16
 * and up to five arguments in x0-x4; the result comes back in x0.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#define XEN_HYPERCALL_TAG 0xEA1

/* Hypercall numbers. */
#define XEN_HC_MEMORY_OP 12
#define XEN_HC_CONSOLE_IO 18
#define XEN_HC_SCHED_OP 29
#define XEN_HC_EVENT_CHANNEL_OP 32

/* memory_op: map a Xen page into the domain's physical address space. */
#define XEN_XENMEM_ADD_TO_PHYSMAP 7
#define XEN_MAPSPACE_SHARED_INFO 0
#define XEN_DOMID_SELF 0x7ff0

/* event_channel_op commands. */
#define XEN_EVTCHNOP_CLOSE 3
#define XEN_EVTCHNOP_SEND 4
#define XEN_EVTCHNOP_BIND_IPI 7
#define XEN_EVTCHNOP_UNMASK 9

/* console_io commands. */
#define XEN_CONSOLEIO_WRITE 0

/* sched_op commands and SCHEDOP_shutdown reasons. */
#define XEN_SCHEDOP_SHUTDOWN 2
#define XEN_SHUTDOWN_POWEROFF 0
#define XEN_SHUTDOWN_REBOOT 1
#define XEN_SHUTDOWN_CRASH 3

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* The argument of SCHEDOP_shutdown. */
struct xen_sched_shutdown {
	__u32 reason;
};

/* The argument of XENMEM_add_to_physmap (arm: 64-bit idx and gpfn). */
struct xen_add_to_physmap {
	__u16 domid;
	__u16 size;
	__u32 space;
	__u64 idx;
	__u64 gpfn;
};

/* Arguments of EVTCHNOP_bind_ipi (port: out), send, unmask, close. */
struct xen_evtchn_bind_ipi {
	__u32 vcpu;
	__u32 port;
};

struct xen_evtchn_port {
	__u32 port;
};

/*
 * Make hypercall op with arguments a0-a4 (unused ones are ignored by
 * Xen). Returns Xen's result: >= 0, or a negative Xen errno (Linux's
 * numbers). Any context.
 */
long xen_hypercall(unsigned long op, unsigned long a0, unsigned long a1,
		   unsigned long a2, unsigned long a3, unsigned long a4);

/* console_io(CONSOLEIO_WRITE): len bytes of buf on Xen's console. */
static inline long xen_console_io_write(const char *buf, unsigned int len)
{
	return xen_hypercall(XEN_HC_CONSOLE_IO, XEN_CONSOLEIO_WRITE, len,
			     (unsigned long)buf, 0, 0);
}

/*
 * sched_op(SCHEDOP_shutdown, reason): the domain stops. Returns only if
 * Xen refused (its error), which a domain that may shut down never sees.
 */
static inline long xen_sched_shutdown(unsigned int reason)
{
	struct xen_sched_shutdown arg = { .reason = reason };

	return xen_hypercall(XEN_HC_SCHED_OP, XEN_SCHEDOP_SHUTDOWN,
			     (unsigned long)&arg, 0, 0, 0);
}

/* Xen's name for a hypercall error (a negative errno), for messages. */
const char *xen_strerror(long err);
#endif
#endif
