/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu one-shot timer: a host POSIX timer on CLOCK_MONOTONIC (the clock
 * ukplat_monotonic_clock reads) armed with an absolute deadline, which
 * sends SIGALRM, linuxu's interrupt (see lcpu.c). The host never fires it
 * early, so neither do we.
 */
#include <uk/plat/time.h>
#include <uk/plat/lcpu.h>
#include <uk/assert.h>
#include <linuxu/irq.h>
#include <linuxu/setup.h>
#include <linuxu/signal.h>
#include <linuxu/syscall.h>

#define LINUX_SIGEV_SIGNAL 0
#define LINUX_TIMER_ABSTIME 1

struct linux_sigevent {
	unsigned long value;
	int signo;
	int notify;
	int pad[12];
};

struct linux_itimerspec {
	struct linux_timespec interval, value;
};

static ukplat_timer_handler_t handler;
static void *handler_arg;
static int timer_id = -1;

static void timer_create_once(void)
{
	struct linux_sigevent sev = { .signo = LINUX_SIGALRM,
				      .notify = LINUX_SIGEV_SIGNAL };
	int id;
	long rc;

	if (timer_id >= 0)
		return;
	rc = linuxu_irq_init();
	if (rc == 0)
		rc = linuxu_syscall3(__NR_timer_create, LINUX_CLOCK_MONOTONIC,
				     (long)&sev, (long)&id);
	if (rc < 0)
		UK_CRASH("linuxu: the host refuses a timer (error %ld)\n", -rc);
	timer_id = id;
}

void ukplat_timer_set_handler(ukplat_timer_handler_t h, void *arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	if (h)
		timer_create_once();
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
	struct linux_itimerspec its = { { 0, 0 }, { 0, 0 } };
	long rc;

	if (timer_id < 0) {
		if (!deadline)
			return;
		timer_create_once();
	}
	if (deadline) {
		deadline += linuxu_clock_origin; /* the host's clock */
		its.value.tv_sec = (long)(deadline / UKPLAT_NSEC_PER_SEC);
		its.value.tv_nsec = (long)(deadline % UKPLAT_NSEC_PER_SEC);
	}
	rc = linuxu_syscall4(__NR_timer_settime, timer_id, LINUX_TIMER_ABSTIME,
			     (long)&its, 0);
	UK_ASSERT(rc == 0); /* a valid timer and a valid time never fail */
}

void linuxu_timer_interrupt(void)
{
	if (handler)
		handler(handler_arg);
}
