/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test application of support/test/suite_sched.py: main in a thread, its
 * exit status, thread-local storage in main, the thread list, idling,
 * a stack overflow in a thread, running out of memory for threads, a
 * spinlock taken twice, threads printing at once and (with posix-fdtab)
 * waiting for console input.
 * The first argument picks what to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/spinlock.h>
#ifdef CONFIG_LIBPOSIX_FDTAB
#include <unistd.h>
#endif

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

static void *nothing(void *arg)
{
	return arg;
}

#ifdef CONFIG_LIBPOSIX_FDTAB
static volatile int ticks;

static void *ticker(void *arg __unused)
{
	for (;;) {
		uk_sched_sleep(100000000ULL);
		ticks++;
	}
	return NULL;
}
#endif

static void *tls_other(void *arg)
{
	*(int *)arg = tls_value;
	tls_value = 99;
	return NULL;
}

#define PRINTERS 4
static long print_lines;

/*
 * Lines "print <thread> <n> <filler>" on stdout, each with one stdio call
 * (printf, puts or fwrite): whatever the threads do at once, each line
 * must come out whole, once.
 */
static void *printer(void *arg)
{
	static const char fill[] = "the quick brown fox jumps over the dog";
	long id = (long)arg;
	char line[96];

	for (long n = 0; n < print_lines; n++) {
		int len = snprintf(line, sizeof(line), "print %ld %ld %s\n", id,
				   n, fill);

		if (n % 3 == 0) {
			printf("print %ld %ld %s\n", id, n, fill);
		} else if (n % 3 == 1) {
			line[len - 1] = 0;
			puts(line);
		} else {
			fwrite(line, 1, (size_t)len, stdout);
		}
	}
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
		long ms = argc > 2 ? atol(argv[2]) : 500;

		uk_thread_create(&t, "sleeper", NULL, sleep_forever, NULL);
		uk_sched_sleep((__nsec)ms * 1000000ULL);
		printf("slept %ld ms\n", ms);
		return 0;
	}
	if (!strcmp(what, "churn")) {
		/* Create and join threads until it fails, 2000 at most. */
		int i, rc = 0;

		for (i = 0; i < 2000; i++) {
			rc = uk_thread_create(&t, "churn", NULL, nothing, NULL);
			if (rc < 0)
				break;
			uk_thread_join(t, NULL);
		}
		printf("churn: %d threads created and joined, then %d\n", i,
		       rc);
		return rc < 0 ? 1 : 0;
	}
	if (!strcmp(what, "print")) {
		struct uk_thread *p[PRINTERS];

		print_lines = argc > 2 ? atol(argv[2]) : 1000;
		for (long i = 0; i < PRINTERS; i++)
			uk_thread_create(&p[i], "printer", NULL, printer,
					 (void *)i);
		for (int i = 0; i < PRINTERS; i++)
			uk_thread_join(p[i], NULL);
		printf("print: done\n");
		return 0;
	}
	if (!strcmp(what, "spintwice")) {
		/* One CPU: a deadlock the debug check must report. */
		static struct uk_spinlock l = UK_SPINLOCK_INITIALIZER;

		uk_spin_lock(&l);
		uk_spin_lock(&l);
		printf("a spinlock taken twice went unnoticed\n");
		return 1;
	}
#ifdef CONFIG_LIBPOSIX_FDTAB
	if (!strcmp(what, "read")) {
		/* Wait for console input to its end; other threads go on. */
		char buf[64];
		long n, total = 0;

		uk_thread_create(&t, "ticker", NULL, ticker, NULL);
		printf("waiting for console input\n");
		fflush(stdout);
		while ((n = read(0, buf, sizeof(buf))) > 0)
			total += n;
		printf("read %ld bytes until end of input, %s\n", total,
		       ticks ? "other threads ran" : "no other thread ran");
		return n < 0 ? 1 : 0;
	}
#endif
	if (!strcmp(what, "overflow")) {
		uk_thread_create(&t, "overflow", NULL, overflow, NULL);
		uk_thread_join(t, NULL);
		printf("overflow went unnoticed\n");
		return 0;
	}
	printf("usage: exit | exitcall | tls | list | sleep [ms] | overflow | "
	       "churn | spintwice | print [lines] | read\n");
	return 2;
}
