/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysconf: limits, and POSIX's options answered from the same macros
 * <unistd.h> defines (lib/newlib/include/sys/features.h), so the two
 * always agree: an option's value if it is defined, -1 (errno left
 * alone: not supported) if not. An unknown name is EINVAL.
 */
#include <unistd.h>
#include <limits.h>
#include <errno.h>
#include <time.h>
#include <sys/resource.h>
#include <signal.h>
#include <uk/signal.h>
#ifdef CONFIG_LIBPOSIX_PTHREAD
#include <pthread.h>
#include <semaphore.h>
#endif

#ifdef _POSIX_THREADS
#define OPT_THREADS _POSIX_THREADS
#else
#define OPT_THREADS -1
#endif
#ifdef _POSIX_THREAD_ATTR_STACKSIZE
#define OPT_STACKSIZE _POSIX_THREAD_ATTR_STACKSIZE
#else
#define OPT_STACKSIZE -1
#endif
#ifdef _POSIX_SEMAPHORES
#define OPT_SEMAPHORES _POSIX_SEMAPHORES
#else
#define OPT_SEMAPHORES -1
#endif
#ifdef _POSIX_READER_WRITER_LOCKS
#define OPT_RWLOCKS _POSIX_READER_WRITER_LOCKS
#else
#define OPT_RWLOCKS -1
#endif
#ifdef _POSIX_BARRIERS
#define OPT_BARRIERS _POSIX_BARRIERS
#else
#define OPT_BARRIERS -1
#endif
#ifdef _POSIX_SPIN_LOCKS
#define OPT_SPIN _POSIX_SPIN_LOCKS
#else
#define OPT_SPIN -1
#endif
#ifdef _POSIX_TIMEOUTS
#define OPT_TIMEOUTS _POSIX_TIMEOUTS
#else
#define OPT_TIMEOUTS -1
#endif
#ifdef _POSIX_MONOTONIC_CLOCK
#define OPT_MONOTONIC _POSIX_MONOTONIC_CLOCK
#else
#define OPT_MONOTONIC -1
#endif
#ifdef _POSIX_CLOCK_SELECTION
#define OPT_CLOCK_SELECTION _POSIX_CLOCK_SELECTION
#else
#define OPT_CLOCK_SELECTION -1
#endif
#ifdef _POSIX_CPUTIME
#define OPT_CPUTIME _POSIX_CPUTIME
#else
#define OPT_CPUTIME -1
#endif
#ifdef _POSIX_TIMERS
#define OPT_TIMERS _POSIX_TIMERS
#else
#define OPT_TIMERS -1
#endif
#ifdef _POSIX_FSYNC
#define OPT_FSYNC _POSIX_FSYNC
#else
#define OPT_FSYNC -1
#endif
#ifdef _POSIX_MAPPED_FILES
#define OPT_MAPPED_FILES _POSIX_MAPPED_FILES
#else
#define OPT_MAPPED_FILES -1
#endif
#ifdef _POSIX_MEMLOCK
#define OPT_MEMLOCK _POSIX_MEMLOCK
#else
#define OPT_MEMLOCK -1
#endif
#ifdef _POSIX_MEMLOCK_RANGE
#define OPT_MEMLOCK_RANGE _POSIX_MEMLOCK_RANGE
#else
#define OPT_MEMLOCK_RANGE -1
#endif
#ifdef _POSIX_SHARED_MEMORY_OBJECTS
#define OPT_SHM _POSIX_SHARED_MEMORY_OBJECTS
#else
#define OPT_SHM -1
#endif

/* The options' answers; every name here is known. */
static long option(int name)
{
	switch (name) {
	case _SC_VERSION:
		return _POSIX_VERSION;
	case _SC_THREADS:
		return OPT_THREADS;
	case _SC_THREAD_ATTR_STACKSIZE:
		return OPT_STACKSIZE;
	case _SC_SEMAPHORES:
		return OPT_SEMAPHORES;
	case _SC_READER_WRITER_LOCKS:
		return OPT_RWLOCKS;
	case _SC_SPIN_LOCKS:
		return OPT_SPIN;
	case _SC_BARRIERS:
		return OPT_BARRIERS;
	case _SC_TIMEOUTS:
		return OPT_TIMEOUTS;
	case _SC_MONOTONIC_CLOCK:
		return OPT_MONOTONIC;
	case _SC_CLOCK_SELECTION:
		return OPT_CLOCK_SELECTION;
	case _SC_CPUTIME:
		return OPT_CPUTIME;
	case _SC_TIMERS:
		return OPT_TIMERS;
	case _SC_FSYNC:
		return OPT_FSYNC;
	case _SC_MAPPED_FILES:
		return OPT_MAPPED_FILES;
	case _SC_MEMLOCK:
		return OPT_MEMLOCK;
	case _SC_MEMLOCK_RANGE:
		return OPT_MEMLOCK_RANGE;
	case _SC_SHARED_MEMORY_OBJECTS:
		return OPT_SHM;
	default: /* known, not implemented */
		return -1;
	}
}

/* The options sysconf knows of and that are not implemented here. */
static int is_unsupported_option(int name)
{
	switch (name) {
	case _SC_ASYNCHRONOUS_IO:
	case _SC_MEMORY_PROTECTION:
	case _SC_MESSAGE_PASSING:
	case _SC_PRIORITIZED_IO:
	case _SC_PRIORITY_SCHEDULING:
	case _SC_SYNCHRONIZED_IO:
	case _SC_THREAD_ATTR_STACKADDR:
	case _SC_THREAD_CPUTIME:
	case _SC_THREAD_PRIORITY_SCHEDULING:
	case _SC_THREAD_PRIO_INHERIT:
	case _SC_THREAD_PRIO_PROTECT:
	case _SC_THREAD_PROCESS_SHARED:
	case _SC_THREAD_SAFE_FUNCTIONS:
	case _SC_SPAWN:
	case _SC_SPORADIC_SERVER:
	case _SC_TYPED_MEMORY_OBJECTS:
	case _SC_ADVISORY_INFO:
	case _SC_IPV6:
	case _SC_RAW_SOCKETS:
	case _SC_JOB_CONTROL:
	case _SC_SAVED_IDS:
		return 1;
	default:
		return 0;
	}
}

long sysconf(int name)
{
	struct rlimit rl;

	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return 100;
	case _SC_OPEN_MAX:
		/* as on Linux: the soft limit of RLIMIT_NOFILE */
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		return (long)rl.rlim_cur;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_ARG_MAX:
		return 4096;
	case _SC_CHILD_MAX:
		return 1;
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_SIGQUEUE_MAX: /* instances queued beyond the first */
		return UK_SIGQUEUE_MAX;
	case _SC_RTSIG_MAX:
		return SIGRTMAX - SIGRTMIN + 1;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return 1024;
#ifdef CONFIG_LIBPOSIX_PTHREAD
	case _SC_THREAD_KEYS_MAX:
		return PTHREAD_KEYS_MAX;
	case _SC_THREAD_DESTRUCTOR_ITERATIONS:
		return PTHREAD_DESTRUCTOR_ITERATIONS;
	case _SC_THREAD_STACK_MIN:
		return PTHREAD_STACK_MIN;
	case _SC_THREAD_THREADS_MAX:
		return -1; /* no limit but memory */
	case _SC_SEM_VALUE_MAX:
		return SEM_VALUE_MAX;
	case _SC_SEM_NSEMS_MAX:
		return SEM_NSEMS_MAX;
#endif
	case _SC_VERSION:
	case _SC_THREADS:
	case _SC_THREAD_ATTR_STACKSIZE:
	case _SC_SEMAPHORES:
	case _SC_READER_WRITER_LOCKS:
	case _SC_SPIN_LOCKS:
	case _SC_BARRIERS:
	case _SC_TIMEOUTS:
	case _SC_MONOTONIC_CLOCK:
	case _SC_CLOCK_SELECTION:
	case _SC_CPUTIME:
	case _SC_TIMERS:
	case _SC_FSYNC:
	case _SC_MAPPED_FILES:
	case _SC_MEMLOCK:
	case _SC_MEMLOCK_RANGE:
	case _SC_SHARED_MEMORY_OBJECTS:
		return option(name);
	default:
		if (is_unsupported_option(name))
			return -1;
		errno = EINVAL;
		return -1;
	}
}
