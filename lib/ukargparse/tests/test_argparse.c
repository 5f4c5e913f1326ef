/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/argparse.h>
#include <string.h>
#include <errno.h>

static int split(const char *line, char *buf, char *argv[], int max)
{
	strcpy(buf, line);
	return uk_argnparse(buf, strlen(buf) + 1, argv, max);
}

UK_TESTCASE(ukargparse, plain_words)
{
	char buf[64], *argv[8];

	UK_TEST_ASSERT_SNUM_EQ(split("  one two\tthree\n", buf, argv, 8), 3);
	UK_TEST_EXPECT_STR_EQ(argv[0], "one");
	UK_TEST_EXPECT_STR_EQ(argv[1], "two");
	UK_TEST_EXPECT_STR_EQ(argv[2], "three");
	UK_TEST_EXPECT_SNUM_EQ(split("", buf, argv, 8), 0);
	UK_TEST_EXPECT_SNUM_EQ(split("   ", buf, argv, 8), 0);
}

UK_TESTCASE(ukargparse, quotes_and_escapes)
{
	char buf[128], *argv[8];

	UK_TEST_ASSERT_SNUM_EQ(
		split("a 'b c' \"d \\\"e\\\"\" f\\ g h'i'j '' \"\"", buf, argv, 8), 7);
	UK_TEST_EXPECT_STR_EQ(argv[0], "a");
	UK_TEST_EXPECT_STR_EQ(argv[1], "b c");
	UK_TEST_EXPECT_STR_EQ(argv[2], "d \"e\"");
	UK_TEST_EXPECT_STR_EQ(argv[3], "f g");
	UK_TEST_EXPECT_STR_EQ(argv[4], "hij");
	UK_TEST_EXPECT_STR_EQ(argv[5], "");
	UK_TEST_EXPECT_STR_EQ(argv[6], "");
	UK_TEST_ASSERT_SNUM_EQ(split("'a\\b' -- x", buf, argv, 8), 3);
	UK_TEST_EXPECT_STR_EQ(argv[0], "a\\b");
	UK_TEST_EXPECT_STR_EQ(argv[1], "--");
}

UK_TESTCASE(ukargparse, errors)
{
	char buf[64], *argv[2];

	UK_TEST_EXPECT_SNUM_EQ(split("'open", buf, argv, 2), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(split("\"open", buf, argv, 2), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(split("trailing\\", buf, argv, 2), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(split("a b c", buf, argv, 2), -E2BIG);
	/* maxlen stops at the buffer end even without a NUL */
	memcpy(buf, "ab cd", 5);
	UK_TEST_EXPECT_SNUM_EQ(uk_argnparse(buf, 3, argv, 2), 1);
	UK_TEST_EXPECT_STR_EQ(argv[0], "ab");
	memcpy(buf, "abcd", 4);
	UK_TEST_EXPECT_SNUM_EQ(uk_argnparse(buf, 4, argv, 2), -ENOSPC);
}
