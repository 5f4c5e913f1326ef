/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/boot.h>
#include <uk/init.h>

static int order[8], norder;

static int early_late(void) { order[norder++] = 3; return 0; }
static int early_first(void) { order[norder++] = 1; return 0; }
static int lib_init(void) { order[norder++] = 4; return 0; }
static int early_mid(void) { order[norder++] = 2; return 0; }
uk_lib_initcall(lib_init);
uk_early_initcall_prio(early_late, 9);
uk_early_initcall_prio(early_first, 0);
uk_early_initcall(early_mid);

UK_TESTCASE(ukboot, inittab_runs_in_class_and_priority_order)
{
	/* Ran at boot, before the tests. */
	UK_TEST_ASSERT_SNUM_EQ(norder, 4);
	for (int i = 0; i < 4; i++)
		UK_TEST_EXPECT_SNUM_EQ(order[i], i + 1);
}

UK_TESTCASE(ukboot, separator)
{
	char a0[] = "img", a1[] = "x=1", dd[] = "--", a3[] = "--";
	char *argv[] = { a0, a1, dd, a3 };

	UK_TEST_EXPECT_SNUM_EQ(uk_boot_find_separator(4, argv), 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_boot_find_separator(2, argv), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_boot_find_separator(1, argv), 0);
}
