/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu clocks: the host's CLOCK_MONOTONIC and CLOCK_REALTIME. */
#include <uk/plat/time.h>
#include <linuxu/syscall.h>

static __nsec host_clock(int clk)
{
	struct linux_timespec ts;

	if (linuxu_clock_gettime(clk, &ts) < 0)
		return 0;
	return (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec;
}

__nsec ukplat_monotonic_clock(void)
{
	return host_clock(LINUX_CLOCK_MONOTONIC);
}

__nsec ukplat_wall_clock(void)
{
	return host_clock(LINUX_CLOCK_REALTIME);
}
