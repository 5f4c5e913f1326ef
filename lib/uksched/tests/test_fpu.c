/* SPDX-License-Identifier: BSD-3-Clause */
/* FPU control state is per thread: it survives switches. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <stddef.h>

#if defined(__x86_64__)
#define MXCSR_RC_SHIFT 13 /* rounding control bits */

static void *keep_rounding_mode(void *arg)
{
	unsigned int rc = (unsigned int)(long)arg;
	unsigned int mine = 0x1f80 | (rc << MXCSR_RC_SHIFT);
	long bad = 0;

	__builtin_ia32_ldmxcsr(mine);
	for (int i = 0; i < 10; i++) {
		uk_sched_yield();
		if ((__builtin_ia32_stmxcsr() & ~0x3fU) != (mine & ~0x3fU))
			bad++;
	}
	return (void *)bad;
}

UK_TESTCASE(uksched_fpu, mxcsr_per_thread)
{
	unsigned int before = __builtin_ia32_stmxcsr();
	struct uk_thread *t[4];
	void *ret;

	for (long i = 0; i < 4; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "mxcsr", NULL,
							keep_rounding_mode,
							(void *)i), 0);
	for (int i = 0; i < 4; i++) {
		uk_thread_join(t[i], &ret);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	}
	UK_TEST_EXPECT_UNUM_EQ(__builtin_ia32_stmxcsr() & ~0x3fU,
			       before & ~0x3fU);
}
#endif

static void *sum_doubles(void *arg)
{
	double k = (double)(2 * (long)arg + 3) / 2.0, acc = 0;
	long xs = 0;

	for (long i = 0; i < 200000; i++) {
		acc += (double)(i & 1023) * k;
		xs += i & 1023;
		if ((i & 4095) == 0)
			uk_sched_yield();
	}
	return (void *)(long)(acc != (double)xs * k);
}

UK_TESTCASE(uksched_fpu, floating_point_across_yields)
{
	struct uk_thread *t[3];
	void *ret;

	for (long i = 0; i < 3; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "fp", NULL,
							sum_doubles,
							(void *)i), 0);
	for (int i = 0; i < 3; i++) {
		uk_thread_join(t[i], &ret);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	}
}
