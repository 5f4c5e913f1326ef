# SPDX-License-Identifier: BSD-3-Clause
"""Signals, timers, errno values and clocks (issue 15): support/test/sigapp,
an ordinary Linux C program (sigaction flags, masks and pending signals,
raise/kill/sigqueue/pthread_kill, sigwait/sigsuspend/pause, abort with a
SIGABRT handler, setitimer/alarm, POSIX timers with SIGEV_SIGNAL and
SIGEV_THREAD, EINTR from nanosleep and sleep, SIGSEGV/SIGILL/SIGFPE from
CPU exceptions with siglongjmp out, EINTR from poll/select/epoll_wait, Linux's errno values and glibc's
strerror texts, clock resolution) prints exactly what its native build
(gcc, glibc) prints, on linuxu and kvm, x86_64 and arm64, and under the
preemptive scheduler. The console: on kvm, reading stdin through
qemu-guest ends at the host's end of input (0xff bytes pass unchanged).
The in-image cases (lib/posix-process/tests) run in
suite_posix's uktest images."""

import os
import threading

from driver import ROOT, TESTS_DIR, Build, test

APP = os.path.join(ROOT, "support", "test", "sigapp")
QEMU_GUEST = os.path.join(ROOT, "support", "scripts", "qemu-guest")
X86 = ["CONFIG_ARCH_X86_64=y"]
ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y"]
SLOW = 1800  # the first newlib build of a configuration takes minutes

SIG_X86 = Build("signals-x86_64", APP,
                X86 + ["CONFIG_PLAT_LINUXU=y", "CONFIG_PLAT_KVM=y"], timeout=SLOW)
SIG_PREEMPT = Build("signals-preempt-linuxu-x86_64", APP,
                    X86 + ["CONFIG_PLAT_LINUXU=y", "CONFIG_LIBUKSCHEDPREEMPT=y"],
                    timeout=SLOW)
SIG_ARM64 = Build("signals-arm64", APP, ARM64, timeout=SLOW)

# arm64 does not trap on an integer division by zero (the quotient is 0).
ARM64_FPE = ("SIGFPE: code 1\n", "SIGFPE: code 1 (arm64: no trap, 7/0 = 0)\n")


NATIVE_LOCK = threading.Lock()


def native(t):
    """Output of sigapp built with the host's gcc and glibc (built once)."""
    with NATIVE_LOCK:
        return native_locked(t)


def native_locked(t):
    d = os.path.join(TESTS_DIR, "signals-native")
    os.makedirs(d, exist_ok=True)
    exe = os.path.join(d, "sigapp-native")
    src = os.path.join(APP, "main.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        tmp = f"{exe}.{os.getpid()}"
        r = t.run(["gcc", "-O2", "-D_GNU_SOURCE", "-o", tmp, src, "-lpthread"],
                  timeout=120)
        t.expect_status(r, 0)
        os.replace(tmp, exe)
    r = t.run([exe], timeout=60)
    t.expect_status(r, 0)
    t.expect_in(r.out, "done\n", r)
    return r.out


def same(t, want, r):
    t.expect_status(r, 0)
    got = r.out.replace("\r\n", "\n")
    if got != want:
        import difflib
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "native", "unikernel", lineterm="", n=1))
        t.fail("output differs from the native build:\n" + diff, r)


@test("signals/linuxu-x86_64: sigapp prints what its native build prints", needs=["gcc"])
def _(t):
    want = native(t)
    same(t, want, t.run([t.build(SIG_X86).image("linuxu")], timeout=60))


@test("signals/linuxu-x86_64: the same under the preemptive scheduler", needs=["gcc"])
def _(t):
    want = native(t)
    b = t.build(SIG_PREEMPT)
    t.expect(b.config_value("CONFIG_LIBUKSCHEDPREEMPT") == "y", "not the preemptive scheduler")
    same(t, want, t.run([b.image("linuxu")], timeout=60))


@test("signals/kvm-x86_64: sigapp prints what its native build prints",
      needs=["gcc", "qemu-system-x86_64"])
def _(t):
    want = native(t)
    img = t.build(SIG_X86).image("kvm")
    same(t, want, t.run([QEMU_GUEST, "-q", "-t", "120", "-k", img], timeout=150))


@test("signals/linuxu-arm64: sigapp prints what its native build prints "
      "(no SIGFPE: arm64 does not trap)",
      needs=["gcc", "aarch64-linux-gnu-gcc", "qemu-aarch64-static"])
def _(t):
    want = native(t).replace(*ARM64_FPE)
    img = t.build(SIG_ARM64).image("linuxu", "arm64")
    same(t, want, t.run(["qemu-aarch64-static", img], timeout=120))


@test("signals/kvm-arm64: sigapp prints what its native build prints "
      "(no SIGFPE: arm64 does not trap)",
      needs=["gcc", "aarch64-linux-gnu-gcc", "qemu-system-aarch64"])
def _(t):
    want = native(t).replace(*ARM64_FPE)
    img = t.build(SIG_ARM64).image("kvm", "arm64")
    same(t, want, t.run([QEMU_GUEST, "-q", "-t", "120", "-k", img], timeout=150))


# Bytes that look like the launcher's framing must arrive as they are.
CAT_INPUT = b"hello\xff\x00\xff\xff\x01world\n" * 3


def native_cat(t, data):
    native(t)  # builds it
    exe = os.path.join(TESTS_DIR, "signals-native", "sigapp-native")
    r = t.run([exe, "cat"], stdin="pipe", input=data)
    t.expect_status(r, 0)
    return r.out


@test("console/kvm-x86_64: reading stdin ends at the host's end of input (pipe, "
      "/dev/null), 0xff bytes intact", needs=["gcc", "qemu-system-x86_64"])
def _(t):
    img = t.build(SIG_X86).image("kvm")
    cmd = [QEMU_GUEST, "-q", "-t", "120", "-k", img, "-a", "-- cat"]
    same(t, native_cat(t, CAT_INPUT), t.run(cmd, stdin="pipe", input=CAT_INPUT, timeout=150))
    same(t, native_cat(t, b""), t.run(cmd, timeout=150))


@test("console/kvm-arm64: reading stdin ends at the host's end of input",
      needs=["gcc", "aarch64-linux-gnu-gcc", "qemu-system-aarch64"])
def _(t):
    img = t.build(SIG_ARM64).image("kvm", "arm64")
    cmd = [QEMU_GUEST, "-q", "-t", "120", "-k", img, "-a", "-- cat"]
    same(t, native_cat(t, CAT_INPUT), t.run(cmd, stdin="pipe", input=CAT_INPUT, timeout=150))


@test("heap/kvm-x86_64: the heap is the guest's memory: 200 MiB from malloc with -m 256M, "
      "not with -m 128M", needs=["qemu-system-x86_64"])
def _(t):
    img = t.build(SIG_X86).image("kvm")
    r = t.run([QEMU_GUEST, "-q", "-t", "120", "-m", "256M", "-k", img, "-a", "-- heap 200"],
              timeout=150)
    t.expect_status(r, 0)
    t.expect_in(r.out, "heap: 200 MiB ok", r)
    r = t.run([QEMU_GUEST, "-q", "-t", "120", "-m", "128M", "-k", img, "-a", "-- heap 200"],
              timeout=150)
    t.expect_status(r, 1)
    t.expect_in(r.out, "heap: malloc(200 MiB) failed", r)


@test("heap/kvm-arm64: the heap is the guest's memory: 200 MiB from malloc with -m 256M",
      needs=["qemu-system-aarch64", "aarch64-linux-gnu-gcc"])
def _(t):
    img = t.build(SIG_ARM64).image("kvm", "arm64")
    r = t.run([QEMU_GUEST, "-q", "-t", "120", "-m", "256M", "-k", img, "-a", "-- heap 200"],
              timeout=150)
    t.expect_status(r, 0)
    t.expect_in(r.out, "heap: 200 MiB ok", r)
