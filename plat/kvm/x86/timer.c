/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-shot timer of the platform API and idling, on the local APIC
 * timer. Two deadlines share it: the one armed through ukplat_timer_arm
 * (a scheduler's) and the wake-up of ukplat_lcpu_halt_irq_until; it is
 * programmed for the earlier one. A deadline further away than the
 * timer's 32-bit count reaches is approached in steps: every interrupt
 * checks the monotonic clock and re-programs until the deadline passed.
 */
#include <kvm/x86/intctrl.h>
#include <kvm/x86/traps.h>
#include <kvm/x86/clock.h>
#include <uk/arch/cpu.h>
#include <uk/assert.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

static ukplat_timer_handler_t handler;
static void *handler_arg;
static __nsec user_deadline; /* 0: not armed */
static __nsec wake_deadline; /* 0: nobody halting with a limit */
static int ready;

static void timer_init(void)
{
	int rc = kvm_lapic_init();

	if (rc < 0)
		UK_CRASH("the timer needs a local APIC, and there is none usable (%d)",
			 rc);
	ready = 1;
}

/* Program the APIC timer for the earlier deadline. Interrupts masked. */
static void program(void)
{
	__nsec d = user_deadline, now, delta;
	unsigned __int128 count;

	if (!d || (wake_deadline && wake_deadline < d))
		d = wake_deadline;
	if (!d) {
		kvm_lapic_timer_start(0);
		return;
	}
	now = ukplat_monotonic_clock();
	delta = d > now ? d - now : 0;
	count = (unsigned __int128)delta * kvm_lapic_timer_hz() /
			UKPLAT_NSEC_PER_SEC + 1;
	kvm_lapic_timer_start(count > 0xffffffffU ? 0xffffffffU
						  : (__u32)count);
}

void kvm_x86_timer_irq(void)
{
	__nsec now = ukplat_monotonic_clock();
	int fire = user_deadline && now >= user_deadline;

	if (fire)
		user_deadline = 0;
	if (wake_deadline && now >= wake_deadline)
		wake_deadline = 0;
	program();
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
	if (until) {
		if (!ready)
			timer_init();
		if (ukplat_monotonic_clock() >= until)
			return;
		wake_deadline = until;
		program();
	}
	ukarch_irq_enable_and_halt();
	ukarch_irq_disable();
	if (until && wake_deadline) { /* woken by something else */
		wake_deadline = 0;
		program();
	}
}
