/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sessions and process groups of the one process: it leads its own
 * session and group, whose id is its pid. setsid fails as Linux's does
 * for a group leader (EPERM); other ids than our own are ESRCH.
 */
#include <unistd.h>
#include <errno.h>
#include <uk/syscall.h>

static int ours(pid_t pid)
{
	return pid == 0 || pid == getpid();
}

UK_SYSCALL_R_DEFINE(pid_t, setsid)
{
	return -EPERM;
}

UK_SYSCALL_R_DEFINE(pid_t, getsid, pid_t, pid)
{
	return ours(pid) ? getpid() : -ESRCH;
}

UK_SYSCALL_R_DEFINE(pid_t, getpgid, pid_t, pid)
{
	return ours(pid) ? getpid() : -ESRCH;
}

UK_SYSCALL_R_DEFINE(pid_t, getpgrp)
{
	return getpid();
}

/* Moving into the group we already lead is the only possible move. */
UK_SYSCALL_R_DEFINE(int, setpgid, pid_t, pid, pid_t, pgid)
{
	if (!ours(pid))
		return -ESRCH;
	if (pgid < 0)
		return -EINVAL;
	return pgid == 0 || pgid == getpid() ? 0 : -EPERM;
}

int getpagesize(void)
{
	return 4096;
}
