/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flockfile & co.: a stream's lock is recursive for its owner and keeps
 * other threads out (their ftrylockfile fails, flockfile waits).
 */
#include <uk/test.h>
#include <stdio.h>
#include <unistd.h>
#ifdef CONFIG_LIBPOSIX_PTHREAD
#include <uk/thread.h>
#endif

UK_TESTCASE(newlib_stdio_lock, owner_may_lock_again)
{
	FILE *f = fopen("/stdio-lock-test", "w+");

	UK_TEST_ASSERT(f != NULL);
	flockfile(f);
	flockfile(f);
	UK_TEST_EXPECT_SNUM_EQ(ftrylockfile(f), 0);
	UK_TEST_EXPECT(fputs("inside", f) >= 0);
	funlockfile(f);
	funlockfile(f);
	funlockfile(f);
	flockfile(stdout); /* the standard streams have locks too */
	funlockfile(stdout);
	fclose(f);
	unlink("/stdio-lock-test");
}

#ifdef CONFIG_LIBPOSIX_PTHREAD
static FILE *shared;
static volatile int tried, got;

static void *other(void *arg)
{
	(void)arg;
	tried = ftrylockfile(shared) != 0 ? 1 : 2;
	if (tried == 2)
		funlockfile(shared);
	flockfile(shared);
	got = 1;
	fputs("other\n", shared);
	funlockfile(shared);
	return NULL;
}
#endif

UK_TESTCASE(newlib_stdio_lock, other_threads_wait)
{
#ifdef CONFIG_LIBPOSIX_PTHREAD
	struct uk_thread *t;
	char buf[32] = "";

	shared = fopen("/stdio-lock-test", "w+");
	UK_TEST_ASSERT(shared != NULL);
	tried = got = 0;
	flockfile(shared);
	UK_TEST_ASSERT(uk_thread_create(&t, "flockfile", NULL, other, NULL) ==
		       0);
	usleep(20000); /* it runs now and must wait */
	UK_TEST_EXPECT_SNUM_EQ(tried, 1);
	UK_TEST_EXPECT_SNUM_EQ(got, 0);
	fputs("first\n", shared);
	funlockfile(shared);
	uk_thread_join(t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(got, 1);
	rewind(shared);
	UK_TEST_EXPECT_NOT_NULL(fgets(buf, sizeof(buf), shared));
	UK_TEST_EXPECT_STR_EQ(buf, "first\n");
	fclose(shared);
	unlink("/stdio-lock-test");
#else
	UK_TEST_SKIP("without posix-pthread newlib's locks are no-ops");
#endif
}
