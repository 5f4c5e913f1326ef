/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvm: the guest cannot read the image with symbols (<image>.dbg stays on
 * the host), so crash reports print bare addresses; the host symbolizes
 * them (addr2line -e <image>.dbg ADDRESS, or the test driver does).
 */
#include <uk/config.h>
#include <uk/plat/debug.h>
#include <uk/print.h>
#include <errno.h>
#include <kvm/aslr.h>

int ukplat_debug_image(const void **elf __unused, __sz *len __unused)
{
	return -ENOTSUP;
}

#if CONFIG_KVM_ASLR
unsigned long ukplat_image_load_offset(void)
{
	return kvm_load_offset;
}

/* Say where the entry code moved the image (info level), or that it
 * could not. */
void kvm_aslr_report(void)
{
	extern char __kvm_image_start[];
	__uptr at = (__uptr)__kvm_image_start;
	const char *src = kvm_aslr_source == KVM_ASLR_TSC ? "the TSC (guessable)"
			: kvm_aslr_source == KVM_ASLR_COUNTER ? "the counter (guessable)"
			: kvm_aslr_source == KVM_ASLR_RDRAND ? "RDRAND"
			: kvm_aslr_source == KVM_ASLR_RNDR ? "RNDR"
			: kvm_aslr_source == KVM_ASLR_DTSEED ? "the device tree's seed"
			: "?";

	if (!kvm_aslr_slots)
		uk_pr_warn("kvm: load-address randomisation: no room in RAM above the image (or no memory map): it runs where linked, at 0x%lx\n",
			   (unsigned long)at);
	else
		uk_pr_info("kvm: image at 0x%lx: moved 0x%lx above its link address, one of %u places, chosen with %s\n",
			   (unsigned long)at, (unsigned long)kvm_load_offset,
			   kvm_aslr_slots, src);
}
#endif
