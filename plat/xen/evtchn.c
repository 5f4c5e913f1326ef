/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Event channels (2-level ABI) over the shared-info page, delivered as an
 * interrupt through the platform's IRQ API: arm64's event-channel PPI, or
 * on x86_64 the callback vector Xen is told of (HVM_PARAM_CALLBACK_IRQ,
 * vector type), which the IRQ API knows as XEN_EVTCHN_IRQ. Layouts and
 * numbers are those of Xen's public interface (xen.h, event_channel.h,
 * memory.h, arch-arm.h, arch-x86/xen.h, hvm/params.h), written out here
 * and checked by size below.
 */
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <uk/arch/cpu.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <errno.h>
#include <stddef.h>
#if CONFIG_ARCH_X86_64
#include <xen/x86.h>
#endif

#define WORD_BITS 64
#define WORDS (XEN_EVTCHN_PORTS / WORD_BITS)
#define BINDINGS 32

#if CONFIG_ARCH_X86_64
#define LEGACY_VCPUS 32   /* XEN_LEGACY_MAX_VCPUS */
#define ARCH_VCPU_INFO 16 /* arch_vcpu_info: cr2, pad */
#else
#define LEGACY_VCPUS 1
#define ARCH_VCPU_INFO 0
#endif

struct xen_vcpu_info {
	__u8 upcall_pending;
	__u8 upcall_mask;
	__u8 pad[6];
	__u64 pending_sel; /* one bit per word of evtchn_pending */
	__u8 arch[ARCH_VCPU_INFO];
	__u8 time[32];     /* vcpu_time_info: x86/clock.c reads it */
};

struct xen_shared_info {
	struct xen_vcpu_info vcpu_info[LEGACY_VCPUS];
	__u64 evtchn_pending[WORDS];
	__u64 evtchn_mask[WORDS];
	__u32 wc_version, wc_sec, wc_nsec, wc_sec_hi;
};

UK_CTASSERT(sizeof(struct xen_vcpu_info) == 48 + ARCH_VCPU_INFO);
UK_CTASSERT(offsetof(struct xen_shared_info, evtchn_pending) ==
	    LEGACY_VCPUS * (48 + ARCH_VCPU_INFO));
UK_CTASSERT(offsetof(struct xen_shared_info, wc_version) ==
	    LEGACY_VCPUS * (48 + ARCH_VCPU_INFO) + 1024);

/* The guest page Xen's shared info replaces (identity mapped); on x86_64
 * the boot mapped it already (the PV clock is in it). */
static __u8 shared_page[4096] __align(4096);
static volatile struct xen_shared_info *si =
	(volatile struct xen_shared_info *)shared_page;

/* Bound ports; protected by masking interrupts. */
static struct {
	unsigned int port;
	xen_evtchn_handler_t fn; /* NULL: free */
	void *arg;
} bindings[BINDINGS];

static int upcall(void *arg __unused)
{
	volatile struct xen_vcpu_info *v = &si->vcpu_info[0];
	__u64 sel;

	v->upcall_pending = 0;
	sel = __atomic_exchange_n(&v->pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = __builtin_ctzll(sel);
		__u64 pend = si->evtchn_pending[w] & ~si->evtchn_mask[w];

		sel &= sel - 1;
		while (pend) {
			unsigned int b = __builtin_ctzll(pend);
			unsigned int port = w * WORD_BITS + b;

			pend &= pend - 1;
			__atomic_fetch_and(&si->evtchn_pending[w], ~(1ULL << b),
					   __ATOMIC_SEQ_CST);
			for (int i = 0; i < BINDINGS; i++)
				if (bindings[i].fn && bindings[i].port == port)
					bindings[i].fn(port, bindings[i].arg);
		}
	}
	return 1;
}

int xen_evtchn_init(void)
{
	static int done, result;
	struct xen_add_to_physmap map = {
		.domid = XEN_DOMID_SELF,
		.space = XEN_MAPSPACE_SHARED_INFO,
		.idx = 0,
		.gpfn = (__uptr)shared_page >> 12,
	};
	long rc;

	if (done)
		return result;
	done = 1;
#if CONFIG_ARCH_X86_64
	(void)map;
	if (!xen_x86_shared_info)
		return result = -ENOSYS; /* no Xen */
	si = (volatile struct xen_shared_info *)xen_x86_shared_info;
#else
	rc = xen_hypercall(XEN_HC_MEMORY_OP, XEN_XENMEM_ADD_TO_PHYSMAP,
			   (unsigned long)&map, 0, 0, 0);
	if (rc < 0)
		return result = (int)rc;
#endif
	/* Everything masked until bound. */
	for (int i = 0; i < WORDS; i++)
		si->evtchn_mask[i] = ~0ULL;
	rc = ukplat_irq_register(XEN_EVTCHN_IRQ, upcall, NULL);
#if CONFIG_ARCH_X86_64
	if (rc == 0)
		rc = xen_x86_set_callback_vector();
#endif
	return result = (int)rc;
}

int xen_evtchn_bind(unsigned int port, xen_evtchn_handler_t handler,
		    void *arg)
{
	unsigned long flags;
	int rc = -ENOMEM;

	if (port >= XEN_EVTCHN_PORTS || !handler)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	for (int i = 0; i < BINDINGS; i++)
		if (bindings[i].fn && bindings[i].port == port) {
			rc = -EBUSY;
			goto out;
		}
	for (int i = 0; i < BINDINGS; i++)
		if (!bindings[i].fn) {
			bindings[i].port = port;
			bindings[i].arg = arg;
			bindings[i].fn = handler;
			rc = 0;
			break;
		}
out:
	ukplat_lcpu_restore_irqf(flags);
	if (rc == 0) {
		struct xen_evtchn_port u = { .port = port };

		/* Xen clears the mask and raises the port if it is pending. */
		xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, XEN_EVTCHNOP_UNMASK,
			      (unsigned long)&u, 0, 0, 0);
	}
	return rc;
}

void xen_evtchn_unbind(unsigned int port)
{
	unsigned long flags;

	if (port >= XEN_EVTCHN_PORTS)
		return;
	__atomic_fetch_or(&si->evtchn_mask[port / WORD_BITS],
			  1ULL << (port % WORD_BITS), __ATOMIC_SEQ_CST);
	flags = ukplat_lcpu_save_irqf();
	for (int i = 0; i < BINDINGS; i++)
		if (bindings[i].fn && bindings[i].port == port)
			bindings[i].fn = NULL;
	ukplat_lcpu_restore_irqf(flags);
}

long xen_evtchn_bind_ipi(unsigned int *port)
{
	struct xen_evtchn_bind_ipi b = { .vcpu = 0 };
	long rc = xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, XEN_EVTCHNOP_BIND_IPI,
				(unsigned long)&b, 0, 0, 0);

	if (rc == 0)
		*port = b.port;
	return rc;
}

long xen_evtchn_send(unsigned int port)
{
	struct xen_evtchn_port s = { .port = port };

	return xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, XEN_EVTCHNOP_SEND,
			     (unsigned long)&s, 0, 0, 0);
}

long xen_evtchn_close(unsigned int port)
{
	struct xen_evtchn_port c = { .port = port };

	return xen_hypercall(XEN_HC_EVENT_CHANNEL_OP, XEN_EVTCHNOP_CLOSE,
			     (unsigned long)&c, 0, 0, 0);
}
