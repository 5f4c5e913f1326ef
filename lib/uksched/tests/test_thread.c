/* SPDX-License-Identifier: BSD-3-Clause */
/* Threads: create, exit, join, detach, names, the list, block/wake, errno. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <errno.h>
#include <stddef.h>

static void *twice(void *arg)
{
	return (void *)((long)arg * 2);
}

UK_TESTCASE(uksched, create_join_return_values)
{
	struct uk_thread *t[8];
	unsigned int before = uk_sched_thread_count();
	void *ret;

	for (long i = 0; i < 8; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "twice", NULL,
							twice, (void *)i), 0);
	UK_TEST_EXPECT_UNUM_EQ(uk_sched_thread_count(), before + 8);
	for (long i = 0; i < 8; i++) {
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], &ret), 0);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, i * 2);
	}
	UK_TEST_EXPECT_UNUM_EQ(uk_sched_thread_count(), before);
}

static long __noinline exit_deep(int depth)
{
	if (depth < 0)
		return -1;
	if (depth == 0)
		uk_thread_exit((void *)42L);
	return exit_deep(depth - 1) + 1;
}

static void *exits_early(void *arg __unused)
{
	exit_deep(5);
	return (void *)1L; /* not reached */
}

UK_TESTCASE(uksched, exit_from_nested_call)
{
	struct uk_thread *t;
	void *ret = NULL;

	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "exit", NULL, exits_early,
						NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &ret), 0);
	UK_TEST_EXPECT_SNUM_EQ((long)ret, 42);
}

static void *nothing(void *arg __unused)
{
	return NULL;
}

UK_TESTCASE(uksched, join_and_detach_errors)
{
	struct uk_thread *t;
	struct uk_thread_attr small = { .stack_size = 4096 };
	struct uk_thread_attr badprio = { .prio = UK_THREAD_PRIO_MAX + 1 };

	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(uk_thread_current(), NULL),
			       -EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&t, "x", &small, nothing,
						NULL), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&t, "x", &badprio, nothing,
						NULL), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&t, "x", NULL, NULL, NULL),
			       -EINVAL);
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "x", NULL, nothing, NULL),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_detach(t), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_detach(t), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), -EINVAL);
	uk_sched_yield(); /* let it run and end */
}

static volatile int detached_done;

static void *count_and_end(void *arg __unused)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	detached_done++;
	ukplat_lcpu_restore_irqf(flags);
	return NULL;
}

UK_TESTCASE(uksched, detached_threads_are_freed)
{
	struct uk_thread_attr det = { .detached = 1 };
	unsigned int before;
	int tries = 0;

	/* Detached threads of earlier cases go first: idle frees them. */
	uk_sched_sleep(1000000);
	before = uk_sched_thread_count();
	detached_done = 0;
	for (int i = 0; i < 10; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(NULL, "detached", &det,
							count_and_end, NULL),
				       0);
	while (detached_done < 10 && tries++ < 1000)
		uk_sched_sleep(1000000);
	UK_TEST_EXPECT_SNUM_EQ(detached_done, 10);
	/* The idle thread frees them once it runs. */
	tries = 0;
	while (uk_sched_thread_count() != before && tries++ < 100)
		uk_sched_sleep(1000000);
	UK_TEST_EXPECT_UNUM_EQ(uk_sched_thread_count(), before);
}

UK_TESTCASE(uksched, many_threads_one_after_another)
{
	for (int round = 0; round < 4; round++) {
		struct uk_thread *t[50];
		int ok = 1;

		for (int i = 0; i < 50; i++)
			if (uk_thread_create(&t[i], "many", NULL, twice,
					     (void *)(long)i) < 0)
				ok = 0, t[i] = NULL;
		UK_TEST_EXPECT(ok);
		for (int i = 0; i < 50; i++)
			if (t[i])
				uk_thread_join(t[i], NULL);
	}
}

struct found {
	int boot, idle, named, total;
	struct uk_thread *want;
};

static int look(struct uk_thread *t, void *arg)
{
	struct found *f = arg;

	f->total++;
	if (t->flags & UK_THREAD_F_BOOT)
		f->boot++;
	if (t->flags & UK_THREAD_F_IDLE)
		f->idle++;
	if (t == f->want)
		f->named++;
	return 0;
}

UK_TESTCASE(uksched, names_and_thread_list)
{
	struct uk_thread *t;
	struct found f = { 0 };
	const char *longname = "a-very-long-thread-name-that-goes-on-and-on";

	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, longname, NULL, nothing,
						NULL), 0);
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(t),
			      "a-very-long-thread-name-that-go");
	uk_thread_set_name(t, "renamed");
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(t), "renamed");
	f.want = t;
	UK_TEST_EXPECT_SNUM_EQ(uk_sched_thread_foreach(look, &f), 0);
	UK_TEST_EXPECT_SNUM_EQ(f.idle, 1);
	UK_TEST_EXPECT_SNUM_EQ(f.named, 1);
	UK_TEST_EXPECT_SNUM_EQ(f.total, (long)uk_sched_thread_count());
	/* The tests run in the boot context, which is a thread too. */
	UK_TEST_EXPECT_SNUM_EQ(f.boot, 1);
	UK_TEST_EXPECT(uk_thread_current()->flags & UK_THREAD_F_BOOT);
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(uk_thread_current()), "boot");
	uk_thread_join(t, NULL);
}

static volatile int runs, wake_me;

static void *block_loop(void *arg __unused)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	while (!wake_me) {
		runs++;
		uk_thread_block(uk_thread_current());
		uk_sched_yield();
	}
	ukplat_lcpu_restore_irqf(flags);
	return NULL;
}

UK_TESTCASE(uksched, block_and_wake)
{
	struct uk_thread *t;

	runs = 0;
	wake_me = 0;
	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "blocker", NULL,
						block_loop, NULL), 0);
	uk_sched_sleep(2000000);
	UK_TEST_EXPECT_SNUM_EQ(runs, 1);
	UK_TEST_EXPECT_SNUM_EQ(t->state, UK_THREAD_BLOCKED);
	for (int i = 0; i < 5; i++)
		uk_sched_yield(); /* a blocked thread does not run */
	UK_TEST_EXPECT_SNUM_EQ(runs, 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_wake(t), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_wake(t), 0); /* runnable already */
	uk_sched_sleep(2000000);
	UK_TEST_EXPECT_SNUM_EQ(runs, 2);
	wake_me = 1;
	uk_thread_wake(t);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

static void *errno_keeper(void *arg)
{
	long mine = (long)arg;

	errno = (int)mine;
	for (int i = 0; i < 20; i++) {
		uk_sched_yield();
		if (errno != mine)
			return (void *)1L;
		errno = (int)mine;
	}
	return NULL;
}

UK_TESTCASE(uksched, errno_per_thread)
{
	struct uk_thread *t[4];
	void *ret;

	errno = 77;
	for (long i = 0; i < 4; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "errno", NULL,
							errno_keeper,
							(void *)(i + 1)), 0);
	for (int i = 0; i < 4; i++) {
		uk_thread_join(t[i], &ret);
		UK_TEST_EXPECT_NULL(ret);
	}
	UK_TEST_EXPECT_SNUM_EQ(errno, 77);
}

static void *where_is_my_stack(void *arg)
{
	struct uk_thread *self = uk_thread_current();
	char local;

	*(int *)arg = (char *)&local > (char *)self->stack &&
		      (char *)&local < (char *)self->stack + self->stack_size;
	return NULL;
}

UK_TESTCASE(uksched, stack_size_and_placement)
{
	struct uk_thread_attr attr = { .stack_size = 100 * 1024 };
	struct uk_thread *t;
	int inside = 0;

	UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t, "stack", &attr,
						where_is_my_stack, &inside),
			       0);
	UK_TEST_EXPECT_UNUM_GE(t->stack_size, 100 * 1024);
	uk_thread_join(t, NULL);
	UK_TEST_EXPECT(inside);
}
