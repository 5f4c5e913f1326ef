/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Semaphores and cancellation, beyond the conformance program's cases:
 * what happens around the hand-offs and the blocking calls of the other
 * libraries (pipes, epoll, select).
 */
#include <uk/test.h>
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#if defined(CONFIG_LIBPOSIX_SOCKET) && defined(CONFIG_LIBPOSIX_POLL)
#include <sys/epoll.h>
#include <sys/select.h>
#endif

static sem_t s, started;
static int got;

static void *take_one(void *arg)
{
	sem_post(&started);
	if (sem_wait(&s) == 0)
		__atomic_add_fetch(&got, 1, __ATOMIC_RELAXED);
	return arg;
}

static void let_run(void)
{
	struct timespec ts = { 0, 5000000L };

	nanosleep(&ts, NULL);
}

UK_TESTCASE(pthread, a_cancelled_sem_wait_passes_its_post_on)
{
	pthread_t a, b;
	void *ret;

	got = 0;
	UK_TEST_ASSERT_SNUM_EQ(sem_init(&s, 0, 0), 0);
	UK_TEST_ASSERT_SNUM_EQ(sem_init(&started, 0, 0), 0);
	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&a, NULL, take_one, NULL), 0);
	sem_wait(&started);
	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&b, NULL, take_one, NULL), 0);
	sem_wait(&started);
	let_run();
	/* a is first in line: post, and cancel a before it runs again */
	UK_TEST_EXPECT_ZERO(sem_post(&s));
	UK_TEST_EXPECT_ZERO(pthread_cancel(a));
	UK_TEST_EXPECT_ZERO(pthread_join(a, &ret));
	UK_TEST_EXPECT(ret == PTHREAD_CANCELED);
	UK_TEST_EXPECT_ZERO(pthread_join(b, NULL)); /* b got the post */
	UK_TEST_EXPECT_SNUM_EQ(got, 1);
	UK_TEST_EXPECT_ZERO(sem_destroy(&s));
}

static void *wait_disabled(void *arg)
{
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	sem_post(&started);
	sem_wait(&s); /* not interrupted: cancellation is disabled */
	*(int *)arg = 1;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	*(int *)arg = 2;
	return NULL;
}

UK_TESTCASE(pthread, a_request_waits_while_cancellation_is_disabled)
{
	pthread_t t;
	void *ret;
	int reached = 0;

	UK_TEST_ASSERT_SNUM_EQ(sem_init(&s, 0, 0), 0);
	UK_TEST_ASSERT_SNUM_EQ(pthread_create(&t, NULL, wait_disabled, &reached), 0);
	sem_wait(&started);
	let_run();
	UK_TEST_EXPECT_ZERO(pthread_cancel(t));
	let_run();
	UK_TEST_EXPECT_SNUM_EQ(reached, 0); /* still waiting */
	sem_post(&s);
	UK_TEST_EXPECT_ZERO(pthread_join(t, &ret));
	UK_TEST_EXPECT(ret == PTHREAD_CANCELED);
	UK_TEST_EXPECT_SNUM_EQ(reached, 1);
}

#if defined(CONFIG_LIBPOSIX_SOCKET) && defined(CONFIG_LIBPOSIX_POLL)
static int fds[2];

static void *fill_pipe(void *arg)
{
	char buf[512] = { 0 };

	sem_post(&started);
	for (;;)
		write(fds[1], buf, sizeof(buf)); /* blocks once full */
	return arg;
}

static void *epoll_forever(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0);

	epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
	sem_post(&started);
	epoll_wait(ep, &ev, 1, -1);
	return arg;
}

static void *select_forever(void *arg)
{
	fd_set rd;

	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	sem_post(&started);
	select(fds[0] + 1, &rd, NULL, NULL, NULL);
	return arg;
}

static void *cancelled(void *(*fn)(void *))
{
	pthread_t t;
	void *ret = NULL;

	if (pthread_create(&t, NULL, fn, NULL))
		return NULL;
	sem_wait(&started);
	let_run();
	pthread_cancel(t);
	pthread_join(t, &ret);
	return ret;
}

#endif

UK_TESTCASE(pthread, cancellation_ends_pipe_writes_epoll_and_select)
{
#if defined(CONFIG_LIBPOSIX_SOCKET) && defined(CONFIG_LIBPOSIX_POLL)
	char c;

	UK_TEST_ASSERT_SNUM_EQ(sem_init(&started, 0, 0), 0);
	UK_TEST_ASSERT_SNUM_EQ(pipe(fds), 0);
	UK_TEST_EXPECT(cancelled(fill_pipe) == PTHREAD_CANCELED);
	/* the writer's reference went with it: the pipe still works */
	UK_TEST_EXPECT_SNUM_EQ(read(fds[0], &c, 1), 1);
	close(fds[0]);
	close(fds[1]);
	UK_TEST_ASSERT_SNUM_EQ(pipe(fds), 0);
	UK_TEST_EXPECT(cancelled(epoll_forever) == PTHREAD_CANCELED);
	UK_TEST_EXPECT(cancelled(select_forever) == PTHREAD_CANCELED);
	close(fds[1]);
	UK_TEST_EXPECT_SNUM_EQ(read(fds[0], &c, 1), 0); /* no writer left */
	close(fds[0]);
#else
	UK_TEST_SKIP("pipes need posix-socket, epoll and select posix-poll");
#endif
}

UK_TESTCASE(pthread, named_semaphores_start_afresh_after_unlink)
{
	sem_t *a, *b;
	int v;

	a = sem_open("/uktest", O_CREAT, 0600, 3);
	UK_TEST_ASSERT(a != SEM_FAILED);
	UK_TEST_EXPECT_ZERO(sem_unlink("uktest")); /* the slash is optional */
	b = sem_open("/uktest", O_CREAT, 0600, 1);
	UK_TEST_ASSERT(b != SEM_FAILED);
	UK_TEST_EXPECT(a != b);
	sem_getvalue(a, &v);
	UK_TEST_EXPECT_SNUM_EQ(v, 3);
	sem_getvalue(b, &v);
	UK_TEST_EXPECT_SNUM_EQ(v, 1);
	errno = 0;
	UK_TEST_EXPECT(sem_open("/a/b", O_CREAT, 0600, 1) == SEM_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(sem_close(&s), -1); /* not a named one */
	UK_TEST_EXPECT_ZERO(sem_close(a));
	UK_TEST_EXPECT_ZERO(sem_close(b));
	UK_TEST_EXPECT_ZERO(sem_unlink("/uktest"));
}
