/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * setjmp/longjmp and the POSIX variants (_setjmp/_longjmp,
 * sigsetjmp/siglongjmp: newlib's macros over setjmp and sigprocmask):
 * a jump out of nested calls returns to the right place with the value,
 * 0 arrives as 1, and sigsetjmp(env, 1) brings the signal mask back.
 */
#include <uk/test.h>
#include <setjmp.h>
#include <signal.h>

static jmp_buf jb;
static sigjmp_buf sjb;
static volatile int depth;

static void __attribute__((noinline)) dive(int n, int val, int kind)
{
	volatile char pad[64];

	pad[0] = (char)n;
	depth = n + pad[0] - pad[0];
	if (n > 0) {
		dive(n - 1, val, kind);
		depth = -1; /* never reached */
		return;
	}
	if (kind == 0)
		longjmp(jb, val);
	else if (kind == 1)
		_longjmp(jb, val);
	else
		siglongjmp(sjb, val);
}

UK_TESTCASE(newlib_setjmp, longjmp_from_nested_calls)
{
	volatile int passes = 0;
	int r;

	r = setjmp(jb);
	passes++;
	if (r == 0)
		dive(10, 42, 0);
	UK_TEST_EXPECT_SNUM_EQ(r, 42);
	UK_TEST_EXPECT_SNUM_EQ(passes, 2);
	UK_TEST_EXPECT_SNUM_EQ(depth, 0);
	/* 0 arrives as 1 */
	passes = 0;
	r = setjmp(jb);
	passes++;
	if (passes == 1)
		dive(3, 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(r, 1);
	UK_TEST_EXPECT_SNUM_EQ(passes, 2);
}

UK_TESTCASE(newlib_setjmp, underscore_setjmp_and_longjmp)
{
	volatile int passes = 0;
	int r;

	r = _setjmp(jb);
	passes++;
	if (passes == 1)
		dive(5, -7, 1);
	UK_TEST_EXPECT_SNUM_EQ(r, -7);
	UK_TEST_EXPECT_SNUM_EQ(passes, 2);
	passes = 0;
	r = _setjmp(jb);
	passes++;
	if (passes == 1)
		dive(2, 0, 1);
	UK_TEST_EXPECT_SNUM_EQ(r, 1);
}

UK_TESTCASE(newlib_setjmp, siglongjmp_restores_the_mask)
{
	volatile int passes = 0;
	sigset_t set, now;
	int r;

	sigemptyset(&set);
	UK_TEST_ASSERT(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
	r = sigsetjmp(sjb, 1);
	passes++;
	if (passes == 1) {
		sigaddset(&set, SIGUSR1);
		UK_TEST_ASSERT(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
		dive(4, 0, 2);
	}
	UK_TEST_EXPECT_SNUM_EQ(r, 1);
	UK_TEST_EXPECT_SNUM_EQ(passes, 2);
	UK_TEST_ASSERT(sigprocmask(SIG_SETMASK, NULL, &now) == 0);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&now, SIGUSR1), 0);
	/* savemask 0: the mask stays as it is at the jump */
	passes = 0;
	r = sigsetjmp(sjb, 0);
	passes++;
	if (passes == 1) {
		UK_TEST_ASSERT(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
		dive(1, 9, 2);
	}
	UK_TEST_EXPECT_SNUM_EQ(r, 9);
	UK_TEST_ASSERT(sigprocmask(SIG_SETMASK, NULL, &now) == 0);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&now, SIGUSR1), 1);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
}
