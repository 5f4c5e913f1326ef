/* SPDX-License-Identifier: BSD-3-Clause */
/* Command line to argv (kvm_cmdline_split). */
#include <uk/test.h>
#include <kvm/cmdline.h>
#include <errno.h>
#include <string.h>

static char buf[64];
static char *argv[8];

UK_TESTCASE(kvm_cmdline, words_and_quotes)
{
	int argc = kvm_cmdline_split("  a.b=1 -- 'two words' \"q\\\"x\" ",
				     "img", buf, sizeof(buf), argv, 8);

	UK_TEST_ASSERT_SNUM_EQ(argc, 5);
	UK_TEST_EXPECT_STR_EQ(argv[0], "img");
	UK_TEST_EXPECT_STR_EQ(argv[1], "a.b=1");
	UK_TEST_EXPECT_STR_EQ(argv[2], "--");
	UK_TEST_EXPECT_STR_EQ(argv[3], "two words");
	UK_TEST_EXPECT_STR_EQ(argv[4], "q\"x");
	UK_TEST_EXPECT_NULL(argv[5]);
}

UK_TESTCASE(kvm_cmdline, empty_and_null)
{
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("", "img", buf, sizeof(buf),
						 argv, 8), 1);
	UK_TEST_EXPECT_STR_EQ(argv[0], "img");
	UK_TEST_EXPECT_NULL(argv[1]);
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split(NULL, "img", buf, sizeof(buf),
						 argv, 8), 1);
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split(" \t\n ", "img", buf,
						 sizeof(buf), argv, 8), 1);
}

UK_TESTCASE(kvm_cmdline, malformed_lines_are_errors)
{
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("a 'open", "img", buf,
						 sizeof(buf), argv, 8),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("a \"open", "img", buf,
						 sizeof(buf), argv, 8),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("trailing\\", "img", buf,
						 sizeof(buf), argv, 8),
			       -EINVAL);
	/* 8 slots: argv[0], 6 words, NULL. */
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("1 2 3 4 5 6", "img", buf,
						 sizeof(buf), argv, 8), 7);
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("1 2 3 4 5 6 7", "img", buf,
						 sizeof(buf), argv, 8),
			       -E2BIG);
	UK_TEST_EXPECT(strlen(kvm_cmdline_strerror(-E2BIG)) > 0);
}

UK_TESTCASE(kvm_cmdline, too_long_for_the_buffer)
{
	char small[8];

	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("1234567", "img", small,
						 sizeof(small), argv, 8), 2);
	UK_TEST_EXPECT_STR_EQ(argv[1], "1234567");
	UK_TEST_EXPECT_SNUM_EQ(kvm_cmdline_split("12345678", "img", small,
						 sizeof(small), argv, 8),
			       -ENAMETOOLONG);
}
