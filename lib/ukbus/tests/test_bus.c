/* SPDX-License-Identifier: BSD-3-Clause */
/* The bus registry: a test bus registered like any other. */
#include <uk/test.h>
#include <uk/bus.h>
#include <stddef.h>

static int test_inits, test_probes;

static int test_bus_init(void)
{
	test_inits++;
	return 0;
}

static int test_bus_probe(void)
{
	/* init of every bus comes before any probe */
	return test_inits ? (test_probes++, 2) : -1;
}

static const struct uk_bus test_bus = {
	.name = "uktest", .init = test_bus_init, .probe = test_bus_probe,
};
UK_BUS_REGISTER(&test_bus);

UK_TESTCASE(ukbus, registered_bus_was_probed_once_at_boot)
{
	int found = 0;

	UK_TEST_ASSERT(uk_bus_count() >= 1);
	for (int i = 0; i < uk_bus_count(); i++)
		if (uk_bus_get(i) == &test_bus)
			found++;
	UK_TEST_EXPECT_SNUM_EQ(found, 1);
	UK_TEST_EXPECT_SNUM_EQ(test_inits, 1);
	UK_TEST_EXPECT_SNUM_EQ(test_probes, 1);
	UK_TEST_EXPECT_NULL(uk_bus_get(uk_bus_count()));
	UK_TEST_EXPECT_NULL(uk_bus_get(-1));
}
