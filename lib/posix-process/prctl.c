/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * prctl: the thread's name (the scheduler's thread name, 16 bytes as on
 * Linux), and the few process flags whose answer is fixed in an image (no
 * transparent huge pages, no core dumps, no parent). Anything else is
 * EINVAL, as Linux answers an option it does not know.
 */
#include <sys/prctl.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <uk/config.h>
#include <uk/syscall.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif

#define TASK_COMM_LEN 16

static char main_name[TASK_COMM_LEN] = CONFIG_UK_NAME;

static int set_name(const char *name)
{
	char n[TASK_COMM_LEN];

	size_t len = strnlen(name, sizeof(n) - 1);

	memcpy(n, name, len);
	n[len] = '\0';
#ifdef CONFIG_LIBUKSCHED
	if (uk_thread_current()) {
		uk_thread_set_name(uk_thread_current(), n);
		return 0;
	}
#endif
	memcpy(main_name, n, sizeof(n));
	return 0;
}

static int get_name(char *name)
{
	const char *n = main_name;

#ifdef CONFIG_LIBUKSCHED
	if (uk_thread_current())
		n = uk_thread_name(uk_thread_current());
#endif
	size_t len = strnlen(n, TASK_COMM_LEN - 1);

	memcpy(name, n, len);
	name[len] = '\0';
	return 0;
}

UK_SYSCALL_R_DEFINE_RAW(prctl, int, option, unsigned long, a2,
			unsigned long, a3, unsigned long, a4, unsigned long, a5)
{
	(void)a3;
	(void)a4;
	(void)a5;
	switch (option) {
	case PR_SET_NAME:
		return a2 ? set_name((const char *)a2) : -EFAULT;
	case PR_GET_NAME:
		return a2 ? get_name((char *)a2) : -EFAULT;
	case PR_SET_THP_DISABLE: /* there are no transparent huge pages */
	case PR_SET_DUMPABLE:
	case PR_SET_PDEATHSIG:
	case PR_SET_TIMERSLACK:
		return 0;
	case PR_GET_THP_DISABLE:
		return 1;
	case PR_GET_DUMPABLE:
		return 0;
	case PR_GET_PDEATHSIG:
		return a2 ? (*(int *)a2 = 0) : -EFAULT;
	default:
		return -EINVAL;
	}
}

int prctl(int option, ...)
{
	unsigned long a[4];
	va_list ap;
	long r;

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	r = uk_syscall_r_prctl(option, (long)a[0], (long)a[1], (long)a[2],
			       (long)a[3]);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}
