/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/libparam.h>
#include <string.h>
#include <errno.h>

static int t_bool;
static int t_int = 5;
static long t_long;
static unsigned long t_ulong;
static __sz t_size;
static const char *t_str = "default";

UK_LIBPARAM(uktest_lp, b, bool, &t_bool, "test: a boolean");
UK_LIBPARAM(uktest_lp, i, int, &t_int, "test: an int");
UK_LIBPARAM(uktest_lp, l, long, &t_long, "test: a long");
UK_LIBPARAM(uktest_lp, u, ulong, &t_ulong, "test: an unsigned long");
UK_LIBPARAM(uktest_lp, sz, size, &t_size, "test: a size");
UK_LIBPARAM(uktest_lp, s, str, &t_str, "test: a string");

static int parse1(const char *word)
{
	static char buf[64];
	char *argv[1] = { buf };

	strcpy(buf, word);
	return uk_libparam_parse(1, argv);
}

UK_TESTCASE(uklibparam, sets_each_type)
{
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.b=yes"), 0);
	UK_TEST_EXPECT_SNUM_EQ(t_bool, 1);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.b=off"), 0);
	UK_TEST_EXPECT_SNUM_EQ(t_bool, 0);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.i=-2147483648"), 0);
	UK_TEST_EXPECT_SNUM_EQ(t_int, -2147483647 - 1);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.l=0x10"), 0);
	UK_TEST_EXPECT_SNUM_EQ(t_long, 16);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.u=18446744073709551615"), 0);
	UK_TEST_EXPECT_UNUM_EQ(t_ulong, 18446744073709551615UL);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.sz=3M"), 0);
	UK_TEST_EXPECT_UNUM_EQ(t_size, 3UL << 20);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.sz=2g"), 0);
	UK_TEST_EXPECT_UNUM_EQ(t_size, 2UL << 30);
	UK_TEST_ASSERT_SNUM_EQ(parse1("uktest_lp.s=a=b"), 0);
	UK_TEST_EXPECT_STR_EQ(t_str, "a=b");
}

UK_TESTCASE(uklibparam, rejects_bad_values_and_keeps_old)
{
	t_int = 9;
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.i=2147483648"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.i=12abc"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.i="), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(t_int, 9);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.u=-1"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.sz=20000000T"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.b=maybe"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("uktest_lp.nosuch=1"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("noequals"), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(parse1("=1"), -EINVAL);
}

UK_TESTCASE(uklibparam, find_needs_whole_name)
{
	UK_TEST_EXPECT_NOT_NULL(uk_libparam_find("uktest_lp.s", 11));
	UK_TEST_EXPECT_NULL(uk_libparam_find("uktest_lp.", 10));
	UK_TEST_EXPECT_NULL(uk_libparam_find("uktest_lp.ss", 12));
}

static const char *t_strv_vals[2];
static struct uk_libparam_strv t_strv = UK_LIBPARAM_STRV_INIT(t_strv_vals);
UK_LIBPARAM(uktest_lp, sv, strv, &t_strv, "test: a repeatable string");

UK_TESTCASE(uklibparam, repeatable_string_keeps_order_and_limit)
{
	static char a[] = "uktest_lp.sv=first", b[] = "uktest_lp.sv=",
		    c[] = "uktest_lp.sv=third";
	char *argv[3] = { a, b, c };

	t_strv.n = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse(2, argv), 0);
	UK_TEST_ASSERT_SNUM_EQ(t_strv.n, 2);
	UK_TEST_EXPECT_ZERO(strcmp(t_strv.v[0], "first"));
	UK_TEST_EXPECT_ZERO(strcmp(t_strv.v[1], ""));
	/* a third value does not fit in two */
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse(1, argv + 2), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(t_strv.n, 2);
	t_strv.n = 0;
}

UK_TESTCASE(uklibparam, list_form_of_a_repeatable_string)
{
	static char a[] = "uktest_lp.sv=[", b[] = "fs1:/:9pfs:::mkmp",
		    c[] = "]", d[] = "uktest_lp.i=7", e[] = "uktest_lp.sv=[x",
		    f[] = "y]", g[] = "uktest_lp.sv=[", h[] = "open";
	char *argv[4] = { a, b, c, d };
	char *glued[2] = { e, f };
	char *unclosed[2] = { g, h };

	t_strv.n = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse(4, argv), 0);
	UK_TEST_ASSERT_SNUM_EQ(t_strv.n, 1);
	UK_TEST_EXPECT_ZERO(strcmp(t_strv.v[0], "fs1:/:9pfs:::mkmp"));
	UK_TEST_EXPECT_SNUM_EQ(t_int, 7); /* the word after "]" is a parameter */
	t_strv.n = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse(2, glued), 0);
	UK_TEST_ASSERT_SNUM_EQ(t_strv.n, 2);
	UK_TEST_EXPECT_ZERO(strcmp(t_strv.v[0], "x"));
	UK_TEST_EXPECT_ZERO(strcmp(t_strv.v[1], "y"));
	t_strv.n = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse(2, unclosed), -EINVAL);
	t_strv.n = 0;
}
