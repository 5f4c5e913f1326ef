/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu: interrupts are the timer signal (SIGALRM). Masking sets a flag
 * (no system call); the signal handler finds the flag set, marks the
 * interrupt pending and returns, and unmasking runs what is pending.
 * Handlers run on the interrupted thread's stack, so a handler may switch
 * threads: the signal frame (registers, FPU state) stays on that stack
 * until the thread is switched back to and the handler returns.
 * Idling blocks in the host (ppoll) with the signal unblocked atomically.
 */
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/assert.h>
#include <linuxu/irq.h>
#include <linuxu/signal.h>
#include <linuxu/syscall.h>

#define LINUX_SA_NODEFER 0x40000000
#define LINUX_SIG_BLOCK 0
#define SIGALRM_BIT (1UL << (LINUX_SIGALRM - 1))

static volatile int irqs_masked;
static volatile int irq_pending;

/* Interrupts masked: run the handlers of what is pending. */
static void dispatch(void)
{
	irq_pending = 0;
	barrier();
	linuxu_timer_interrupt();
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long flags = irqs_masked;

	irqs_masked = 1;
	barrier();
	return flags;
}

void ukplat_lcpu_enable_irq(void)
{
	barrier();
	irqs_masked = 0;
	barrier();
	while (unlikely(irq_pending)) {
		irqs_masked = 1;
		barrier();
		dispatch();
		barrier();
		irqs_masked = 0;
		barrier();
	}
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags) {
		irqs_masked = 1;
		barrier();
	} else {
		ukplat_lcpu_enable_irq();
	}
}

void ukplat_lcpu_disable_irq(void)
{
	irqs_masked = 1;
	barrier();
}

int ukplat_lcpu_irqs_disabled(void)
{
	return irqs_masked;
}

/*
 * SA_NODEFER: the kernel never blocks the signal for us, so threads this
 * handler switches to run with it unblocked whatever path they resume on.
 */
static void timer_signal(int sig __unused, struct linux_siginfo *si __unused,
			 void *uc __unused)
{
	if (irqs_masked) {
		irq_pending = 1;
		return;
	}
	irqs_masked = 1;
	barrier();
	dispatch();
	ukplat_lcpu_enable_irq();
}

int linuxu_irq_init(void)
{
	static int done;
	int rc;

	if (done)
		return 0;
	rc = linuxu_set_signal(LINUX_SIGALRM, timer_signal,
			       LINUX_SA_SIGINFO | LINUX_SA_NODEFER |
				       LINUX_SA_RESTART);
	if (rc == 0)
		done = 1;
	return rc;
}

static long sigprocmask(int how, unsigned long set)
{
	return linuxu_syscall4(__NR_rt_sigprocmask, how, (long)&set, 0, 8);
}

void ukplat_lcpu_halt_irq_until(__nsec until)
{
	unsigned long unblocked = 0;
	struct linux_timespec ts, *tmo = 0;

	UK_ASSERT(irqs_masked); /* halting with interrupts on loses wake-ups */
	/* Block the signal in the host, so none slips in between the check
	 * below and ppoll; ppoll unblocks it atomically while it waits. */
	sigprocmask(LINUX_SIG_BLOCK, SIGALRM_BIT);
	if (!irq_pending) {
		if (until) {
			__nsec now = ukplat_monotonic_clock();
			__nsec left = until > now ? until - now : 0;

			ts.tv_sec = (long)(left / UKPLAT_NSEC_PER_SEC);
			ts.tv_nsec = (long)(left % UKPLAT_NSEC_PER_SEC);
			tmo = &ts;
		}
		if (!tmo || ts.tv_sec || ts.tv_nsec)
			linuxu_syscall5(__NR_ppoll, 0, 0, (long)tmo,
					(long)&unblocked, 8);
	}
	sigprocmask(LINUX_SIG_UNBLOCK, SIGALRM_BIT);
	if (irq_pending)
		dispatch();
}
