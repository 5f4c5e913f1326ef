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

/*
 * CPU time is the time since boot (the one process always runs). times()
 * counts in sysconf(_SC_CLK_TCK) ticks (100 a second) as on Linux;
 * clock() in CLOCKS_PER_SEC units (1000000 with our newlib patch), so it
 * is not newlib's clock() over times().
 */
#define CLK_TCK_HZ 100

clock_t times(struct tms *t)
{
	clock_t now = (clock_t)(ukplat_monotonic_clock() /
				(UKPLAT_NSEC_PER_SEC / CLK_TCK_HZ));

	if (t) {
		t->tms_utime = now;
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return now;
}

clock_t clock(void)
{
	return (clock_t)(ukplat_monotonic_clock() /
			 (UKPLAT_NSEC_PER_SEC / CLOCKS_PER_SEC));
}

/* newlib calls this before main on some targets; we run no crt0. */
void _init(void)
{
}

void _fini(void)
{
}
