/* SPDX-License-Identifier: BSD-3-Clause */
/* Runs the registered test cases at boot and prints the results. */
#include <uk/test.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <stdio.h>

extern struct uk_testcase __start_uk_testtab[] __weak;
extern struct uk_testcase __stop_uk_testtab[] __weak;

int _uk_test_fail(struct uk_testcase *tc, const char *file, int line,
		  const char *fmt, ...)
{
	va_list ap;

	tc->failed = 1;
	uk_pr_raw("    %s:%d: ", file, line);
	va_start(ap, fmt);
	uk_vpr_raw(fmt, ap);
	va_end(ap);
	uk_pr_raw("\n");
	return 0;
}

int uk_test_run_all(void)
{
	int passed = 0, failed = 0, skipped = 0;

	fflush(stdout);
	for (struct uk_testcase *tc = __start_uk_testtab;
	     tc < __stop_uk_testtab; tc++) {
		tc->failed = 0;
		tc->skipped = NULL;
		tc->fn(tc);
		if (tc->failed) {
			uk_pr_raw("[ FAILED ] %s: %s\n", tc->suite, tc->name);
			failed++;
		} else if (tc->skipped) {
			uk_pr_raw("[ SKIPPED ] %s: %s: %s\n", tc->suite, tc->name,
				  tc->skipped);
			skipped++;
		} else {
			uk_pr_raw("[ PASSED ] %s: %s\n", tc->suite, tc->name);
			passed++;
		}
	}
	uk_pr_raw("uktest: %d passed, %d failed, %d skipped\n", passed, failed,
		  skipped);
	return failed;
}

static int uktest_init(void)
{
	int failed __maybe_unused = uk_test_run_all();

#ifdef CONFIG_LIBUKTEST_EXIT_AFTER
	ukplat_exit(failed ? 1 : 0);
#endif
#ifdef CONFIG_LIBUKTEST_EXIT_ON_FAILURE
	if (failed)
		ukplat_exit(1);
#endif
	return 0;
}
uk_late_initcall_prio(uktest_init, 9);
