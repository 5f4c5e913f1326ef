/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's one-shot timer and idling, on both architectures. Two
 * deadlines share the hardware timer: the one armed through
 * ukplat_timer_arm (a scheduler's) and the wake-up of
 * ukplat_lcpu_halt_irq_until; it is set for the earlier one. Every timer
 * interrupt looks at the monotonic clock, clears what has passed and sets
 * the next, so a timer that cannot reach far (the x86 LAPIC's 32-bit
 * count) gets there in steps. The hardware part is plat/kvm/<arch>/timer.c
 * (see kvm/timer.h).
 */
#include <uk/config.h>
#include <kvm/timer.h>
#include <uk/arch/cpu.h>
#include <uk/assert.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

static ukplat_timer_handler_t handler;
static void *handler_arg;
static __nsec user_deadline; /* 0: not armed */
static __nsec wake_deadline; /* 0: nobody halting with a limit */
static int ready;

static void timer_ready(void)
{
	if (!ready) {
		kvm_timer_hw_init();
		ready = 1;
	}
}

/* Set the hardware for the earlier deadline. Interrupts masked. */
static void program(void)
{
	__nsec d = user_deadline;

	if (!d || (wake_deadline && wake_deadline < d))
		d = wake_deadline;
	kvm_timer_hw_set(d);
}

void kvm_timer_tick(void)
{
	__nsec now = ukplat_monotonic_clock();
	int fire = user_deadline && now >= user_deadline;

	if (fire)
		user_deadline = 0;
	if (wake_deadline && now >= wake_deadline)
		wake_deadline = 0;
	program();
	kvm_timer_hw_ack();
	/* Last: the handler may re-arm, or switch to another thread. */
	if (fire && handler)
		handler(handler_arg);
}

void ukplat_timer_set_handler(ukplat_timer_handler_t h, void *arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	handler = h;
	handler_arg = arg;
	ukplat_lcpu_restore_irqf(flags);
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
	unsigned long flags = ukplat_lcpu_save_irqf();

	timer_ready();
	user_deadline = deadline;
	program();
	ukplat_lcpu_restore_irqf(flags);
}

void ukplat_lcpu_halt_irq_until(__nsec until)
{
	UK_ASSERT(ukplat_lcpu_irqs_disabled());
#ifdef CONFIG_ARCH_ARM_64
	/* No interrupt reaches the CPU before the GIC is set up, which the
	 * timer's set-up does: without it, a halt would never end. */
	timer_ready();
#endif
	if (until) {
		timer_ready();
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
