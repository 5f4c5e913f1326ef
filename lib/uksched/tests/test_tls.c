/* SPDX-License-Identifier: BSD-3-Clause */
/* Thread-local storage: every thread its own __thread variables. */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/arch/tls.h>
#include <stddef.h>

static __thread int tls_counter = 42;          /* .tdata */
static __thread char tls_zeroes[100];          /* .tbss */
static __thread long tls_aligned __align(128); /* alignment kept */

UK_TESTCASE(uksched_tls, boot_thread_has_tls)
{
	UK_TEST_EXPECT_SNUM_EQ(tls_counter, 42);
	UK_TEST_EXPECT_SNUM_EQ(tls_zeroes[99], 0);
	UK_TEST_EXPECT_ZERO((__uptr)&tls_aligned % 128);
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tlsp_get(), uk_thread_current()->tlsp);
}

#define NTLS 8
static void *tls_addr[NTLS];

static void *tls_worker(void *arg)
{
	long id = (long)arg;
	long bad = 0;

	if (tls_counter != 42 || tls_zeroes[0] || tls_zeroes[99] ||
	    tls_aligned || (__uptr)&tls_aligned % 128)
		bad |= 1;
	if (ukarch_tlsp_get() != uk_thread_current()->tlsp)
		bad |= 2;
	tls_addr[id] = &tls_counter;
	tls_counter = (int)id;
	tls_zeroes[id] = (char)id;
	for (int i = 0; i < 10; i++) {
		if (i % 3 == 0)
			uk_sched_sleep(100000);
		else
			uk_sched_yield();
		if (tls_counter != id || tls_zeroes[id] != id)
			bad |= 4;
		tls_counter = (int)id;
	}
	return (void *)bad;
}

UK_TESTCASE(uksched_tls, variables_are_distinct_per_thread)
{
	struct uk_thread *t[NTLS];
	void *ret;

	tls_counter = 1000;
	for (long i = 0; i < NTLS; i++)
		UK_TEST_ASSERT_SNUM_EQ(uk_thread_create(&t[i], "tls", NULL,
							tls_worker, (void *)i),
				       0);
	for (int i = 0; i < NTLS; i++) {
		uk_thread_join(t[i], &ret);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, 0);
	}
	for (int i = 0; i < NTLS; i++)
		for (int j = i + 1; j < NTLS; j++)
			UK_TEST_EXPECT(tls_addr[i] != tls_addr[j]);
	UK_TEST_EXPECT(tls_addr[0] != &tls_counter);
	UK_TEST_EXPECT_SNUM_EQ(tls_counter, 1000);
	tls_counter = 42;
}
