/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linuxu clocks: the host's CLOCK_MONOTONIC, counted from the process's
 * start (so it reads like a guest's time since boot), and CLOCK_REALTIME.
 */
#include <uk/plat/time.h>
#include <linuxu/setup.h>
#include <linuxu/syscall.h>

__u64 linuxu_clock_origin;

static __nsec host_clock(int clk)
{
	struct linux_timespec ts;

	if (linuxu_clock_gettime(clk, &ts) < 0)
		return 0;
	return (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec;
}

void linuxu_clock_init(void)
{
	linuxu_clock_origin = host_clock(LINUX_CLOCK_MONOTONIC);
}

__nsec ukplat_monotonic_clock(void)
{
	return host_clock(LINUX_CLOCK_MONOTONIC) - linuxu_clock_origin;
}

__nsec ukplat_wall_clock(void)
{
	return host_clock(LINUX_CLOCK_REALTIME);
}
