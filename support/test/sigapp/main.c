/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals, timers, errno values and clocks as an ordinary Linux program
 * uses them. support/test/suite_signals.py compares its output with the
 * same source built natively (gcc, glibc): each line is a fact both must
 * agree on. Handlers of asynchronous signals only record; main prints.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
/* Linux-only code: natively built, left out in an image (no __linux__). */
#ifdef __linux__
#include <linux/limits.h>
#endif

static volatile sig_atomic_t hits, last_sig, last_code, last_value, nested;
static volatile int blocked_inside;
static sigjmp_buf env;
static void *volatile fault_addr;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_value = si->si_value.sival_int;
}

static void on_plain(int sig)
{
	sigset_t now;

	hits++;
	last_sig = sig;
	sigprocmask(SIG_SETMASK, NULL, &now);
	blocked_inside = sigismember(&now, sig) * 10 + sigismember(&now, SIGUSR2);
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	last_sig = sig;
	last_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(env, sig);
}

static void set(int sig, void (*h)(int), int flags, int also_block)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (also_block)
		sigaddset(&sa.sa_mask, also_block);
	if (sigaction(sig, &sa, NULL) != 0)
		printf("sigaction(%d) failed: %s\n", sig, strerror(errno));
}

static void set_info(int sig, void (*h)(int, siginfo_t *, void *))
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void numbers(void)
{
	printf("errno: ENOSYS %d EAGAIN %d ELOOP %d ENOTSUP %d ETIMEDOUT %d "
	       "ECONNREFUSED %d EOVERFLOW %d ENOTRECOVERABLE %d\n",
	       ENOSYS, EAGAIN, ELOOP, ENOTSUP, ETIMEDOUT, ECONNREFUSED,
	       EOVERFLOW, ENOTRECOVERABLE);
	printf("strerror: %s / %s / %s / %s / %s\n", strerror(EPERM),
	       strerror(EAGAIN), strerror(ENOSYS), strerror(ENOTSUP),
	       strerror(EADDRINUSE));
	printf("strerror(1234): %s\n", strerror(1234));
	printf("signals: SIGBUS %d SIGUSR1 %d SIGUSR2 %d SIGALRM %d SIGCHLD %d "
	       "SIGSYS %d\n", SIGBUS, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGSYS);
	printf("strsignal(SIGSEGV): %s\n", strsignal(SIGSEGV));
	printf("CLOCKS_PER_SEC %ld\n", (long)CLOCKS_PER_SEC);
}

static void sets_and_actions(void)
{
	sigset_t s;
	struct sigaction sa;
	void (*old)(int);

	sigemptyset(&s);
	int r;

	errno = 0;
	r = sigaddset(&s, 0);
	printf("sigaddset(0): %d %s; ", r, strerror(errno));
	printf("sigaddset(65): %d\n", sigaddset(&s, 65));
	errno = 0;
	r = sigaction(SIGKILL, &(struct sigaction){ .sa_handler = SIG_IGN },
		      NULL);
	printf("sigaction(SIGKILL): %d %s\n", r, strerror(errno));
	printf("signal(SIGSTOP): %s\n",
	       signal(SIGSTOP, on_plain) == SIG_ERR ? "SIG_ERR" : "accepted");
	old = signal(SIGUSR1, on_plain);
	printf("signal() first returns SIG_DFL: %d, then the handler: %d\n",
	       old == SIG_DFL, signal(SIGUSR1, on_plain) == on_plain);
	sigaction(SIGUSR1, NULL, &sa);
	printf("signal() sets SA_RESTART: %d\n", !!(sa.sa_flags & SA_RESTART));
	errno = 0;
	r = kill(getpid(), 99);
	printf("kill(getpid(), 99): %d %s\n", r, strerror(errno));
	printf("kill(getpid(), 0): %d\n", kill(getpid(), 0));
}

static void delivery(void)
{
	sigset_t s, p;
	struct sigaction sa;

	hits = 0;
	set_info(SIGUSR1, on_info);
	raise(SIGUSR1);
	printf("raise: hits %d sig %d code %d\n", hits, last_sig, last_code);
	kill(getpid(), SIGUSR1);
	printf("kill(getpid()): hits %d code %d\n", hits, last_code);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 7 });
	printf("sigqueue: hits %d code %d value %d\n", hits, last_code,
	       last_value);

	/* blocked: pending until unblocked, then run before the call returns */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	hits = 0;
	raise(SIGUSR1);
	raise(SIGUSR1); /* not queued twice */
	sigpending(&p);
	printf("blocked: hits %d pending %d\n", hits, sigismember(&p, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	sigpending(&p);
	printf("unblocked: hits %d pending %d\n", hits,
	       sigismember(&p, SIGUSR1));

	/* the signal itself blocked inside its handler, sa_mask too;
	 * SA_NODEFER leaves it open */
	set(SIGUSR1, on_plain, 0, SIGUSR2);
	raise(SIGUSR1);
	printf("inside the handler: SIGUSR1 blocked %d, SIGUSR2 blocked %d\n",
	       blocked_inside / 10, blocked_inside % 10);
	set(SIGUSR1, on_plain, SA_NODEFER, 0);
	raise(SIGUSR1);
	printf("SA_NODEFER: SIGUSR1 blocked %d\n", blocked_inside / 10);

	/* SA_RESETHAND: once, then the default action again */
	hits = 0;
	set(SIGUSR1, on_plain, SA_RESETHAND, 0);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &sa);
	printf("SA_RESETHAND: hits %d, now SIG_DFL %d\n", hits,
	       sa.sa_handler == SIG_DFL);

	/* ignored: discarded, even while blocked */
	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR2);
	sigpending(&p);
	printf("ignored signal pending: %d\n", sigismember(&p, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	signal(SIGUSR2, SIG_DFL);
	/* SIGCHLD's default is to do nothing */
	raise(SIGCHLD);
	printf("SIGCHLD by default: nothing happened\n");
}

static void traps(void)
{
	int r;

	set_info(SIGSEGV, on_fault);
	for (int i = 0; i < 2; i++) {
		r = sigsetjmp(env, 1);
		if (r == 0) {
			*(volatile int *)(unsigned long)(16 + i) = 1;
			printf("no fault?\n");
		} else {
			printf("SIGSEGV %d: code %d addr %p\n", i, last_code,
			       fault_addr);
		}
	}
	set_info(SIGILL, on_fault);
	if (sigsetjmp(env, 1) == 0) {
#if defined(__x86_64__)
		__asm__ __volatile__("ud2");
#elif defined(__aarch64__)
		__asm__ __volatile__(".inst 0x00000000"); /* udf #0 */
#endif
		printf("no SIGILL?\n");
	} else {
		printf("SIGILL: sig %d\n", last_sig);
	}
	set_info(SIGFPE, on_fault);
	if (sigsetjmp(env, 1) == 0) {
		volatile int zero = 0, x = 7;

		x = x / zero;
#if defined(__aarch64__)
		/* arm64 does not trap: the quotient is 0 */
		printf("SIGFPE: code %d (arm64: no trap, 7/0 = %d)\n", 1, x);
#else
		printf("no SIGFPE? %d\n", x);
#endif
	} else {
		printf("SIGFPE: code %d\n", last_code);
	}
}

static void on_abrt(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

static void aborting(void)
{
	signal(SIGABRT, on_abrt);
	if (sigsetjmp(env, 1) == 0) {
		abort();
		printf("abort returned?\n");
	} else {
		printf("abort(): the SIGABRT handler ran\n");
	}
	signal(SIGABRT, SIG_DFL);
}

static void *sender(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	pthread_kill(*(pthread_t *)arg, SIGUSR2);
	return NULL;
}

static void *mask_reporter(void *arg)
{
	sigset_t now;

	(void)arg;
	pthread_sigmask(SIG_SETMASK, NULL, &now);
	return (void *)(long)sigismember(&now, SIGUSR1);
}

static volatile int notified;

static void notify(union sigval v)
{
	notified += v.sival_int;
}

static void waiting_and_timers(void)
{
	sigset_t s, old;
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };
	struct timespec ts = { 5, 0 }, rem;
	pthread_t self = pthread_self(), t;
	void *res;
	int sig, r;
	timer_t tid;
	struct sigevent ev = { 0 };
	struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } };

	/* sigwait: a signal another thread sends */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	pthread_create(&t, NULL, sender, &self);
	r = sigwait(&s, &sig);
	pthread_join(t, NULL);
	printf("sigwait: %d sig %d\n", r, sig);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* a new thread starts with its creator's mask */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, &old);
	pthread_create(&t, NULL, mask_reporter, NULL);
	pthread_join(t, &res);
	printf("new thread blocks SIGUSR1: %ld\n", (long)res);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* setitimer + pause */
	hits = 0;
	set(SIGALRM, on_plain, 0, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	r = pause();
	printf("pause: %d %s, SIGALRM hits %d\n", r, strerror(errno), hits);

	/* nanosleep cut short by a signal: EINTR and time left */
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	r = nanosleep(&ts, &rem);
	printf("nanosleep: %d %s, some left %d\n", r, strerror(errno),
	       rem.tv_sec < 5 && (rem.tv_sec > 0 || rem.tv_nsec > 0));
	/* sleep() returns what is left */
	setitimer(ITIMER_REAL, &it, NULL);
	r = (int)sleep(5);
	printf("sleep: left %d\n", r);
	/* poll, select and epoll_wait on a pipe nobody writes: EINTR */
	{
		int p[2], ep;
		struct pollfd pfd;
		fd_set rd;
		struct epoll_event ee = { .events = EPOLLIN };

		r = pipe(p);
		pfd.fd = p[0];
		pfd.events = POLLIN;
		setitimer(ITIMER_REAL, &it, NULL);
		errno = 0;
		r = poll(&pfd, 1, -1);
		printf("poll: %d %s\n", r, strerror(errno));
		FD_ZERO(&rd);
		FD_SET(p[0], &rd);
		setitimer(ITIMER_REAL, &it, NULL);
		errno = 0;
		r = select(p[0] + 1, &rd, NULL, NULL, NULL);
		printf("select: %d %s\n", r, strerror(errno));
		ep = epoll_create1(0);
		epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ee);
		setitimer(ITIMER_REAL, &it, NULL);
		errno = 0;
		r = epoll_wait(ep, &ee, 1, -1);
		printf("epoll_wait: %d %s\n", r, strerror(errno));
		close(ep);
		close(p[0]);
		close(p[1]);
	}
	/* alarm: the previous one's rest */
	alarm(100);
	printf("alarm: previous %u\n", alarm(0));

	/* sigsuspend: waits with a mask, returns EINTR */
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	sigprocmask(SIG_BLOCK, &s, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	hits = 0;
	errno = 0;
	r = sigsuspend(&old);
	printf("sigsuspend: %d %s hits %d\n", r, strerror(errno), hits);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* POSIX timer, SIGEV_SIGNAL, periodic: three expiries */
	set_info(SIGUSR1, on_info);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 42;
	timer_create(CLOCK_MONOTONIC, &ev, &tid);
	hits = 0;
	timer_settime(tid, 0, &its, NULL);
	while (hits < 3)
		pause();
	timer_delete(tid);
	printf("timer SIGEV_SIGNAL: sig %d code %d value %d\n", last_sig,
	       last_code, last_value);
	errno = 0;
	r = timer_delete(tid);
	printf("timer_delete again: %d %s\n", r, strerror(errno));

	/* SIGEV_THREAD: the function runs in a thread */
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify;
	ev.sigev_value.sival_int = 1;
	timer_create(CLOCK_REALTIME, &ev, &tid);
	timer_settime(tid, 0, &its, NULL);
	for (int i = 0; i < 200 && notified < 2; i++) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		nanosleep(&tick, NULL);
	}
	timer_delete(tid);
	printf("timer SIGEV_THREAD: notified at least twice %d\n",
	       notified >= 2);
}

static void clocks(void)
{
	struct timespec res;
	clock_t a = clock(), b;

	clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res);
	printf("clock_getres(CLOCK_PROCESS_CPUTIME_ID) <= 1us: %d\n",
	       res.tv_sec == 0 && res.tv_nsec <= 1000);
	while ((b = clock()) == a)
		;
	printf("clock() steps by at most 1 ms: %d\n", b - a <= 1000);
}

/* "sigapp cat": stdin to its end; what came, and that the end stays. */
static int cat(void)
{
	unsigned char buf[100];
	unsigned long n = 0, ff = 0, sum = 0;
	ssize_t r;

	while ((r = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			ff += buf[i] == 0xff;
			sum = sum * 31 + buf[i];
		}
		n += (unsigned long)r;
	}
	printf("stdin: %lu bytes, %lu of them 0xff, hash %lu, end %zd\n", n, ff,
	       sum % 1000003, r);
	printf("read after the end: %zd\n", read(0, buf, sizeof(buf)));
	return 0;
}

/* "sigapp heap N": N MiB from malloc, every page touched. */
static int heap(const char *mib)
{
	size_t n = (size_t)atol(mib) << 20;
	char *p = malloc(n);

	if (!p) {
		printf("heap: malloc(%s MiB) failed\n", mib);
		return 1;
	}
	for (size_t i = 0; i < n; i += 4096)
		p[i] = (char)i;
	free(p);
	printf("heap: %s MiB ok\n", mib);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 2 && !strcmp(argv[1], "cat"))
		return cat();
	if (argc == 3 && !strcmp(argv[1], "heap"))
		return heap(argv[2]);
	numbers();
	sets_and_actions();
	delivery();
	traps();
	aborting();
	waiting_and_timers();
	clocks();
	printf("done\n");
	return 0;
}
