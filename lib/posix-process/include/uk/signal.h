/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals inside the image (posix-process), for the libraries whose
 * blocking calls a signal interrupts (nanosleep, the console's read,
 * poll) and the ones that send signals (timers, pthread_kill).
 *
 * A signal is delivered, i.e. its handler runs, in the thread it went to
 * (pthread_kill, raise) or in any thread that does not block it (kill,
 * timers), at a safe point of that thread: before kill, raise,
 * sigprocmask and the like return, and when a blocking call below wakes
 * up. A thread computing without calls never sees it.
 */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

#include <uk/essentials.h>
#include <signal.h>

/* uk_signal_sleep_until: a handler with SA_RESTART ran, and no other. */
#define UK_SIGNAL_RESTART 1

/*
 * Wait until the monotonic clock reaches deadline (ns; 0: no deadline)
 * or a signal the calling thread does not block is pending, then run the
 * handlers of the pending ones. Returns 0 at the deadline, -EINTR when a
 * signal came (its handler ran; default actions that end the image do
 * not return), UK_SIGNAL_RESTART when only handlers with SA_RESTART ran
 * (the caller repeats what it was doing if POSIX lets it). Without a
 * scheduler the CPU idles. Thread context.
 */
int uk_signal_sleep_until(__nsec deadline);

/*
 * Run the handlers of the signals pending for the calling thread that it
 * does not block. Returns 0 if there were none, else as
 * uk_signal_sleep_until. Thread context.
 */
int uk_signal_deliver(void);

/*
 * For a blocking call that waits elsewhere (poll's wait queue): with
 * interrupts masked from here until the caller has blocked and woken up,
 *
 *   flags = ukplat_lcpu_save_irqf();
 *   if (!uk_signal_watch(&w)) {
 *           ...block and yield...
 *           uk_signal_unwatch(&w);
 *   }
 *   ukplat_lcpu_restore_irqf(flags);
 *   if (uk_signal_deliver() != 0)
 *           return -EINTR;
 *
 * a signal the thread does not block wakes it (uk_thread_wake) however it
 * waits. uk_signal_watch returns 1 (and watches nothing) if such a signal
 * is pending already, else 0. Thread context, interrupts masked.
 */
struct uk_signal_watch {
	void *opaque[3];
};
int uk_signal_watch(struct uk_signal_watch *w);
void uk_signal_unwatch(struct uk_signal_watch *w);

/* Real-time signal instances that can wait besides the first of each. */
#define UK_SIGQUEUE_MAX 32

/*
 * Send sig to the process (as kill does, si_code and value from info, if
 * not NULL): a thread waiting in uk_signal_sleep_until that does not block
 * it wakes up. Does not run handlers. Returns 0, 1 if sig was pending
 * already and is not queued twice (a standard signal, or a timer's:
 * si_code SI_TIMER, whose expiries then count as overruns), -EAGAIN if
 * a real-time signal's queue is full, or -EINVAL. Real-time signals
 * (SIGRTMIN..SIGRTMAX) otherwise queue, each instance with its info.
 * Any context, interrupt handlers included.
 */
int uk_signal_send_process(int sig, const siginfo_t *info);

#ifdef CONFIG_LIBUKSCHED
struct uk_thread;

/*
 * Send sig to thread t only (pthread_kill); t wakes from
 * uk_signal_sleep_until if it does not block sig. Does not run handlers.
 * A real-time signal already pending for t queues one more instance.
 * Returns 0, -EAGAIN (UK_SIGQUEUE_MAX instances wait already) or
 * -EINVAL. Any context.
 */
int uk_signal_send_thread(struct uk_thread *t, int sig);
#endif

#endif
