/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals within the one process: actions (sigaction, signal), per-thread
 * blocked and pending sets, process-wide pending signals, delivery at
 * safe points (see <uk/signal.h>), waiting (sigsuspend, pause, sigwait),
 * and the synchronous signals of CPU exceptions (<uk/plat/trap.h>).
 *
 * Locking: the pending sets, the waiters' list and the actions change
 * only with interrupts masked (timers send signals from interrupt
 * context); one CPU, so that is enough.
 */
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/trap.h>
#ifdef CONFIG_LIBUKSCHED
#include <uk/sched.h>
#include <uk/thread.h>
#endif
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#define PID 1

#define BIT(sig) (1UL << ((sig)-1))
/* What can never be blocked or caught. */
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))

static struct sigaction actions[NSIG];     /* [0] unused */
static unsigned long proc_pending;         /* sent to the process */
static siginfo_t proc_info[NSIG];          /* why, for each of those */

/*
 * Real-time signals sent to the process queue: proc_info holds the
 * first instance, the others wait in a list per signal, in the order
 * sent, taken from a pool of UK_SIGQUEUE_MAX entries (sigqueue and kill
 * then fail with EAGAIN, as on Linux at RLIMIT_SIGPENDING). Masked.
 */
struct queued {
	struct queued *next;
	siginfo_t info;
};
static struct queued pool[UK_SIGQUEUE_MAX], *pool_free;
static struct queued *queue_head[NSIG], *queue_tail[NSIG];

static int is_rt(int sig)
{
	return sig >= SIGRTMIN && sig <= SIGRTMAX;
}

static struct queued *queued_new(void)
{
	static int ready;
	struct queued *q;

	if (!ready) {
		for (int i = 0; i < UK_SIGQUEUE_MAX; i++) {
			pool[i].next = pool_free;
			pool_free = &pool[i];
		}
		ready = 1;
	}
	q = pool_free;
	if (q)
		pool_free = q->next;
	return q;
}

/* Drop every queued instance of sig (it is ignored now). Masked. */
static void queue_drop(int sig)
{
	struct queued *q;

	while ((q = queue_head[sig])) {
		queue_head[sig] = q->next;
		q->next = pool_free;
		pool_free = q;
	}
	queue_tail[sig] = NULL;
}

/* A thread in uk_signal_sleep_until or sigwait: what wakes it. */
struct waiter {
	struct waiter *next;
	unsigned long wake; /* signals that end the wait */
#ifdef CONFIG_LIBUKSCHED
	struct uk_thread *thread;
#endif
};
static struct waiter *waiters;

/* The calling thread's sets (one pair before the scheduler runs). */
struct sigsets {
	unsigned long *blocked, *pending;
	unsigned char *rt_queued; /* [sig - SIGRTMIN]: beyond the first */
};

static unsigned long boot_blocked, boot_pending;
static unsigned char boot_rt_queued[31];

static struct sigsets self(void)
{
#ifdef CONFIG_LIBUKSCHED
	struct uk_thread *t = uk_thread_current();

	if (t)
		return (struct sigsets){ &t->sig_blocked, &t->sig_pending,
					 t->sig_rt_queued };
#endif
	return (struct sigsets){ &boot_blocked, &boot_pending,
				 boot_rt_queued };
}

static int valid(int sig)
{
	return sig >= 1 && sig < NSIG;
}

static int lowest(unsigned long set)
{
	return __builtin_ctzl(set) + 1;
}

/* What a signal does by default: 0 nothing, 1 end the image, 2 crash. */
static int default_action(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
	/* stopping: nothing could continue us, so nothing happens */
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return 0;
	case SIGABRT:
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGQUIT:
	case SIGTRAP:
	case SIGSYS:
	case SIGXCPU:
	case SIGXFSZ:
		return 2;
	default:
		return 1;
	}
}

/* Whether delivering sig does nothing. Masked. */
static int ignored(int sig)
{
	_sig_func_ptr h = actions[sig].sa_handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return 0;
	return h == SIG_IGN || (h == SIG_DFL && default_action(sig) == 0);
}

/* Wake the first waiter that wants one of set (and only it). Masked. */
static void wake_one(unsigned long set, void *thread)
{
	for (struct waiter *w = waiters; w; w = w->next) {
#ifdef CONFIG_LIBUKSCHED
		if (thread && w->thread != thread)
			continue;
		if (w->wake & set) {
			if (w->thread)
				uk_thread_wake(w->thread);
			return;
		}
#else
		(void)thread;
		if (w->wake & set)
			return; /* no threads: it looks itself */
#endif
	}
}

int uk_signal_send_process(int sig, const siginfo_t *info)
{
	unsigned long flags;
	int rc = 0;

	if (!valid(sig))
		return -EINVAL;
	/* An ignored signal stays pending too (while blocked, as on Linux);
	 * delivering it does nothing. */
	flags = ukplat_lcpu_save_irqf();
	if ((proc_pending & BIT(sig)) && is_rt(sig) &&
	    !(info && info->si_code == SI_TIMER)) {
		struct queued *q = queued_new();

		if (q) {
			q->next = NULL;
			q->info = info ? *info : (siginfo_t){ .si_code = SI_USER,
							      .si_pid = PID };
			q->info.si_signo = sig;
			if (queue_tail[sig])
				queue_tail[sig]->next = q;
			else
				queue_head[sig] = q;
			queue_tail[sig] = q;
		} else {
			rc = -EAGAIN;
		}
	} else if (proc_pending & BIT(sig)) {
		rc = 1; /* standard signals do not queue */
	} else {
		proc_pending |= BIT(sig);
		if (info)
			proc_info[sig] = *info;
		else
			proc_info[sig] = (siginfo_t){ .si_code = SI_USER,
						      .si_pid = PID };
		proc_info[sig].si_signo = sig;
	}
	wake_one(BIT(sig), NULL);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/*
 * Make sig pending for the thread of s: a real-time signal already
 * pending queues one more instance (-EAGAIN past UK_SIGQUEUE_MAX).
 * Masked.
 */
static int send_to(struct sigsets s, int sig)
{
	if ((*s.pending & BIT(sig)) && is_rt(sig)) {
		unsigned char *n = &s.rt_queued[sig - SIGRTMIN];

		if (*n >= UK_SIGQUEUE_MAX)
			return -EAGAIN;
		(*n)++;
		return 0;
	}
	*s.pending |= BIT(sig);
	return 0;
}

#ifdef CONFIG_LIBUKSCHED
int uk_signal_send_thread(struct uk_thread *t, int sig)
{
	struct sigsets s = { &t->sig_blocked, &t->sig_pending,
			     t->sig_rt_queued };
	unsigned long flags;
	int rc;

	if (!valid(sig))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	rc = send_to(s, sig);
	wake_one(BIT(sig), t);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}
#endif

/* Pending for the caller and not blocked by it. Masked. */
static unsigned long deliverable(struct sigsets s)
{
	return (*s.pending | proc_pending) & ~*s.blocked;
}

/*
 * Take signal sig out of the pending sets (the thread's own first) into
 * info. Masked.
 */
static void take(struct sigsets s, int sig, siginfo_t *info)
{
	if (*s.pending & BIT(sig)) {
		if (is_rt(sig) && s.rt_queued[sig - SIGRTMIN])
			s.rt_queued[sig - SIGRTMIN]--; /* another waits */
		else
			*s.pending &= ~BIT(sig);
		*info = (siginfo_t){ .si_signo = sig, .si_code = SI_TKILL,
				     .si_pid = PID };
	} else {
		struct queued *q = queue_head[sig];

		*info = proc_info[sig];
		if (q) { /* the next instance of a real-time signal */
			proc_info[sig] = q->info;
			queue_head[sig] = q->next;
			if (!q->next)
				queue_tail[sig] = NULL;
			q->next = pool_free;
			pool_free = q;
		} else {
			proc_pending &= ~BIT(sig);
		}
	}
}

static void __noreturn die_of(int sig)
{
	if (sig == SIGABRT)
		UK_CRASH("abort() called");
	if (default_action(sig) == 2)
		UK_CRASH("killed by signal %d (%s)", sig, strsignal(sig));
	uk_pr_info("ended by signal %d (%s)\n", sig, strsignal(sig));
	ukplat_exit(128 + sig);
}

/*
 * Act on signal sig for the calling thread: its default action, nothing,
 * or its handler (with sa_mask and sig itself blocked meanwhile). Returns
 * 0 if nothing ran, 1 for a handler with SA_RESTART, 2 for one without.
 */
static int act(int sig, siginfo_t *info)
{
	struct sigsets s = self();
	struct sigaction a;
	unsigned long flags, old;

	flags = ukplat_lcpu_save_irqf();
	a = actions[sig];
	if (a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN &&
	    (a.sa_flags & SA_RESETHAND)) {
		actions[sig].sa_handler = SIG_DFL;
		actions[sig].sa_flags &= ~SA_SIGINFO;
	}
	ukplat_lcpu_restore_irqf(flags);

	if (a.sa_handler == SIG_IGN)
		return 0;
	if (a.sa_handler == SIG_DFL) {
		if (default_action(sig) == 0)
			return 0;
		die_of(sig);
	}
	old = *s.blocked;
	*s.blocked |= (a.sa_mask | (a.sa_flags & SA_NODEFER ? 0 : BIT(sig))) &
		      ~UNBLOCKABLE;
	if (a.sa_flags & SA_SIGINFO)
		a.sa_sigaction(sig, info, NULL);
	else
		a.sa_handler(sig);
	*s.blocked = old;
	return a.sa_flags & SA_RESTART ? 1 : 2;
}

int uk_signal_deliver(void)
{
	struct sigsets s = self();
	unsigned long flags, set;
	siginfo_t info;
	int ran = 0, r;

#ifdef CONFIG_LIBUKSCHED
	uk_sched_async_cancel_point(); /* SIGCANCEL, as it were */
#endif
	for (;;) {
		flags = ukplat_lcpu_save_irqf();
		set = deliverable(s);
		if (!set) {
			ukplat_lcpu_restore_irqf(flags);
			break;
		}
		take(s, lowest(set), &info);
		ukplat_lcpu_restore_irqf(flags);
		r = act(info.si_signo, &info);
		ran = MAX(ran, r);
	}
	return ran == 2 ? -EINTR : ran == 1 ? UK_SIGNAL_RESTART : 0;
}

/*
 * Wait (interrupts masked by the caller) until one of wake is pending for
 * the caller or the deadline passes. Returns with interrupts masked.
 */
static void wait_masked(struct sigsets s, unsigned long wake, __nsec deadline)
{
	struct waiter w = { .wake = wake }, **pp;

	if ((*s.pending | proc_pending) & wake)
		return;
	w.next = waiters;
	waiters = &w;
#ifdef CONFIG_LIBUKSCHED
	w.thread = uk_thread_current();
	if (w.thread) {
		uk_thread_block_until(w.thread, deadline);
		uk_sched_yield();
	} else
#endif
	{
		/* No threads: only an interrupt handler could send one. */
		if (deadline)
			ukplat_lcpu_halt_irq_until(deadline);
		else
			ukplat_lcpu_halt_irq_until(ukplat_monotonic_clock() +
						   UKPLAT_NSEC_PER_SEC);
	}
	for (pp = &waiters; *pp != &w; pp = &(*pp)->next)
		UK_ASSERT(*pp);
	*pp = w.next;
}

UK_CTASSERT(sizeof(struct uk_signal_watch) >= sizeof(struct waiter));

int uk_signal_watch(struct uk_signal_watch *sw)
{
	struct waiter *w = (struct waiter *)sw;
	struct sigsets s = self();

	if (deliverable(s))
		return 1;
	*w = (struct waiter){ .next = waiters, .wake = ~*s.blocked };
#ifdef CONFIG_LIBUKSCHED
	w->thread = uk_thread_current();
#endif
	waiters = w;
	return 0;
}

void uk_signal_unwatch(struct uk_signal_watch *sw)
{
	struct waiter **pp;

	for (pp = &waiters; *pp != (struct waiter *)sw; pp = &(*pp)->next)
		UK_ASSERT(*pp);
	*pp = (*pp)->next;
}

int uk_signal_sleep_until(__nsec deadline)
{
	struct sigsets s = self();
	unsigned long flags;
	int r;

	for (;;) {
		r = uk_signal_deliver();
		if (r)
			return r;
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return 0;
#ifdef CONFIG_LIBUKSCHED
		/* a cancelled thread stops waiting; its caller acts on it */
		if (uk_sched_cancel_pending())
			return 0;
#endif
		flags = ukplat_lcpu_save_irqf();
		wait_masked(s, ~*s.blocked, deadline);
		ukplat_lcpu_restore_irqf(flags);
	}
}

/* sigaction & co. */

int sigaction(int sig, const struct sigaction *act_, struct sigaction *old)
{
	unsigned long flags;

	if (!valid(sig) || (act_ && (sig == SIGKILL || sig == SIGSTOP))) {
		errno = EINVAL;
		return -1;
	}
	flags = ukplat_lcpu_save_irqf();
	if (old)
		*old = actions[sig];
	if (act_) {
		actions[sig] = *act_;
		actions[sig].sa_mask &= ~UNBLOCKABLE;
		/* POSIX: setting SIG_IGN discards what is pending */
		if (ignored(sig)) {
			struct sigsets s = self();

			proc_pending &= ~BIT(sig);
			queue_drop(sig);
			*s.pending &= ~BIT(sig);
			if (is_rt(sig))
				s.rt_queued[sig - SIGRTMIN] = 0;
		}
	}
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

/* As glibc's signal(): BSD semantics, the handler stays, calls restart. */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction a = { .sa_handler = handler, .sa_flags = SA_RESTART },
			 old;

	if (sigaction(sig, &a, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int siginterrupt(int sig, int flag)
{
	struct sigaction a;

	if (sigaction(sig, NULL, &a) < 0)
		return -1;
	if (flag)
		a.sa_flags &= ~SA_RESTART;
	else
		a.sa_flags |= SA_RESTART;
	return sigaction(sig, &a, NULL);
}

/* Change the caller's blocked set; returns 0 or an errno value. */
static int change_mask(int how, const sigset_t *set, sigset_t *old)
{
	struct sigsets s = self();
	unsigned long m;

	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK &&
	    how != SIG_SETMASK)
		return EINVAL;
	if (old)
		*old = *s.blocked;
	if (!set)
		return 0;
	m = *s.blocked;
	if (how == SIG_BLOCK)
		m |= *set;
	else if (how == SIG_UNBLOCK)
		m &= ~*set;
	else
		m = *set;
	*s.blocked = m & ~UNBLOCKABLE;
	uk_signal_deliver(); /* what is no longer blocked */
	return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	int rc = change_mask(how, set, old);

	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

/* Per thread already: the same as sigprocmask, errors returned. */
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return change_mask(how, set, old);
}

UK_SYSCALL_R_DEFINE_RAW(rt_sigprocmask, int, how, const sigset_t *, set,
			sigset_t *, old, size_t, size)
{
	if (size != sizeof(sigset_t))
		return -EINVAL;
	return -change_mask(how, set, old);
}

/* The kernel's struct sigaction, for raw system calls (syscall_insn). */
struct k_sigaction {
	void *handler;
	unsigned long flags;
#if defined(__x86_64__)
	void (*restorer)(void); /* arm64 has none */
#endif
	unsigned long mask;
};

UK_SYSCALL_R_DEFINE_RAW(rt_sigaction, int, sig, const struct k_sigaction *, ka,
			struct k_sigaction *, kold, size_t, size)
{
	struct sigaction a, old;

	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (ka) {
		a = (struct sigaction){ .sa_flags = (int)ka->flags,
					.sa_mask = ka->mask };
		a.sa_handler = (_sig_func_ptr)ka->handler;
	}
	if (sigaction(sig, ka ? &a : NULL, &old) < 0)
		return -errno;
	if (kold) {
		*kold = (struct k_sigaction){
			.handler = (void *)old.sa_handler,
			.flags = (unsigned int)old.sa_flags,
			.mask = old.sa_mask,
		};
	}
	return 0;
}

UK_SYSCALL_R_DEFINE_RAW(rt_sigpending, sigset_t *, set, size_t, size)
{
	if (size != sizeof(sigset_t))
		return -EINVAL;
	return sigpending(set);
}

/* Every thread's id is the process's (gettid): only ourselves. */
UK_SYSCALL_R_DEFINE_RAW(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (tgid != PID || tid != PID)
		return -ESRCH;
	return sig ? raise(sig) : 0;
}

int sigpending(sigset_t *set)
{
	struct sigsets s = self();
	unsigned long flags = ukplat_lcpu_save_irqf();

	*set = (*s.pending | proc_pending) & *s.blocked;
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

/* sigset_t: signal N is bit N - 1 (as Linux's kernel keeps it). */

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, const int sig)
{
	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set |= BIT(sig);
	return 0;
}

int sigdelset(sigset_t *set, const int sig)
{
	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	*set &= ~BIT(sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	return (*set & BIT(sig)) != 0;
}

/* Sending. */

int raise(int sig)
{
	struct sigsets s = self();
	unsigned long flags;
	int rc;

	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	flags = ukplat_lcpu_save_irqf();
	rc = send_to(s, sig);
	ukplat_lcpu_restore_irqf(flags);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	uk_signal_deliver();
	return 0;
}

/*
 * The process is its own group (1) and the only process: kill(-1) has
 * nobody to reach (Linux leaves out the caller), other pids do not exist.
 */
static int send_pid(pid_t pid, int sig, const siginfo_t *info)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid != PID && pid != 0)
		return -ESRCH;
	if (sig == 0)
		return 0;
	if (uk_signal_send_process(sig, info) == -EAGAIN)
		return -EAGAIN; /* the real-time queue is full */
	uk_signal_deliver();
	return 0;
}

UK_SYSCALL_R_DEFINE(int, kill, pid_t, pid, int, sig)
{
	return send_pid(pid, sig, NULL);
}

int killpg(pid_t pgrp, int sig)
{
	int rc;

	if (pgrp < 0)
		rc = -EINVAL;
	else
		rc = send_pid(pgrp == 0 ? 0 : pgrp == PID ? PID : -2, sig,
			      NULL);
	return (int)uk_syscall_ret(rc);
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_QUEUE,
			   .si_pid = PID, .si_value = value };

	return (int)uk_syscall_ret(send_pid(pid, sig, &info));
}

/*
 * The calling thread's alternate signal stack is kept and reported, but
 * handlers run on the thread's own stack whatever SA_ONSTACK says: a
 * SIGSEGV from a stack overflow still ends in the crash report.
 */
static __thread stack_t altstack = { .ss_flags = SS_DISABLE };

int sigaltstack(const stack_t *ss, stack_t *old)
{
	stack_t cur = altstack;

	if (ss) {
		if (ss->ss_flags & ~SS_DISABLE) {
			errno = EINVAL;
			return -1;
		}
		if (!(ss->ss_flags & SS_DISABLE) &&
		    ss->ss_size < MINSIGSTKSZ) {
			errno = ENOMEM;
			return -1;
		}
		if (ss->ss_flags & SS_DISABLE)
			altstack = (stack_t){ .ss_flags = SS_DISABLE };
		else
			altstack = *ss;
	}
	if (old)
		*old = cur;
	return 0;
}

/* Waiting. */

int sigsuspend(const sigset_t *mask)
{
	struct sigsets s = self();
	unsigned long old = *s.blocked;

	*s.blocked = *mask & ~UNBLOCKABLE;
	while (uk_signal_sleep_until(0) == 0)
		;
	*s.blocked = old;
	uk_signal_deliver(); /* what the old mask lets through now */
	errno = EINTR;
	return -1;
}

int pause(void)
{
	sigset_t now = *self().blocked;

	return sigsuspend(&now);
}

/*
 * Take one of set out of the pending signals, waiting until the deadline
 * (0: none) for one. Returns the signal, or -EAGAIN at the deadline.
 */
static int wait_for(const sigset_t *set, siginfo_t *info, __nsec deadline)
{
	struct sigsets s = self();
	unsigned long flags, got, want = *set & ~UNBLOCKABLE;
	siginfo_t tmp;

	flags = ukplat_lcpu_save_irqf();
	for (;;) {
		got = (*s.pending | proc_pending) & want;
		if (got) {
			take(s, lowest(got), info ? info : &tmp);
			ukplat_lcpu_restore_irqf(flags);
			return lowest(got);
		}
		if (deadline && ukplat_monotonic_clock() >= deadline) {
			ukplat_lcpu_restore_irqf(flags);
			return -EAGAIN;
		}
		wait_masked(s, want, deadline);
	}
}

int sigwait(const sigset_t *set, int *sig)
{
	int r = wait_for(set, NULL, 0);

	if (r < 0)
		return -r;
	*sig = r;
	return 0;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return (int)uk_syscall_ret(wait_for(set, info, 0));
}

int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	__nsec d;

	if (!timeout)
		return sigwaitinfo(set, info);
	if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
	    timeout->tv_nsec >= 1000000000L) {
		errno = EINVAL;
		return -1;
	}
	d = ukplat_monotonic_clock() +
	    (__nsec)timeout->tv_sec * UKPLAT_NSEC_PER_SEC +
	    (__nsec)timeout->tv_nsec;
	return (int)uk_syscall_ret(wait_for(set, info, d ? d : 1));
}

/*
 * abort(): SIGABRT's handler runs even if SIGABRT is blocked or ignored;
 * if it returns, the image crashes as without one.
 */
void abort(void)
{
	sigset_t abrt = BIT(SIGABRT);
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	if (actions[SIGABRT].sa_handler != SIG_IGN) {
		sigprocmask(SIG_UNBLOCK, &abrt, NULL);
		raise(SIGABRT);
	}
	sigaction(SIGABRT, &dfl, NULL);
	sigprocmask(SIG_UNBLOCK, &abrt, NULL);
	raise(SIGABRT);
	die_of(SIGABRT);
}

/* Synchronous signals of CPU exceptions. */

/* Exception context: a handler is set and the thread does not block it. */
static int trap_wants(const struct ukplat_trap *t)
{
	_sig_func_ptr h;

	if (!valid(t->signo))
		return 0;
	h = actions[t->signo].sa_handler;
	return h != SIG_DFL && h != SIG_IGN &&
	       !(*self().blocked & BIT(t->signo));
}

/* On the faulting thread's stack: run the handler. */
static void trap_deliver(const struct ukplat_trap *t)
{
	siginfo_t info = { .si_signo = t->signo, .si_code = t->code,
			   .si_addr = t->addr };

	act(t->signo, &info);
}

static const struct ukplat_trap_handler trap_handler = {
	.wants = trap_wants,
	.deliver = trap_deliver,
};

static int signal_init(void)
{
	ukplat_trap_handler_set(&trap_handler);
	return 0;
}
uk_lib_initcall(signal_init);
