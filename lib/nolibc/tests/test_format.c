/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stdint.h>

/* Some cases pass what the compiler rightly warns about (NULL for %s, %y). */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define EXPECT_FMT(want, ...)                                                  \
	do {                                                                   \
		char b[128];                                                   \
		int n = snprintf(b, sizeof(b), __VA_ARGS__);                   \
		UK_TEST_EXPECT_STR_EQ(b, want);                                \
		UK_TEST_EXPECT_SNUM_EQ(n, (int)strlen(want));                  \
	} while (0)

UK_TESTCASE(nolibc_printf, integers)
{
	EXPECT_FMT("42 -7 0", "%d %i %u", 42, -7, 0);
	EXPECT_FMT("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	EXPECT_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT_FMT("ff FF 0xff 777 0777", "%x %X %#x %o %#o", 255, 255, 255, 511, 511);
	EXPECT_FMT("12 65535 -1 255", "%zu %hu %hhd %hhu", (size_t)12, 65535, 255, 255);
	EXPECT_FMT("0x0", "%p", (void *)0);
	EXPECT_FMT("0x1234", "%p", (void *)0x1234);
}

UK_TESTCASE(nolibc_printf, width_precision_flags)
{
	EXPECT_FMT("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	EXPECT_FMT("+42| 42|-042", "%+d|% d|%04d", 42, 42, -42);
	EXPECT_FMT("  007|0x002a", "%5.3d|%#06x", 7, 42);
	EXPECT_FMT("    7", "%*d", 5, 7);
	EXPECT_FMT("7    |", "%*d|", -5, 7);
	EXPECT_FMT("", "%.0d", 0);
	EXPECT_FMT("abc|  abc|ab", "%s|%5s|%.2s", "abc", "abc", "abc");
	EXPECT_FMT("(null)", "%s", (char *)NULL);
	EXPECT_FMT("x|  y|%", "%c|%3c|%%", 'x', 'y');
	EXPECT_FMT("%y", "%y");
}

UK_TESTCASE(nolibc_printf, floats)
{
	EXPECT_FMT("3.141593", "%f", 3.14159265);
	EXPECT_FMT("3.14", "%.2f", 3.14159);
	EXPECT_FMT("-0.50", "%.2f", -0.5);
	EXPECT_FMT("1.000000e+06", "%e", 1e6);
	EXPECT_FMT("1.5E-03", "%.1E", 0.0015);
	EXPECT_FMT("0.0001 100000 1e+06 1.5", "%g %g %g %g", 0.0001, 1e5, 1e6, 1.5);
	EXPECT_FMT("inf -inf nan", "%f %f %f", __builtin_inf(), -__builtin_inf(),
		   __builtin_nan(""));
	EXPECT_FMT("  2.5", "%5.1f", 2.5);
	EXPECT_FMT("3", "%.0f", 2.5 + 0.1);
}

UK_TESTCASE(nolibc_printf, truncation_returns_full_length)
{
	char b[8];
	int n = snprintf(b, sizeof(b), "%s", "0123456789");

	UK_TEST_EXPECT_SNUM_EQ(n, 10);
	UK_TEST_EXPECT_STR_EQ(b, "0123456");
	n = snprintf(NULL, 0, "%d", 12345);
	UK_TEST_EXPECT_SNUM_EQ(n, 5);
	b[0] = 'z';
	snprintf(b, 1, "abc");
	UK_TEST_EXPECT_SNUM_EQ(b[0], 0);
}
