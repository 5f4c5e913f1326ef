/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test application of support/test/suite_sched.py: main in a thread, its
 * exit status, thread-local storage in main, the thread list, idling,
 * and a stack overflow in a thread. The first argument picks what to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <uk/sched.h>
#include <uk/thread.h>

static __thread int tls_value = 5;

static void *sleep_forever(void *arg __unused)
{
	for (;;)
		uk_sched_sleep(1000000000ULL);
	return NULL;
}

static volatile int deeper = 1;

static long __noinline recurse(long n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	if (deeper)
		return recurse(n + 1) + frame[0];
	return n;
}

static void *overflow(void *arg __unused)
{
	return (void *)recurse(0);
}

static void *exit_from_thread(void *arg __unused)
{
	exit(5);
}

static void *tls_other(void *arg)
{
	*(int *)arg = tls_value;
	tls_value = 99;
	return NULL;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";
	struct uk_thread *t;
	int other = -1;

	printf("main runs in thread '%s'\n",
	       uk_thread_name(uk_thread_current()));
	if (!strcmp(what, "exit")) {
		/* Threads still alive must not keep the image from exiting. */
		uk_thread_create(&t, "sleeper", NULL, sleep_forever, NULL);
		uk_thread_create(NULL, "detached",
				 &(struct uk_thread_attr){ .detached = 1 },
				 sleep_forever, NULL);
		uk_sched_yield();
		return 7;
	}
	if (!strcmp(what, "exitcall")) {
		uk_thread_create(&t, "exiter", NULL, exit_from_thread, NULL);
		uk_thread_join(t, NULL);
		return 1; /* not reached */
	}
	if (!strcmp(what, "tls")) {
		tls_value = 11;
		uk_thread_create(&t, "tls", NULL, tls_other, &other);
		uk_thread_join(t, NULL);
		printf("tls: main %d, other thread saw %d\n", tls_value, other);
		return 0;
	}
	if (!strcmp(what, "list")) {
		uk_thread_create(&t, "worker", NULL, sleep_forever, NULL);
		uk_sched_yield();
		uk_sched_threads_print();
		return 0;
	}
	if (!strcmp(what, "sleep")) {
		/* Everybody asleep: the idle thread must wait in the host. */
		uk_thread_create(&t, "sleeper", NULL, sleep_forever, NULL);
		uk_sched_sleep(500000000ULL);
		return 0;
	}
	if (!strcmp(what, "overflow")) {
		uk_thread_create(&t, "overflow", NULL, overflow, NULL);
		uk_thread_join(t, NULL);
		printf("overflow went unnoticed\n");
		return 0;
	}
	printf("usage: exit | exitcall | tls | list | sleep | overflow\n");
	return 2;
}
