/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm CONFIG_KVM_ASLR: what the entry code (x86/entry.S, arm64/entry.S)
 * records after moving the image, and where its random offset came from.
 */
#ifndef KVM_ASLR_H
#define KVM_ASLR_H

/* kvm_aslr_source */
#define KVM_ASLR_TSC 1     /* x86_64: the time-stamp counter */
#define KVM_ASLR_RDRAND 2  /* x86_64: RDRAND */
#define KVM_ASLR_COUNTER 3 /* arm64: the virtual counter */
#define KVM_ASLR_RNDR 4    /* arm64: RNDR */
#define KVM_ASLR_DTSEED 5  /* arm64: the device tree's rng-seed, kaslr-seed */

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* How far the image was moved from its link address, among how many
 * places (0: not moved), with which source. */
extern __u64 kvm_load_offset;
extern __u32 kvm_aslr_slots, kvm_aslr_source;

/* Print where the image runs (info level), or why it was not moved. */
void kvm_aslr_report(void);
#endif

#endif
