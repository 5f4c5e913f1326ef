/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

UK_TESTCASE(nolibc_stdlib, strtol_bases_and_ends)
{
	char *end;

	UK_TEST_EXPECT_SNUM_EQ(strtol("  -123xyz", &end, 10), -123);
	UK_TEST_EXPECT_STR_EQ(end, "xyz");
	UK_TEST_EXPECT_SNUM_EQ(strtol("0x1F", NULL, 0), 31);
	UK_TEST_EXPECT_SNUM_EQ(strtol("017", NULL, 0), 15);
	UK_TEST_EXPECT_SNUM_EQ(strtol("z", NULL, 36), 35);
	UK_TEST_EXPECT_SNUM_EQ(strtol("ff", NULL, 16), 255);
	UK_TEST_EXPECT_SNUM_EQ(strtol("abc", &end, 10), 0);
	UK_TEST_EXPECT_STR_EQ(end, "abc");
	UK_TEST_EXPECT_UNUM_EQ(strtoul("4294967295", NULL, 10), 4294967295UL);
	UK_TEST_EXPECT_SNUM_EQ(atoi("77"), 77);
}

UK_TESTCASE(nolibc_stdlib, strtol_overflow)
{
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(strtoll("9223372036854775807", NULL, 10), LLONG_MAX);
	UK_TEST_EXPECT_SNUM_EQ(errno, 0);
	UK_TEST_EXPECT_SNUM_EQ(strtoll("-9223372036854775808", NULL, 10), LLONG_MIN);
	UK_TEST_EXPECT_SNUM_EQ(errno, 0);
	UK_TEST_EXPECT_SNUM_EQ(strtoll("9223372036854775808", NULL, 10), LLONG_MAX);
	UK_TEST_EXPECT_SNUM_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(strtoll("-99999999999999999999", NULL, 10), LLONG_MIN);
	UK_TEST_EXPECT_SNUM_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT_UNUM_EQ(strtoull("18446744073709551616", NULL, 10), ULLONG_MAX);
	UK_TEST_EXPECT_SNUM_EQ(errno, ERANGE);
	UK_TEST_EXPECT_UNUM_EQ(strtoull("-1", NULL, 10), ULLONG_MAX);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

UK_TESTCASE(nolibc_stdlib, qsort_and_bsearch)
{
	int v[200];
	unsigned int seed = 12345;
	int key, *found;

	for (int i = 0; i < 200; i++)
		v[i] = rand_r(&seed) % 1000 - 500;
	qsort(v, 200, sizeof(int), cmp_int);
	for (int i = 1; i < 200; i++)
		UK_TEST_ASSERT(v[i - 1] <= v[i]);
	key = v[137];
	found = bsearch(&key, v, 200, sizeof(int), cmp_int);
	UK_TEST_EXPECT_NOT_NULL(found);
	if (found)
		UK_TEST_EXPECT_SNUM_EQ(*found, key);
	key = 100000;
	UK_TEST_EXPECT_NULL(bsearch(&key, v, 200, sizeof(int), cmp_int));
	qsort(v, 0, sizeof(int), cmp_int);
	qsort(v, 1, sizeof(int), cmp_int);
}

UK_TESTCASE(nolibc_stdlib, ctype)
{
	UK_TEST_EXPECT(isdigit('7') && !isdigit('a') && !isdigit(-1));
	UK_TEST_EXPECT(isspace(' ') && isspace('\t') && isspace('\n') && !isspace('x'));
	UK_TEST_EXPECT(isxdigit('F') && isxdigit('a') && !isxdigit('g'));
	UK_TEST_EXPECT_SNUM_EQ(toupper('q'), 'Q');
	UK_TEST_EXPECT_SNUM_EQ(tolower('Q'), 'q');
	UK_TEST_EXPECT_SNUM_EQ(tolower('1'), '1');
	UK_TEST_EXPECT(ispunct('!') && !ispunct('a') && !ispunct(' '));
}
