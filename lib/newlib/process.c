/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few system calls newlib itself needs that no POSIX library owns:
 * leaving the image, and the process-creation calls a unikernel cannot
 * have (they fail with ENOSYS, logged once).
 */
#include <unistd.h>
#include <errno.h>
#include <sys/times.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/time.h>

void _exit(int status)
{
	ukplat_exit(status);
}

/* There is no program break: memory comes from ukalloc. */
void *sbrk(ptrdiff_t incr)
{
	(void)incr;
	errno = ENOMEM;
	return (void *)-1;
}

clock_t times(struct tms *t)
{
	clock_t now = (clock_t)(ukplat_monotonic_clock() /
				(UKPLAT_NSEC_PER_SEC / CLOCKS_PER_SEC));

	if (t) {
		t->tms_utime = now;
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return now;
}

/* newlib calls this before main on some targets; we run no crt0. */
void _init(void)
{
}

void _fini(void)
{
}
