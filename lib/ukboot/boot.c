/* SPDX-License-Identifier: BSD-3-Clause */
/* From the platform's entry to main() and back out. */
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/bootstrap.h>
#ifdef CONFIG_LIBUKSTACKPROTECTOR
#include <uk/stackprotector.h>
#endif
#include <stdlib.h>

extern const struct uk_init_entry __start_uk_inittab[] __weak;
extern const struct uk_init_entry __stop_uk_inittab[] __weak;

int main(int argc, char *argv[]);

int uk_boot_find_separator(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] == '-' && !argv[i][2])
			return i;
	return 0;
}

/* Entries are few: one pass per class and priority keeps them in order. */
int uk_boot_run_inittab(void)
{
	for (int cls = UK_INIT_EARLY; cls <= UK_INIT_LATE; cls++)
		for (int prio = 0; prio <= 9; prio++)
			for (const struct uk_init_entry *e = __start_uk_inittab;
			     e < __stop_uk_inittab; e++) {
				int rc;

				if (e->cls != cls || e->prio != prio)
					continue;
				rc = e->fn();
				if (rc < 0) {
					uk_pr_crit("init function %s failed: %d\n",
						   e->name, rc);
					return rc;
				}
			}
	return 0;
}

void ukplat_entry(int argc, char *argv[])
{
	int sep, rc;

#ifdef CONFIG_LIBUKSTACKPROTECTOR
	/* First: every function that returns from now on sees this canary. */
	uk_stack_protector_init();
#endif
	sep = uk_boot_find_separator(argc, argv);

	if (sep) {
		if (uk_libparam_parse(sep - 1, argv + 1) < 0)
			ukplat_exit(UKPLAT_EXIT_USAGE);
		/* The application sees argv[0], then what follows "--". */
		argv[sep] = argv[0];
		argv += sep;
		argc -= sep;
	}
#ifdef CONFIG_LIBUKBOOT_BANNER
	uk_pr_raw("Tessera: " CONFIG_UK_NAME " (" CONFIG_UK_ARCH ")\n");
#endif
	if (uk_boot_run_inittab() < 0)
		ukplat_terminate(UKPLAT_CRASH);
#ifdef CONFIG_HAVE_SCHED
	rc = uk_boot_sched_main(main, argc, argv); /* main in its own thread */
#else
	rc = main(argc, argv);
#endif
	exit(rc); /* the C library flushes stdio and runs atexit handlers */
}
