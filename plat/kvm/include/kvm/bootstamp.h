/* SPDX-License-Identifier: BSD-3-Clause */
/* Boot-time instrumentation (CONFIG_KVM_BOOT_STAMPS). */
#ifndef KVM_BOOTSTAMP_H
#define KVM_BOOTSTAMP_H

#ifdef CONFIG_KVM_BOOT_STAMPS
/*
 * Print "kvm: boot tsc first=N main=N exit=N tsc_khz=N": the TSC at the
 * image's first instruction, just before main, now, and its frequency
 * (0 if it cannot be told). Called on the way out; never crashes.
 */
void kvm_bootstamp_report(void);
#else
static inline void kvm_bootstamp_report(void) {}
#endif

#endif
