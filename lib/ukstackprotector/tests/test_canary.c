/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/test.h>
#include <uk/stackprotector.h>
#include <uk/plat/random.h>
#include <errno.h>

UK_TESTCASE(ukstackprotector, the_canary_was_replaced_at_boot)
{
	UK_TEST_EXPECT(__stack_chk_guard != 0x2f8a5c39d4e6b100UL);
	UK_TEST_EXPECT(__stack_chk_guard != 0);
	UK_TEST_EXPECT_ZERO(__stack_chk_guard & 0xff);
}

UK_TESTCASE(ukstackprotector, the_random_source_gives_different_words)
{
	unsigned long a = 0, b = 0;
	int rc1 = ukplat_random_bytes(&a, sizeof(a));
	int rc2 = ukplat_random_bytes(&b, sizeof(b));

	UK_TEST_EXPECT(rc1 == 0 || rc1 == -ENODEV);
	UK_TEST_EXPECT_SNUM_EQ(rc1, rc2);
	UK_TEST_EXPECT(a != b);
}
