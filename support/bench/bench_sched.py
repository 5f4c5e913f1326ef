# SPDX-License-Identifier: BSD-3-Clause
"""thread switches: uksched (coop, preempt) vs Linux threads (sched_yield, futex).

Two threads yielding to each other: the unikernel's uk_sched_yield on
linuxu-x86_64 (cooperative and preemptive scheduler; an image without and
with __thread variables, whose switches must set the thread pointer),
next to two Linux threads doing the same with sched_yield (pinned to one
CPU with taskset) and with a futex ping-pong (gcc -O2 -pthread). Also a
semaphore ping-pong (block and wake), an uncontended mutex and thread
create+join. The same workloads under QEMU (TCG here) for the record: the
kvm image under qemu-system-x86_64, the Linux programs under
qemu-x86_64-static.
"""

import os
import re
import shutil
import subprocess

NAME = "sched"
ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
QEMU_GUEST = os.path.join(ROOT, "support", "scripts", "qemu-guest")
HAVE_KVM = os.path.exists(os.path.join(ROOT, "plat", "kvm", "Config.uk"))

APP_CONFIG = """config APPSCHEDBENCH
	bool
	default y
	select LIBNOLIBC if !HAVE_LIBC
	select LIBUKSCHED

config APPSCHEDBENCH_TLS
	bool "touch a __thread variable in the switch loop"
	default n
"""

APP_MAKEFILE = """$(eval $(call addlib,appschedbench))
APPSCHEDBENCH_SRCS-y += $(APPSCHEDBENCH_BASE)/main.c
"""

APP_C = r"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/plat/time.h>

#ifdef CONFIG_APPSCHEDBENCH_TLS
static __thread volatile long tls_touch;
#define TOUCH() (tls_touch++)
#else
#define TOUCH() ((void)0)
#endif

static long rounds;
static struct uk_semaphore sa, sb;

static void *yielder(void *arg)
{
	for (long i = 0; i < rounds; i++) {
		TOUCH();
		uk_sched_yield();
	}
	return arg;
}

static void *ping(void *arg)
{
	for (long i = 0; i < rounds; i++) {
		uk_semaphore_up(&sb);
		uk_semaphore_down(&sa);
	}
	return arg;
}

static void *pong(void *arg)
{
	for (long i = 0; i < rounds; i++) {
		uk_semaphore_down(&sb);
		uk_semaphore_up(&sa);
	}
	return arg;
}

static void *nothing(void *arg)
{
	return arg;
}

static void pair(void *(*a)(void *), void *(*b)(void *), const char *what,
		 long switches)
{
	struct uk_thread *ta, *tb;
	__nsec t0 = ukplat_monotonic_clock(), dt;

	uk_thread_create(&ta, "a", NULL, a, NULL);
	uk_thread_create(&tb, "b", NULL, b, NULL);
	uk_thread_join(ta, NULL);
	uk_thread_join(tb, NULL);
	dt = ukplat_monotonic_clock() - t0;
	printf("%s %.1f\n", what, (double)dt / (double)switches);
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "yield";
	__nsec t0, dt;

	rounds = argc > 2 ? atol(argv[2]) : 100000;
	printf("scheduler %s, %s\n", uk_sched_name,
	       uk_thread_current()->tlsp ? "with TLS" : "no TLS");
	if (!strcmp(what, "yield")) {
		pair(yielder, yielder, "yield_ns_per_switch", 2 * rounds);
	} else if (!strcmp(what, "sem")) {
		uk_semaphore_init(&sa, 0);
		uk_semaphore_init(&sb, 0);
		pair(ping, pong, "sem_pingpong_ns_per_switch", 2 * rounds);
	} else if (!strcmp(what, "mutex")) {
		struct uk_mutex m;

		uk_mutex_init(&m);
		t0 = ukplat_monotonic_clock();
		for (long i = 0; i < rounds; i++) {
			uk_mutex_lock(&m);
			uk_mutex_unlock(&m);
		}
		dt = ukplat_monotonic_clock() - t0;
		printf("mutex_ns_per_lock_unlock %.1f\n", (double)dt / rounds);
	} else if (!strcmp(what, "create")) {
		struct uk_thread *t;

		t0 = ukplat_monotonic_clock();
		for (long i = 0; i < rounds; i++) {
			uk_thread_create(&t, "c", NULL, nothing, NULL);
			uk_thread_join(t, NULL);
		}
		dt = ukplat_monotonic_clock() - t0;
		printf("create_join_ns %.1f\n", (double)dt / rounds);
	}
	return 0;
}
"""

NATIVE_C = r"""#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long rounds;
static int use_futex;
static int turn; /* whose turn: 0 or 1 */

static void futex_wait(int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *player(void *arg)
{
	int me = (int)(long)arg;

	for (long i = 0; i < rounds; i++) {
		int t;

		while ((t = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) != me) {
			if (use_futex)
				futex_wait(&turn, t);
			else
				sched_yield();
		}
		__atomic_store_n(&turn, !me, __ATOMIC_RELEASE);
		if (use_futex)
			futex_wake(&turn);
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	struct timespec a, b;
	pthread_t t[2];

	use_futex = argc > 1 && !strcmp(argv[1], "futex");
	rounds = argc > 2 ? atol(argv[2]) : 100000;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, player, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) /
	       (2.0 * rounds));
	return 0;
}
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def value(out, key):
    m = re.search(rf"^{key} ([0-9.]+)$", out, re.M)
    if not m:
        raise RuntimeError(f"no {key} in the output:\n{out[-1500:]}")
    return float(m.group(1))


def run_linuxu(b, d, args):
    return b.sh([os.path.join(d, "schedbench_linuxu-x86_64")] + args, timeout=600)


def run_kvm(b, d, args):
    return b.sh(["python3", QEMU_GUEST, "-q", "-m", "128M", "-t", "600", "-k",
                 os.path.join(d, "schedbench_kvm-x86_64"), "--append=-- " + " ".join(args)])


def best(fn, runs=3):
    """Lowest of a few runs: noise on a shared machine only adds time."""
    return min(fn() for _ in range(runs))


def run(b):
    bench_dir = os.path.join(ROOT, "build", "bench")
    app = os.path.join(bench_dir, "sched-app")
    os.makedirs(app, exist_ok=True)
    write(os.path.join(app, "Config.uk"), APP_CONFIG)
    write(os.path.join(app, "Makefile.uk"), APP_MAKEFILE)
    write(os.path.join(app, "main.c"), APP_C)

    plats = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", 'CONFIG_UK_NAME="schedbench"'] + \
        (["CONFIG_PLAT_KVM=y"] if HAVE_KVM else [])
    builds = {}
    for name, extra in (("coop", ["CONFIG_LIBUKSCHEDCOOP=y"]),
                        ("coop-tls", ["CONFIG_LIBUKSCHEDCOOP=y", "CONFIG_APPSCHEDBENCH_TLS=y"]),
                        ("preempt", ["CONFIG_LIBUKSCHEDPREEMPT=y"])):
        builds[name], _, _ = b.build(f"sched-{name}", app, plats + extra)

    native_src = os.path.join(bench_dir, "sched-native.c")
    native = os.path.join(bench_dir, "sched-native")
    write(native_src, NATIVE_C)
    b.sh(["gcc", "-O2", "-pthread", native_src, "-o", native])
    native_static = native + "-static"
    b.sh(["gcc", "-O2", "-pthread", "-static", native_src, "-o", native_static])

    print("  -- linuxu-x86_64 (this machine) --", flush=True)
    coop = best(lambda: value(run_linuxu(b, builds["coop"], ["yield", "2000000"]),
                              "yield_ns_per_switch"))
    b.figure("uksched coop: yield switch, no TLS in the image", f"{coop:.1f}", "ns")
    tls = best(lambda: value(run_linuxu(b, builds["coop-tls"], ["yield", "20000"]),
                             "yield_ns_per_switch"))
    b.figure("uksched coop: yield switch, image with __thread", f"{tls:.1f}", "ns",
             "each switch sets the FS base: arch_prctl syscall")
    pre = best(lambda: value(run_linuxu(b, builds["preempt"], ["yield", "2000000"]),
                             "yield_ns_per_switch"))
    b.figure("uksched preempt: yield switch, no TLS", f"{pre:.1f}", "ns")
    sem = best(lambda: value(run_linuxu(b, builds["coop"], ["sem", "1000000"]),
                             "sem_pingpong_ns_per_switch"))
    b.figure("uksched coop: semaphore ping-pong (block/wake)", f"{sem:.1f}", "ns/switch")
    mtx = best(lambda: value(run_linuxu(b, builds["coop"], ["mutex", "10000000"]),
                             "mutex_ns_per_lock_unlock"))
    b.figure("uksched coop: uncontended mutex lock+unlock", f"{mtx:.1f}", "ns")
    cj = best(lambda: value(run_linuxu(b, builds["coop"], ["create", "20000"]),
                            "create_join_ns"))
    b.figure("uksched coop: thread create+join (64 KiB stack, guard)", f"{cj / 1000:.2f}",
             "us", "mprotect twice per thread on linuxu")

    ly = best(lambda: float(b.sh(["taskset", "-c", "0", native, "yield", "200000"])))
    b.figure("Linux threads: sched_yield ping-pong, one CPU", f"{ly:.1f}", "ns/switch")
    lfp = best(lambda: float(b.sh(["taskset", "-c", "0", native, "futex", "200000"])))
    b.figure("Linux threads: futex ping-pong, one CPU", f"{lfp:.1f}", "ns/switch")
    lf = best(lambda: float(b.sh([native, "futex", "200000"])))
    b.figure("Linux threads: futex ping-pong, two CPUs", f"{lf:.1f}", "ns/switch")
    b.figure("sched_yield ping-pong / uksched coop switch", f"{ly / coop:.0f}", "x",
             "goal: at least 10x")
    b.figure("sched_yield ping-pong / coop switch with TLS", f"{ly / tls:.1f}", "x")

    print("  -- under QEMU (TCG: emulated, for the record) --", flush=True)
    if HAVE_KVM and shutil.which("qemu-system-x86_64"):
        for what, key, n, label in (
                ("yield", "yield_ns_per_switch", "200000", "kvm image, coop: yield switch"),
                ("sem", "sem_pingpong_ns_per_switch", "100000",
                 "kvm image, coop: semaphore ping-pong"),
                ("mutex", "mutex_ns_per_lock_unlock", "1000000",
                 "kvm image, coop: uncontended mutex")):
            v = value(run_kvm(b, builds["coop"], [what, n]), key)
            b.figure(label, f"{v:.1f}", "ns")
        v = value(run_kvm(b, builds["coop-tls"], ["yield", "200000"]), "yield_ns_per_switch")
        b.figure("kvm image, coop: yield switch with __thread (FS MSR)", f"{v:.1f}", "ns")
        v = value(run_kvm(b, builds["preempt"], ["yield", "200000"]), "yield_ns_per_switch")
        b.figure("kvm image, preempt: yield switch", f"{v:.1f}", "ns")
    else:
        b.figure("kvm image", "n/a", "", "no plat/kvm or qemu-system-x86_64")
    qemu_user = shutil.which("qemu-x86_64-static") or shutil.which("qemu-x86_64")
    if qemu_user:
        v = float(b.sh(["taskset", "-c", "0", qemu_user, native_static, "yield", "20000"],
                       timeout=600))
        b.figure("Linux threads under qemu-user: sched_yield, one CPU", f"{v:.1f}", "ns/switch")
        v = float(b.sh(["taskset", "-c", "0", qemu_user, native_static, "futex", "20000"],
                       timeout=600))
        b.figure("Linux threads under qemu-user: futex, one CPU", f"{v:.1f}", "ns/switch")
    else:
        b.figure("Linux threads under qemu-user", "n/a", "", "no qemu-x86_64(-static)")
