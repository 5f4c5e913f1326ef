/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hardware part of the one-shot timer on x86_64: the local APIC
 * timer, counting down from at most 2^32-1. A deadline further away is
 * reached in steps (plat/kvm/timer.c re-sets it at every interrupt). The
 * interrupt is acknowledged at the LAPIC before kvm_timer_tick runs
 * (irq.c), so kvm_timer_hw_ack has nothing left to do.
 */
#include <kvm/timer.h>
#include <kvm/x86/intctrl.h>
#include <uk/assert.h>
#include <uk/plat/time.h>

void kvm_timer_hw_init(void)
{
	int rc = kvm_lapic_init();

	if (rc < 0)
		UK_CRASH("the timer needs a local APIC, and there is none usable (%d)",
			 rc);
}

void kvm_timer_hw_set(__nsec deadline)
{
	__nsec now, delta;
	unsigned __int128 count;

	if (!deadline) {
		kvm_lapic_timer_start(0);
		return;
	}
	now = ukplat_monotonic_clock();
	delta = deadline > now ? deadline - now : 0;
	/* Rounded down, then one more: never before the deadline. */
	count = (unsigned __int128)delta * kvm_lapic_timer_hz() /
			UKPLAT_NSEC_PER_SEC + 1;
	kvm_lapic_timer_start(count > 0xffffffffU ? 0xffffffffU
						  : (__u32)count);
}

void kvm_timer_hw_ack(void)
{
}
