/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall-clock time on xen: none yet. A dom0less domain has no source (Xen
 * on arm has no RTC of its own and no dom0 sets its clock), and the
 * shared-info page's clock, which xl-created domains could read, is not
 * read yet (doc/platform-xen.md). The monotonic clock since 1970-01-01 is
 * what ukplat_wall_clock gives, with one message saying so.
 */
#include <uk/print.h>
#include <uk/plat/time.h>

__nsec ukplat_wall_clock(void)
{
	static int said;

	if (unlikely(!said)) {
		said = 1;
		uk_pr_err("xen: no wall clock (a dom0less domain has none): wall-clock time starts at 1970-01-01\n");
	}
	return ukplat_monotonic_clock();
}
