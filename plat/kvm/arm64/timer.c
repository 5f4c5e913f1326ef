/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the hardware part of the one-shot timer on the Arm generic
 * timer: the monotonic clock is the virtual counter (CNTVCT_EL0) since
 * the first instruction; the timer is the EL1 virtual timer
 * (CNTV_CVAL_EL0 holds an absolute counter value, so no deadline is out
 * of reach). The deadlines are kept by plat/kvm/timer.c. The GIC and the
 * timer interrupt are set up on first use.
 */
#include <kvm/timer.h>
#include <kvm/arm64/devices.h>
#include <kvm/arm64/boot.h>
#include <uk/arch/cpu.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/time.h>

#define CNTV_CTL_ENABLE 1UL
#define DEFAULT_VIRT_TIMER_INTID 27 /* PPI 11, the architected one */

static __u64 freq;
static __u64 ns_mult; /* ns = ticks * ns_mult >> 32 */

__u64 kvm_timer_freq(void)
{
	if (likely(freq))
		return freq;
	freq = ukarch_counter_freq();
	if (!freq)
		freq = kvm_arm64_dt.timer_freq;
	if (!freq)
		UK_CRASH("the generic timer's frequency is unknown: CNTFRQ_EL0 is 0 and the device tree's timer node has no clock-frequency");
	ns_mult = (__u64)(((unsigned __int128)UKPLAT_NSEC_PER_SEC << 32) /
			  freq);
	return freq;
}

__nsec ukplat_monotonic_clock(void)
{
	__u64 ticks;

	if (unlikely(!freq))
		kvm_timer_freq();
	ticks = ukarch_counter() - kvm_boot_counter;
	return (__nsec)(((unsigned __int128)ticks * ns_mult) >> 32);
}

unsigned int kvm_timer_intid(void)
{
	unsigned int id = kvm_arm64_dt.timer_virt.intid;

	return id ? id : DEFAULT_VIRT_TIMER_INTID;
}

void kvm_timer_hw_init(void)
{
	int rc = kvm_gic_init();

	if (rc == 0)
		rc = kvm_gic_enable(kvm_timer_intid(), 0);
	if (rc < 0)
		UK_CRASH("the timer needs the GIC, and there is none usable (%d)",
			 rc);
	kvm_timer_freq();
}

void kvm_timer_hw_set(__nsec deadline)
{
	if (!deadline) {
		ukarch_sysreg_write(cntv_ctl_el0, 0);
	} else {
		__u64 ticks = (__u64)((unsigned __int128)deadline * freq /
				      UKPLAT_NSEC_PER_SEC);

		/* Rounded down, then one more: never before the deadline. */
		ukarch_sysreg_write(cntv_cval_el0, kvm_boot_counter + ticks + 1);
		ukarch_sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	}
	ukarch_isb();
}

/* The timer's line is level: it dropped when the next deadline was set
 * (or the timer stopped), so the end of the interrupt can be signalled. */
void kvm_timer_hw_ack(void)
{
	kvm_gic_eoi(kvm_timer_intid());
}
