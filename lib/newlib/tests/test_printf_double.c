/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf converts a double exactly, digit for digit as glibc does
 * (patches/0009: newlib's long-double conversion stops after 42
 * significant digits), and long doubles still print.
 */
#include <uk/test.h>
#include <float.h>
#include <stdio.h>
#include <string.h>

static char buf[512];

UK_TESTCASE(newlib_printf, doubles_print_all_their_digits)
{
	volatile double third = 1.0 / 3, googol = 1e100;

	snprintf(buf, sizeof(buf), "%.60f", third);
	UK_TEST_EXPECT_STR_EQ(buf, "0.333333333333333314829616256247390992939472198486328125000000");
	snprintf(buf, sizeof(buf), "%.0f", googol);
	UK_TEST_EXPECT_STR_EQ(buf, "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104");
	snprintf(buf, sizeof(buf), "%.20g|%.3e|%g", 0.1, 2.5e-320, 1e-5);
	UK_TEST_EXPECT_STR_EQ(buf, "0.10000000000000000555|2.500e-320|1e-05");
	snprintf(buf, sizeof(buf), "%f", DBL_MAX);
	UK_TEST_EXPECT_SNUM_EQ(strlen(buf), 309 + 7);
	UK_TEST_EXPECT_STR_EQ(buf + 300, "124858368.000000");
}

UK_TESTCASE(newlib_printf, long_doubles_still_print)
{
	volatile long double x = 1.5L;

	snprintf(buf, sizeof(buf), "%.3Lf|%Lg|%.2Le", x, x * 4, x);
	UK_TEST_EXPECT_STR_EQ(buf, "1.500|6|1.50e+00");
}
