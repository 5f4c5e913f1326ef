/* SPDX-License-Identifier: BSD-3-Clause */
/* linuxu start-up: from the process entry to ukplat_entry(). */
#include <uk/plat/bootstrap.h>
#include <linuxu/setup.h>
#include <linuxu/signal.h>

char **linuxu_argv;
char **linuxu_envp;

/* Called by _start with the initial stack: argc, argv[], NULL, envp[]. */
void __noreturn linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	linuxu_argv = argv;
	linuxu_envp = argv + argc + 1;
	linuxu_clock_init();
	linuxu_crash_init();
	ukplat_entry(argc, argv);
}
