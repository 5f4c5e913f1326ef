/* SPDX-License-Identifier: BSD-3-Clause */
/* The xen platform's own parts: hypercalls, the console, event channels. */
#include <uk/test.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <xen/evtchn.h>
#include <xen/hypercall.h>
#include <errno.h>
#include <string.h>

UK_TESTCASE(xen_hypercall, unknown_hypercall_is_enosys_and_named)
{
	long rc = xen_hypercall(60, 0, 0, 0, 0, 0);

	UK_TEST_EXPECT_SNUM_EQ(rc, -38);
	UK_TEST_EXPECT(strcmp(xen_strerror(rc), "hypercall not implemented") ==
		       0);
}

UK_TESTCASE(xen_console, console_io_writes_the_whole_buffer)
{
	static const char line[] = "xen_console: a line through console_io\n";

	UK_TEST_EXPECT_SNUM_EQ(ukplat_coutk(line, sizeof(line) - 1),
			       (long)sizeof(line) - 1);
}

static volatile int fired;
static volatile unsigned int fired_port;

static void on_event(unsigned int port, void *arg)
{
	fired_port = port;
	fired++;
	(*(int *)arg)++;
}

/* Wait with interrupts on until fired reaches n or a second passes. */
static void wait_fired(int n)
{
	__nsec give_up = ukplat_monotonic_clock() + ukarch_time_msec_to_nsec(1000);
	unsigned long flags = ukplat_lcpu_save_irqf();

	while (fired < n && ukplat_monotonic_clock() < give_up)
		ukplat_lcpu_halt_irq_until(give_up);
	ukplat_lcpu_restore_irqf(flags);
}

UK_TESTCASE(xen_evtchn, an_ipi_port_sent_to_reaches_its_handler)
{
	static int calls;
	unsigned int port = 0;

	UK_TEST_ASSERT_SNUM_EQ(xen_evtchn_init(), 0);
	UK_TEST_ASSERT_SNUM_EQ(xen_evtchn_bind_ipi(&port), 0);
	UK_TEST_EXPECT(port > 0 && port < XEN_EVTCHN_PORTS);
	UK_TEST_ASSERT_SNUM_EQ(xen_evtchn_bind(port, on_event, &calls), 0);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_bind(port, on_event, &calls), -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_send(port), 0);
	wait_fired(1);
	UK_TEST_EXPECT_SNUM_EQ(fired, 1);
	UK_TEST_EXPECT_SNUM_EQ(calls, 1);
	UK_TEST_EXPECT_UNUM_EQ(fired_port, port);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_send(port), 0);
	wait_fired(2);
	UK_TEST_EXPECT_SNUM_EQ(fired, 2);
	/* Unbound (masked): a send is not delivered. */
	xen_evtchn_unbind(port);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_send(port), 0);
	wait_fired(3);
	UK_TEST_EXPECT_SNUM_EQ(fired, 2);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_close(port), 0);
	UK_TEST_EXPECT(xen_evtchn_send(port) < 0); /* closed */
}

UK_TESTCASE(xen_evtchn, bad_ports_are_refused)
{
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_bind(XEN_EVTCHN_PORTS, on_event,
					       NULL), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(xen_evtchn_bind(5, NULL, NULL), -EINVAL);
}
