/* SPDX-License-Identifier: BSD-3-Clause */
/* The bus registry, and probing every bus at boot. */
#include <uk/bus.h>
#include <uk/init.h>
#include <uk/print.h>
#include <stddef.h>

extern const struct uk_bus *const __start_uk_bustab[] __weak;
extern const struct uk_bus *const __stop_uk_bustab[] __weak;

int uk_bus_count(void)
{
	return (int)(__stop_uk_bustab - __start_uk_bustab);
}

const struct uk_bus *uk_bus_get(int i)
{
	if (i < 0 || i >= uk_bus_count())
		return NULL;
	return __start_uk_bustab[i];
}

int uk_bus_probe_all(void)
{
	int n = uk_bus_count(), total = 0, rc;

	for (int i = 0; i < n; i++) {
		const struct uk_bus *b = __start_uk_bustab[i];

		if (b->init && (rc = b->init()) < 0) {
			uk_pr_err("bus %s: initialisation failed (%d)\n",
				  b->name, rc);
			return rc;
		}
	}
	for (int i = 0; i < n; i++) {
		const struct uk_bus *b = __start_uk_bustab[i];

		rc = b->probe ? b->probe() : 0;
		if (rc < 0) {
			uk_pr_err("bus %s: probing failed (%d)\n", b->name, rc);
			return rc;
		}
		uk_pr_info("bus %s: %d device%s\n", b->name, rc,
			   rc == 1 ? "" : "s");
		total += rc;
	}
	return total;
}

static int ukbus_init(void)
{
	int rc = uk_bus_probe_all();

	return rc < 0 ? rc : 0;
}
uk_plat_initcall(ukbus_init);
