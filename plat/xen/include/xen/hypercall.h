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
#define XEN_HC_CONSOLE_IO 18
#define XEN_HC_SCHED_OP 29

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
