/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two of SQLite's programs in one image: "speedtest1 ARGS..." runs
 * SQLite's speedtest1 with ARGS (its argv[0] is "speedtest1"); any other
 * command line is the sqlite3 shell's, as on Linux.
 */
#include <stdio.h>
#include <string.h>

int sqlite3_shell_main(int argc, char **argv);
#ifdef CONFIG_APPSQLITE3_SPEEDTEST1
int speedtest1_main(int argc, char **argv);
#endif

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "speedtest1") == 0) {
#ifdef CONFIG_APPSQLITE3_SPEEDTEST1
		return speedtest1_main(argc - 1, argv + 1);
#else
		fprintf(stderr, "speedtest1 is not in this image "
				"(CONFIG_APPSQLITE3_SPEEDTEST1)\n");
		return 1;
#endif
	}
	return sqlite3_shell_main(argc, argv);
}
