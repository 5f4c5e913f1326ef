/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stop-gap while the POSIX layer has no sigaction of its own: lua.c
 * (built with LUA_USE_POSIX) installs its Ctrl-C handler with sigaction.
 * This weak definition hands the handler to newlib's signal(); the
 * POSIX layer's sigaction, once there, replaces it at link time, and this
 * file is then to be deleted. Only sa_handler is honoured.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>

__attribute__((weak)) int sigaction(int sig, const struct sigaction *act,
				    struct sigaction *old)
{
	void (*prev)(int);

	if (!act) {
		errno = EINVAL;
		return -1;
	}
	prev = signal(sig, act->sa_handler);
	if (prev == SIG_ERR)
		return -1;
	if (old) {
		old->sa_handler = prev;
		sigemptyset(&old->sa_mask);
		old->sa_flags = 0;
	}
	return 0;
}
