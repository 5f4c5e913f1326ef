/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the one-shot timer on the Arm generic timer: the monotonic
 * clock is the virtual counter (CNTVCT_EL0) since the first instruction;
 * the one-shot timer and idling use the EL1 virtual timer (CNTV_CVAL_EL0
 * holds an absolute counter value, so no deadline is out of reach).
 * Two deadlines share it, as on x86_64: the one armed through
 * ukplat_timer_arm (a scheduler's) and the wake-up of
 * ukplat_lcpu_halt_irq_until; it is set for the earlier one. The GIC and
 * the timer interrupt are set up on first use.
 */
#include <kvm/arm64/devices.h>
#include <kvm/arm64/boot.h>
#include <uk/arch/cpu.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define CNTV_CTL_ENABLE 1UL
#define DEFAULT_VIRT_TIMER_INTID 27 /* PPI 11, the architected one */

static __u64 freq;
static __u64 ns_mult; /* ns = ticks * ns_mult >> 32 */
static ukplat_timer_handler_t handler;
static void *handler_arg;
static __nsec user_deadline; /* 0: not armed */
static __nsec wake_deadline; /* 0: nobody halting with a limit */
static int ready;

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

static void timer_init(void)
{
	int rc = kvm_gic_init();

	if (rc == 0)
		rc = kvm_gic_enable(kvm_timer_intid(), 0);
	if (rc < 0)
		UK_CRASH("the timer needs the GIC, and there is none usable (%d)",
			 rc);
	kvm_timer_freq();
	ready = 1;
}

/* Program the virtual timer for the earlier deadline. Interrupts masked. */
static void program(void)
{
	__nsec d = user_deadline;

	if (!d || (wake_deadline && wake_deadline < d))
		d = wake_deadline;
	if (!d) {
		ukarch_sysreg_write(cntv_ctl_el0, 0);
	} else {
		__u64 ticks = (__u64)((unsigned __int128)d * freq /
				      UKPLAT_NSEC_PER_SEC);

		/* Rounded down, then one more: never before the deadline. */
		ukarch_sysreg_write(cntv_cval_el0, kvm_boot_counter + ticks + 1);
		ukarch_sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	}
	ukarch_isb();
}

void kvm_timer_irq(void)
{
	__nsec now = ukplat_monotonic_clock();
	int fire = user_deadline && now >= user_deadline;

	if (fire)
		user_deadline = 0;
	if (wake_deadline && now >= wake_deadline)
		wake_deadline = 0;
	program(); /* the interrupt line drops (or the next deadline is set) */
	kvm_gic_eoi(kvm_timer_intid());
	/* Last: the handler may re-arm, or switch to another thread. */
	if (fire && handler)
		handler(handler_arg);
}

void ukplat_timer_set_handler(ukplat_timer_handler_t h, void *arg)
{
	unsigned long flags = ukarch_irq_save();

	handler = h;
	handler_arg = arg;
	if (flags)
		ukarch_irq_enable();
}

ukplat_timer_handler_t ukplat_timer_get_handler(void **arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf(); /* a consistent pair */
	ukplat_timer_handler_t h = handler;

	if (arg)
		*arg = handler_arg;
	ukplat_lcpu_restore_irqf(flags);
	return h;
}

void ukplat_timer_arm(__nsec deadline)
{
	unsigned long flags = ukarch_irq_save();

	if (!ready)
		timer_init();
	user_deadline = deadline;
	program();
	if (flags)
		ukarch_irq_enable();
}

void ukplat_lcpu_halt_irq_until(__nsec until)
{
	UK_ASSERT(ukplat_lcpu_irqs_disabled());
	if (!ready)
		timer_init();
	if (until) {
		if (ukplat_monotonic_clock() >= until)
			return;
		wake_deadline = until;
		program();
	}
	ukarch_irq_wait_masked();
	if (until && wake_deadline) { /* woken by something else */
		wake_deadline = 0;
		program();
	}
}
