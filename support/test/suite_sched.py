# SPDX-License-Identifier: BSD-3-Clause
"""Threads and schedulers: each scheduler, chosen by configuration alone,
passes the same uktest suite (uksched, uklock, the scheduler's own cases)
on linuxu-x86_64 and, under QEMU, kvm-x86_64; main runs in a thread and
its status is the image's; an idle image sleeps in the host; stack
overflows hit the guard page; images without a scheduler link none of
it."""

import os
import re
import subprocess
import threading

from driver import ROOT, Build, test

SCHEDS = ("coop", "preempt")
LIB = {"coop": "LIBUKSCHEDCOOP", "preempt": "LIBUKSCHEDPREEMPT"}
HAVE_KVM = os.path.exists(os.path.join(ROOT, "plat", "kvm", "Config.uk"))
QEMU_GUEST = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "schedapp")

# One build makes both images when plat/kvm exists.
PLATS = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"] + \
    (["CONFIG_PLAT_KVM=y"] if HAVE_KVM else [])
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"]


def sched(s):
    # Only the scheduler: the allocator and uklock must follow by select.
    return ["CONFIG_LIBUKSCHED=y", f"CONFIG_{LIB[s]}=y"]


UKTESTS = {s: Build(f"sched-uktest-{s}-x86_64", "apps/helloworld",
                    PLATS + UKTEST + sched(s)) for s in SCHEDS}
# The option for platforms that do not keep FPU state across interrupts.
FPU = Build("sched-uktest-preempt-savefpu-x86_64", "apps/helloworld",
            PLATS + UKTEST + sched("preempt") + ["CONFIG_LIBUKSCHED_SAVE_FPU=y"])
APPS = {s: Build(f"sched-app-{s}-x86_64", APP, PLATS + [f"CONFIG_{LIB[s]}=y"])
        for s in SCHEDS}
NOSCHED = Build("sched-hello-none-linuxu-x86_64", "apps/helloworld",
                ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])

# Cases every scheduler must pass, and each one's own.
SHARED_CASES = (
    "uksched: create_join_return_values", "uksched: detached_threads_are_freed",
    "uksched: errno_per_thread", "uksched: block_and_wake",
    "uksched_sleep: sleepers_wake_in_deadline_order",
    "uksched_sleep: sleep_is_never_early",
    "uksched_sleep: timer_runs_in_interrupt_context_on_time",
    "uksched_tls: variables_are_distinct_per_thread",
    "uksched_tls: boot_thread_has_tls", "uksched_fpu: floating_point_across_yields",
    "uklock_mutex: contention_counts_stay_exact",
    "uklock_mutex: errors_and_recursion", "uklock_mutex: deadline_is_kept",
    "uklock_semaphore: producers_and_consumers",
    "uklock_semaphore: up_from_a_timer_interrupt",
    "uklock_rwlock: readers_share_writers_exclude",
    "uklock_rwlock: waiting_writer_holds_back_new_readers",
    "uklock_condvar: signal_wakes_one_broadcast_all",
    "uklock_condvar: deadline_and_recursive_mutex",
)
OWN_CASES = {
    "coop": ("ukschedcoop: round_robin_order", "ukschedcoop: no_switch_without_yield"),
    "preempt": ("ukschedpreempt: busy_loop_does_not_starve_others",
                "ukschedpreempt: higher_priority_runs_first",
                "ukschedpreempt: woken_high_priority_preempts_busy_low",
                "ukschedpreempt: fpu_registers_survive_preemption"),
}


def run_image(t, build, plat, args=(), timeout=60):
    """Run build's image for plat; kvm status as qemu-guest reports it
    (main's status; 255 for a crash)."""
    img = build.image(plat)
    if plat == "linuxu":
        return t.run([img] + list(args), timeout=timeout)
    append = [f"--append=-- {' '.join(args)}"] if args else []
    # qemu-guest's own timeout first, the driver's as a backstop.
    return t.run(["python3", QEMU_GUEST, "-q", "-m", "128M", "-t", str(timeout),
                  "-k", img] + append, timeout=timeout + 30)


def check_uktest(t, r, s):
    t.expect_status(r, 0)
    m = t.expect_regex(r.out, r"^uktest: (\d+) passed, (\d+) failed$", r)
    t.expect(int(m.group(2)) == 0, f"failed cases: {m.group(0)}", r)
    t.expect_not_in(r.out, "[ FAILED ]", r)
    for case in SHARED_CASES + OWN_CASES[s]:
        t.expect_in(r.out, f"[ PASSED ] {case}", r)
    other = [o for o in SCHEDS if o != s][0]
    t.expect_not_in(r.out, f"uksched{other}:", r)  # the other one is not there
    t.expect_in(r.out, "Hello world!", r)          # main ran, in its thread
    t.note(m.group(0))


PLATFORMS = [("linuxu", 120, ())] + \
    ([("kvm", 300, ("qemu-system-x86_64",))] if HAVE_KVM else [])

for s in SCHEDS:
    for plat, tmo, needs in PLATFORMS:
        @test(f"sched/{plat}-x86_64: {s} passes the thread, lock and time suite",
              needs=needs)
        def _(t, s=s, plat=plat, tmo=tmo):
            b = t.build(UKTESTS[s])
            for lib in ("LIBUKALLOC", "LIBUKLOCK", "HAVE_SCHED", LIB[s]):
                t.expect(b.config_value(f"CONFIG_{lib}") == "y",
                         f"selecting the scheduler did not select {lib}")
            check_uktest(t, run_image(t, b, plat, timeout=tmo), s)

        @test(f"sched/{plat}-x86_64: {s}: main's status is the image's, other "
              "threads alive or not", needs=needs)
        def _(t, s=s, plat=plat, tmo=tmo):
            b = t.build(APPS[s])
            r = run_image(t, b, plat, ["exit"], timeout=tmo)
            t.expect_status(r, 7)
            t.expect_in(r.out, "main runs in thread 'main'", r)
            r = run_image(t, b, plat, ["exitcall"], timeout=tmo)
            t.expect_status(r, 5)  # exit() from another thread

        @test(f"sched/{plat}-x86_64: {s}: __thread in main, thread list", needs=needs)
        def _(t, s=s, plat=plat, tmo=tmo):
            b = t.build(APPS[s])
            r = run_image(t, b, plat, ["tls"], timeout=tmo)
            t.expect_status(r, 0)
            t.expect_in(r.out, "tls: main 11, other thread saw 5", r)
            r = run_image(t, b, plat, ["list"], timeout=tmo)
            t.expect_status(r, 0)
            t.expect_in(r.out, f"threads (4, scheduler {s}):", r)
            for name, state in (("boot", "blocked"), ("idle", "runnable"),
                                ("main", "running"), ("worker", "blocked")):
                t.expect_regex(r.out, rf"^  {name}\s+{state}\s", r)
            t.expect_regex(r.out, r"^  main\s+running\s+16  0x[0-9a-f]+-0x[0-9a-f]+ \+g", r)

        @test(f"sched/{plat}-x86_64: {s}: a thread's stack overflow hits its guard page",
              needs=needs)
        def _(t, s=s, plat=plat, tmo=tmo):
            r = run_image(t, t.build(APPS[s]), plat, ["overflow"], timeout=tmo)
            t.expect_not_in(r.out, "went unnoticed", r)
            if plat == "linuxu":
                t.expect(not r.timed_out and r.status == -11,
                         f"expected death by SIGSEGV, got status {r.status}", r)
                t.expect_in(r.out, "CRASH: SIGSEGV (page protection violated)", r)
                t.expect_regex(r.out, r"#\d+\s+0x[0-9a-f]+ recurse\+0x", r)
            else:
                t.expect_status(r, 255)
                t.expect_in(r.out, "CRASH: page fault (#PF)", r)
            t.expect_in(r.out, "Backtrace:", r)

    @test(f"sched/linuxu-x86_64: {s}: with every thread asleep the process "
          "sleeps in the host")
    def _(t, s=s):
        img = t.build(APPS[s]).image("linuxu")
        p = subprocess.Popen([img, "sleep"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
        killer = threading.Timer(60, p.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            killer.cancel()
        out = p.stdout.read().decode(errors="replace")
        p.returncode = os.waitstatus_to_exitcode(status)
        t.expect(p.returncode == 0, f"exit status {p.returncode}:\n{out}")
        cpu = usage.ru_utime + usage.ru_stime
        # A 500 ms sleep; an idle loop that spun would burn about that.
        t.expect(cpu < 0.25, f"{cpu:.3f} s of CPU for a 500 ms sleep: idle spins")
        t.note(f"CPU for a 500 ms sleep: {cpu * 1000:.1f} ms")

for plat, tmo, needs in PLATFORMS:
    @test(f"sched/{plat}-x86_64: preempt with CONFIG_LIBUKSCHED_SAVE_FPU passes too",
          needs=needs)
    def _(t, plat=plat, tmo=tmo):
        check_uktest(t, run_image(t, t.build(FPU), plat, timeout=tmo), "preempt")


def symbols(image):
    out = subprocess.run(["nm", image + ".dbg"], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


@test("sched/linuxu-x86_64: helloworld without a scheduler stays small and links none of it")
def _(t):
    img = t.build(NOSCHED).image("linuxu")
    found = sorted(s for s in symbols(img) if re.match(
        r"(uk_thread_|uk_sched|ukarch_ctx|ukarch_ectx|uk_mutex|uk_semaphore|uk_waitq|"
        r"ukplat_timer_|ukplat_lcpu_|ukplat_tls)", s))
    t.expect(not found, f"scheduler symbols in an image without one: {found}")
    for lib in ("libuksched", "libuklock", "libukarchctx", "libukschedcoop"):
        t.expect(not os.path.exists(os.path.join(NOSCHED.dir, lib)),
                 f"{lib} was compiled although no scheduler is selected")
    size = os.path.getsize(img)
    t.expect(size <= 17000, f"stripped helloworld grew to {size} B (17000 B before "
             "threads existed)")
    r = t.run([img])
    t.expect_status(r, 0)
    t.note(f"stripped helloworld without a scheduler: {size} B")
