/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a unikernel cannot do fails cleanly: dlopen & co., popen/pclose,
 * system; getrusage reports the time since boot as user time.
 */
#include <uk/test.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <sys/resource.h>

UK_TESTCASE(process_noload, dlopen_fails_with_a_message)
{
	void *self;
	const char *msg;

	UK_TEST_EXPECT_NULL(dlerror()); /* nothing failed yet */
	UK_TEST_EXPECT_NULL(dlopen("libm.so.6", RTLD_NOW));
	msg = dlerror();
	UK_TEST_ASSERT(msg != NULL);
	UK_TEST_EXPECT(strstr(msg, "libm.so.6") != NULL);
	UK_TEST_EXPECT(strstr(msg, "not supported in a unikernel") != NULL);
	UK_TEST_EXPECT_NULL(dlerror()); /* reported once */
	/* the program itself: a handle, but no symbols */
	self = dlopen(NULL, RTLD_LAZY);
	UK_TEST_EXPECT_NOT_NULL(self);
	UK_TEST_EXPECT_NULL(dlsym(self, "main"));
	msg = dlerror();
	UK_TEST_EXPECT(msg && strstr(msg, "main") != NULL);
	UK_TEST_EXPECT_NULL(dlsym(RTLD_DEFAULT, "printf"));
	UK_TEST_EXPECT_NOT_NULL(dlerror());
	UK_TEST_EXPECT_SNUM_EQ(dlclose(self), 0);
	UK_TEST_EXPECT_SNUM_EQ(dlclose((void *)&msg), -1);
	UK_TEST_EXPECT_NOT_NULL(dlerror());
}

UK_TESTCASE(process_noload, popen_and_system_have_no_shell)
{
	errno = 0;
	UK_TEST_EXPECT_NULL(popen("ls", "r"));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
	errno = 0;
	UK_TEST_EXPECT_NULL(popen("ls", "x"));
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(pclose(stdout), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECHILD);
	UK_TEST_EXPECT_SNUM_EQ(system(NULL), 0); /* no shell */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(system("echo hi"), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
}

UK_TESTCASE(process_noload, getrusage_counts_time_since_boot)
{
	struct rusage a, b;
	struct timespec now;
	long long ua, nowus;

	memset(&a, 0xff, sizeof(a));
	UK_TEST_ASSERT(getrusage(RUSAGE_SELF, &a) == 0);
	UK_TEST_ASSERT(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
	ua = a.ru_utime.tv_sec * 1000000LL + a.ru_utime.tv_usec;
	nowus = now.tv_sec * 1000000LL + now.tv_nsec / 1000;
	UK_TEST_EXPECT(ua > 0);
	UK_TEST_EXPECT(ua <= nowus);
	UK_TEST_EXPECT(a.ru_utime.tv_usec >= 0 && a.ru_utime.tv_usec < 1000000);
	UK_TEST_EXPECT_SNUM_EQ(a.ru_stime.tv_sec, 0);
	UK_TEST_EXPECT_SNUM_EQ(a.ru_maxrss, 0);
	UK_TEST_EXPECT_SNUM_EQ(a.ru_nivcsw, 0);
	UK_TEST_ASSERT(getrusage(RUSAGE_SELF, &b) == 0);
	UK_TEST_EXPECT(b.ru_utime.tv_sec * 1000000LL + b.ru_utime.tv_usec >=
		       ua);
	memset(&b, 0xff, sizeof(b));
	UK_TEST_EXPECT_SNUM_EQ(getrusage(RUSAGE_CHILDREN, &b), 0);
	UK_TEST_EXPECT_SNUM_EQ(b.ru_utime.tv_sec, 0);
	UK_TEST_EXPECT_SNUM_EQ(b.ru_utime.tv_usec, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(getrusage(5, &b), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}
