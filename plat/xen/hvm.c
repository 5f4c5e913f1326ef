/* SPDX-License-Identifier: BSD-3-Clause */
/* HVM parameters: the domain's console and xenstore pages and channels. */
#include <xen/hvm.h>
#include <xen/hypercall.h>
#include <stddef.h>

UK_CTASSERT(sizeof(struct xen_hvm_param) == 16);
UK_CTASSERT(offsetof(struct xen_hvm_param, value) == 8);

long xen_hvm_get_param(__u32 index, __u64 *value)
{
	struct xen_hvm_param p = { .domid = XEN_DOMID_SELF, .index = index };
	long rc = xen_hypercall(XEN_HC_HVM_OP, XEN_HVMOP_GET_PARAM,
				(unsigned long)&p, 0, 0, 0);

	*value = rc < 0 ? 0 : p.value;
	return rc;
}

const struct xen_pv_params *xen_pv_params(void)
{
	static struct xen_pv_params pv;
	static int done;
	static const __u32 idx[4] = {
		XEN_HVM_PARAM_CONSOLE_PFN, XEN_HVM_PARAM_CONSOLE_EVTCHN,
		XEN_HVM_PARAM_STORE_PFN, XEN_HVM_PARAM_STORE_EVTCHN,
	};
	__u64 v[4];

	if (done)
		return &pv;
	done = 1;
	for (int i = 0; i < 4; i++) {
		long rc = xen_hvm_get_param(idx[i], &v[i]);

		if (rc < 0 && !pv.err)
			pv.err = rc;
	}
	pv.console_pfn = v[0];
	pv.console_evtchn = (__u32)v[1];
	/* A page without its channel (or the reverse) is no console. */
	if (!pv.console_pfn || !pv.console_evtchn)
		pv.console_pfn = pv.console_evtchn = 0;
	pv.store_pfn = v[2] == XEN_STORE_PFN_LATE ? 0 : v[2];
	pv.store_evtchn = (__u32)v[3];
	if (!pv.store_pfn || !pv.store_evtchn)
		pv.store_pfn = pv.store_evtchn = 0;
	return &pv;
}
