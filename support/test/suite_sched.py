# SPDX-License-Identifier: BSD-3-Clause
"""Threads and schedulers: each scheduler, chosen by configuration alone,
passes the same uktest suite (uksched, uklock, the scheduler's own cases)
on linuxu-x86_64 and, under QEMU, kvm-x86_64, with the default allocator
and with buddy, with the default time slice and another; main runs in a
thread, sleeps after the tests, and its status is the image's; an idle
image sleeps in the host (kvm: QEMU idles too); stack overflows hit the
guard page; a spinlock taken twice is reported; the region allocator's
thread leak ends with a clear message; with newlib but no pthreads,
nanosleep and sched_yield let other threads run and waiting for console
input idles; images without a scheduler link none of it."""

import collections
import os
import re
import subprocess
import threading
import time

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


# The test images are schedapp: after the tests main sleeps (a test that
# left the platform timer without uksched's handler makes that hang).
UKTESTS = {s: Build(f"sched-uktest-{s}-x86_64", APP,
                    PLATS + UKTEST + sched(s)) for s in SCHEDS}
# The same suite with the buddy allocator (threads free their stacks to
# it), and preempt with a time slice of 1 ms instead of 10.
SLICE_US = 1000
BUDDY = {s: Build(f"sched-uktest-{s}-bbuddy{'-slice1ms' if s == 'preempt' else ''}-x86_64",
                  APP, PLATS + UKTEST + sched(s) +
                  ["CONFIG_LIBUKALLOC_DEFAULT_BBUDDY=y"] +
                  ([f"CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US={SLICE_US}"]
                   if s == "preempt" else []))
         for s in SCHEDS}
# The option for platforms that do not keep FPU state across interrupts.
FPU = Build("sched-uktest-preempt-savefpu-x86_64", APP,
            PLATS + UKTEST + sched("preempt") + ["CONFIG_LIBUKSCHED_SAVE_FPU=y"])
APPS = {s: Build(f"sched-app-{s}-x86_64", APP, PLATS + [f"CONFIG_{LIB[s]}=y"])
        for s in SCHEDS}
# Region as default allocator: every thread ever created keeps its stack.
REGION = Build("sched-app-coop-region-linuxu-x86_64", APP,
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y",
                "CONFIG_LIBUKSCHEDCOOP=y", "CONFIG_LIBUKALLOC_DEFAULT_REGION=y"])
# newlib and posix-time/posix-process with a scheduler but no pthreads.
NEWLIB = Build("sched-newlib-nopthread-coop-linuxu-x86_64", APP,
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_LIBNEWLIBC=y",
                "# CONFIG_LIBPOSIX_PTHREAD is not set"] + UKTEST + sched("coop"),
               timeout=1800)
NOSCHED = Build("sched-hello-none-linuxu-x86_64", "apps/helloworld",
                ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"])

# Cases every scheduler must pass, and each one's own.
SHARED_CASES = (
    "uksched: create_join_return_values", "uksched: detached_threads_are_freed",
    "uksched: errno_per_thread", "uksched: block_and_wake",
    "uksched_sleep: sleepers_wake_in_deadline_order",
    "uksched_sleep: sleep_is_never_early_nor_very_late",
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
                "ukschedpreempt: fpu_registers_survive_preemption",
                "ukschedpreempt: time_slice_has_the_configured_length",
                "ukschedpreempt: preempted_threads_allocate_concurrently"),
}
MAIN_SLEEPS_MS = 200


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


def run_uktest(t, build, plat, tmo):
    """The uktest image, main sleeping after the tests."""
    return run_image(t, build, plat, ["sleep", str(MAIN_SLEEPS_MS)], timeout=tmo)


def check_uktest(t, r, s):
    out = r.out.replace("\r\n", "\n")  # a serial console ends lines in CR LF
    t.expect_status(r, 0)
    summary = t.check_uktest(r)
    for case in SHARED_CASES + OWN_CASES[s]:
        t.expect_in(out, f"[ PASSED ] {case}", r)
    other = [o for o in SCHEDS if o != s][0]
    t.expect_not_in(out, f"uksched{other}:", r)  # the other one is not there
    # main ran in its thread, and its sleep ended: the tests left the
    # timer to the scheduler.
    t.expect_in(out, "main runs in thread 'main'", r)
    t.expect_in(out, f"slept {MAIN_SLEEPS_MS} ms", r)
    t.note(summary)


PLATFORMS = [("linuxu", 120, ())] + \
    ([("kvm", 300, ("qemu-system-x86_64",))] if HAVE_KVM else [])

for s in SCHEDS:
    for plat, tmo, needs in PLATFORMS:
        @test(f"sched/{plat}-x86_64: {s} passes the thread, lock and time suite",
              needs=needs, timeout=tmo + 60)
        def _(t, s=s, plat=plat, tmo=tmo):
            b = t.build(UKTESTS[s])
            for lib in ("LIBUKALLOC", "LIBUKLOCK", "HAVE_SCHED", LIB[s]):
                t.expect(b.config_value(f"CONFIG_{lib}") == "y",
                         f"selecting the scheduler did not select {lib}")
            check_uktest(t, run_uktest(t, b, plat, tmo), s)

        @test(f"sched/{plat}-x86_64: {s} passes the suite with the buddy allocator"
              + (f" and a {SLICE_US} us time slice" if s == "preempt" else ""),
              needs=needs, timeout=tmo + 60)
        def _(t, s=s, plat=plat, tmo=tmo):
            b = t.build(BUDDY[s])
            t.expect(b.config_value("CONFIG_LIBUKALLOC_DEFAULT_BBUDDY") == "y",
                     "the configuration did not pick buddy")
            if s == "preempt":
                t.expect(b.config_value("CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US") ==
                         str(SLICE_US), "the time slice option was not taken")
            r = run_uktest(t, b, plat, tmo)
            check_uktest(t, r, s)
            if s == "preempt":
                t.expect_regex(r.out, rf"time slice: median run [0-9.]+ ms of {SLICE_US} us", r)

        @test(f"sched/{plat}-x86_64: {s}: main's status is the image's, other "
              "threads alive or not", needs=needs, timeout=tmo + 60)
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
              needs=needs, timeout=tmo + 60)
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

        @test(f"sched/{plat}-x86_64: {s}: creating and joining 2000 threads "
              "leaks nothing", needs=needs)
        def _(t, s=s, plat=plat, tmo=tmo):
            r = run_image(t, t.build(APPS[s]), plat, ["churn"], timeout=tmo)
            t.expect_status(r, 0)
            t.expect_in(r.out, "churn: 2000 threads created and joined, then 0", r)

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
        check_uktest(t, run_uktest(t, t.build(FPU), plat, tmo), "preempt")

    @test(f"sched/{plat}-x86_64: a spinlock taken twice by its holder is reported",
          needs=needs)
    def _(t, plat=plat, tmo=tmo):
        r = run_image(t, t.build(APPS["coop"]), plat, ["spintwice"], timeout=tmo)
        t.expect_not_in(r.out, "went unnoticed", r)
        t.expect(not r.timed_out, "the image hung: no deadlock check", r)
        t.expect_status(r, -6 if plat == "linuxu" else 255)  # the crash status
        t.expect_regex(r.out, r"CRASH: spinlock 0x[0-9a-f]+ taken again by its "
                       r"holder: a deadlock", r)

    @test(f"sched/{plat}-x86_64: preempt: four threads printing at once (nolibc "
          "stdio, the console): every line whole and once", needs=needs, timeout=tmo + 60)
    def _(t, plat=plat, tmo=tmo):
        # Many lines on linuxu, where printing is fast and the 10 ms time
        # slice must fall inside a console write often enough. Few on kvm
        # (52 KB in all, within a pipe's buffer): the serial driver drops
        # a byte QEMU cannot take for long, as when the host side reading
        # the pipe falls behind under load.
        lines = 20000 if plat == "linuxu" else 250
        r = run_image(t, t.build(APPS["preempt"]), plat, ["print", str(lines)], timeout=tmo)
        t.expect_status(r, 0)
        check_printed(t, r, lines)


PRINT_FILL = "the quick brown fox jumps over the dog"


def check_printed(t, r, lines):
    """schedapp print: each of the 4 x lines lines exactly once and whole,
    nothing else but main's first and last line."""
    seen = collections.Counter()
    strangers = []
    for line in r.out.replace("\r\n", "\n").split("\n"):
        m = re.fullmatch(r"print (\d) (\d+) " + PRINT_FILL, line)
        if m:
            seen[(int(m[1]), int(m[2]))] += 1
        elif line not in ("", "main runs in thread 'main'", "print: done"):
            strangers.append(line)
    wrong = [k for k in ((i, n) for i in range(4) for n in range(lines)) if seen[k] != 1]
    t.expect(not strangers, f"{len(strangers)} garbled or foreign lines, first "
             f"{strangers[:3]!r}", r)
    t.expect(not wrong, f"{len(wrong)} lines missing or doubled, first {wrong[:3]}", r)


def qemu_cpu_seconds(t, img, args, timeout):
    """Run img under qemu-guest; (status, output, CPU seconds of the
    launcher and QEMU)."""
    cmd = ["python3", QEMU_GUEST, "-q", "-m", "128M", "-t", str(timeout), "-k", img,
           f"--append=-- {' '.join(args)}"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    killer = threading.Timer(timeout + 30, p.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(p.pid, 0)
    finally:
        killer.cancel()
    reader.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, out[0].decode(errors="replace"),
            usage.ru_utime + usage.ru_stime)


if HAVE_KVM:
    @test("sched/kvm-x86_64: coop: with every thread asleep QEMU idles too",
          needs=("qemu-system-x86_64",))
    def _(t):
        # The same image sleeping 0 s and 3 s: the difference in CPU time
        # is what the 3 s of sleep cost. An idle thread that halts costs
        # QEMU (even emulating, TCG) almost nothing; one that spun would
        # cost about the whole 3 s, or at least its share of a loaded host.
        img = t.build(APPS["coop"]).image("kvm")
        cpu = {}
        for ms in (0, 3000):
            status, out, cpu[ms] = qemu_cpu_seconds(t, img, ["sleep", str(ms)], 120)
            t.expect(status == 0 and f"slept {ms} ms" in out,
                     f"sleep {ms}: status {status}:\n{out}")
        extra = cpu[3000] - cpu[0]
        t.expect(extra < 0.5, f"3 s of sleep cost QEMU {extra:.2f} s of CPU "
                 f"({cpu[3000]:.2f} s against {cpu[0]:.2f} s): the guest spins")
        t.note(f"CPU of QEMU for 3 s of guest sleep: {extra * 1000:.0f} ms "
               f"(boot and exit alone: {cpu[0] * 1000:.0f} ms)")


@test("sched/linuxu-x86_64: region with threads: running out of memory says why")
def _(t):
    r = run_image(t, t.build(REGION), "linuxu", ["churn"], timeout=60)
    t.expect_status(r, 1)
    m = t.expect_regex(r.out, r"churn: (\d+) threads created and joined, then -12", r)
    t.expect(50 < int(m.group(1)) < 2000, f"{m.group(1)} threads before the end", r)
    t.expect_in(r.out, "no memory for thread 'churn' (64 KiB stack): the default "
                "allocator (region) never takes memory back", r)
    t.note(f"region, 16 MiB heap: {m.group(1)} threads created and joined before "
           "running out")


@test("sched/linuxu-x86_64: newlib without pthreads: nanosleep and sched_yield let "
      "other threads run")
def _(t):
    b = t.build(NEWLIB)
    t.expect(b.config_value("CONFIG_LIBPOSIX_PTHREAD") is None,
             "posix-pthread is in the image")
    r = run_uktest(t, b, "linuxu", 120)
    t.expect_status(r, 0)
    t.check_uktest(r)
    for case in ("posix_time: sleeps_are_never_early_nor_very_late",
                 "posix_time: bad_sleeps_are_refused",
                 "posix_time: other_threads_run_while_one_sleeps",
                 "posix_process: sched_yield_lets_others_run"):
        t.expect_in(r.out, f"[ PASSED ] {case}", r)
    t.expect_in(r.out, f"slept {MAIN_SLEEPS_MS} ms", r)


def proc_cpu_seconds(pid):
    """CPU time (user + system) of a running process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@test("sched/linuxu-x86_64: a thread waiting for console input leaves the CPU idle")
def _(t):
    img = t.build(NEWLIB).image("linuxu")
    p = subprocess.Popen([img, "read"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    killer = threading.Timer(120, p.kill)
    killer.start()
    lines = []
    try:
        for line in p.stdout:  # the tests first, then main
            lines.append(line.decode(errors="replace"))
            if "waiting for console input" in lines[-1]:
                break
        before = proc_cpu_seconds(p.pid)
        time.sleep(2)
        cpu = proc_cpu_seconds(p.pid) - before
        p.stdin.write(b"abc\n")
        p.stdin.flush()
        p.stdin.close()
        lines.append(p.stdout.read().decode(errors="replace"))
        p.wait()
    finally:
        killer.cancel()
    text = "".join(lines)
    t.expect(p.returncode == 0, f"exit status {p.returncode}:\n{text}")
    t.expect("read 4 bytes until end of input, other threads ran" in text,
             f"unexpected output:\n{text}")
    # A reader that spun would take about the whole 2 s (its share of a
    # loaded host at least); sleeping in steps takes a few ms.
    t.expect(cpu < 0.3, f"{cpu:.2f} s of CPU in 2 s of waiting for input: the reader spins")
    t.note(f"CPU in 2 s of waiting for console input: {cpu * 1000:.0f} ms")
