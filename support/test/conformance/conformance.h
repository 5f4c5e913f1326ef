/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The conformance program's cases: each is a function that returns at
 * its first failed check (which says what and where). Built for the
 * unikernel and natively with the host's gcc and glibc; the suite
 * compares the two outputs (one line per case).
 */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct conf_case {
	const char *name;
	void (*fn)(void);
	/*
	 * 0: runs natively too (behaviour POSIX specifies and Linux has);
	 * 1: only in the unikernel (POSIX leaves it undefined, or it is a
	 * claim of this project, such as a second join being ESRCH).
	 */
	int unikernel_only;
};

#define CONF_END { NULL, NULL, 0 }

/* Set by a failed check; the runner prints it. */
void conf_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int conf_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			conf_fail(__FILE__, __LINE__, "%s", #cond);            \
			return;                                                \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long __a = (long)(a), __b = (long)(b);                         \
		if (__a != __b) {                                              \
			conf_fail(__FILE__, __LINE__, "%s is %ld, not %ld",    \
				  #a, __a, __b);                               \
			return;                                                \
		}                                                              \
	} while (0)

/* call returns -1 with errno err */
#define CHECK_ERRNO(call, err)                                                 \
	do {                                                                   \
		long __r;                                                      \
		errno = 0;                                                     \
		__r = (long)(call);                                            \
		if (__r != -1 || errno != (err)) {                             \
			conf_fail(__FILE__, __LINE__,                          \
				  "%s returned %ld, errno %d (%s); "           \
				  "expected -1 and %s",                        \
				  #call, __r, errno, conf_errname(errno),      \
				  #err);                                       \
			return;                                                \
		}                                                              \
	} while (0)

/* call returns 0 (and errno is not looked at) */
#define CHECK_OK(call)                                                         \
	do {                                                                   \
		long __r;                                                      \
		errno = 0;                                                     \
		__r = (long)(call);                                            \
		if (__r != 0) {                                                \
			conf_fail(__FILE__, __LINE__,                          \
				  "%s returned %ld, errno %d (%s)", #call,     \
				  __r, errno, conf_errname(errno));            \
			return;                                                \
		}                                                              \
	} while (0)

/* call returns the error number err itself (pthread_* style) */
#define CHECK_RC(call, err)                                                    \
	do {                                                                   \
		int __r = (call);                                              \
		if (__r != (err)) {                                            \
			conf_fail(__FILE__, __LINE__,                          \
				  "%s returned %d (%s), expected %s", #call,   \
				  __r, conf_errname(__r), #err);               \
			return;                                                \
		}                                                              \
	} while (0)

const char *conf_errname(int e);

/* Time helpers: monotonic nanoseconds, an absolute timeout ms from now. */
long long conf_now_ns(clockid_t clk);
struct timespec conf_in_ms(clockid_t clk, long ms);
void conf_sleep_ms(long ms);

extern const struct conf_case conf_threads[], conf_sync[], conf_cancel[],
	conf_time[], conf_files[], conf_mmap[], conf_signals[];

#endif
