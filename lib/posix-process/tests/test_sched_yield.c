/* SPDX-License-Identifier: BSD-3-Clause */
/* sched_yield lets the other threads run (with a scheduler) and succeeds. */
#include <uk/test.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif
#include <sched.h>
#include <stddef.h>

#ifdef CONFIG_LIBUKSCHED
static volatile int worker_ran;

static void *note_run(void *arg)
{
	worker_ran = 1;
	return arg;
}
#endif

UK_TESTCASE(posix_process, sched_yield_lets_others_run)
{
#ifdef CONFIG_LIBUKSCHED
	struct uk_thread *t;
#endif

	UK_TEST_EXPECT_ZERO(sched_yield());
#ifdef CONFIG_LIBUKSCHED
	worker_ran = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "worker", NULL, note_run,
						NULL), 0);
	UK_TEST_EXPECT_ZERO(sched_yield());
	UK_TEST_EXPECT(worker_ran);
	UK_TEST_EXPECT_ZERO(uk_thread_join(t, NULL));
#endif
}
