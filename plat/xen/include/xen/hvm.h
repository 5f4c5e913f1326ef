/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HVM parameters (hvm_op HVMOP_get_param): where the toolstack put the
 * domain's xenstore and console pages and their event channels. Numbers
 * and layout from Xen's public interface (hvm/hvm_op.h, hvm/params.h).
 * A dom0less domain (no toolstack) has 0 for all four.
 */
#ifndef XEN_HVM_H
#define XEN_HVM_H

#include <uk/essentials.h>

#define XEN_HC_HVM_OP 34
#define XEN_HVMOP_GET_PARAM 1

#define XEN_HVM_PARAM_STORE_PFN 1
#define XEN_HVM_PARAM_STORE_EVTCHN 2
#define XEN_HVM_PARAM_CONSOLE_PFN 17
#define XEN_HVM_PARAM_CONSOLE_EVTCHN 18

/*
 * The value Xen 4.17 gives STORE_PFN of a dom0less domain whose xenstore
 * page is allocated later (by init-dom0less in dom0): there is no store
 * yet.
 */
#define XEN_STORE_PFN_LATE (~0ULL)

struct xen_hvm_param {
	__u16 domid;
	__u16 pad;
	__u32 index;
	__u64 value;
};

/* HVMOP_get_param of this domain: 0 and *value, or Xen's error. */
long xen_hvm_get_param(__u32 index, __u64 *value);

/*
 * The domain's console and store pages and event channels, read once
 * (xen_pv_params_init). pfn 0: none (dom0less).
 */
struct xen_pv_params {
	__u64 console_pfn;
	__u32 console_evtchn;
	__u64 store_pfn;
	__u32 store_evtchn;
	long err; /* the first failing HVMOP_get_param's error, or 0 */
};

/* Read the four parameters (once) and return them. Any context. */
const struct xen_pv_params *xen_pv_params(void);
#endif
