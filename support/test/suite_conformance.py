# SPDX-License-Identifier: BSD-3-Clause
"""POSIX conformance: one program (support/test/conformance) with a case
per line for threads, mutexes, condition variables, semaphores, once,
keys, rwlocks, spinlocks, cancellation, clocks, sleeps, files and
directories, fcntl, dup and pipes, mmap/munmap/mprotect/msync, shared
memory and the option macros against sysconf; the signal cases go in
conformance/cases_signals.c. One image per platform runs every case in
one boot: linuxu-x86_64 (cooperative and preemptive scheduler),
kvm-x86_64, kvm-arm64 and linuxu-arm64 (qemu-user). Each output must
equal the same source built natively with gcc and glibc, line for line,
except the cases marked "(unikernel only)" (behaviour POSIX leaves
undefined that the project claims), which must pass too."""

import os
import tempfile
import threading

from driver import ROOT, TESTS_DIR, Build, test

APP = "support/test/conformance"
SRC = os.path.join(ROOT, APP)
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
X86 = ["CONFIG_ARCH_X86_64=y"]
# The first newlib build of a configuration takes minutes (cached after).
SLOW = 1800

LINUXU = Build("conformance-linuxu-x86_64", APP, X86 + ["CONFIG_PLAT_LINUXU=y"],
               timeout=SLOW)
PREEMPT = Build("conformance-preempt-linuxu-x86_64", APP,
                X86 + ["CONFIG_PLAT_LINUXU=y", "CONFIG_LIBUKSCHEDPREEMPT=y",
                       "CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US=1000"], timeout=SLOW)
KVM = Build("conformance-kvm-x86_64", APP,
            X86 + ["CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"], timeout=SLOW)
ARM64 = Build("conformance-arm64", APP,
              ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y"],
              timeout=SLOW)

ONLY = " (unikernel only)"
native_lock = threading.Lock()


def native_exe(t):
    """The program built with the host's gcc and glibc (built once per
    source change). Call with native_lock held."""
    d = os.path.join(TESTS_DIR, "conformance-native")
    os.makedirs(d, exist_ok=True)
    exe = os.path.join(d, "conformance")
    srcs = sorted(os.path.join(SRC, f) for f in os.listdir(SRC) if f.endswith(".c"))
    newest = max(os.path.getmtime(f) for f in srcs + [os.path.join(SRC, "conformance.h")])
    if not os.path.exists(exe) or os.path.getmtime(exe) < newest:
        tmp = f"{exe}.{os.getpid()}"
        r = t.run(["gcc", "-O2", "-D_GNU_SOURCE", "-o", tmp] + srcs + ["-lpthread"],
                  timeout=120)
        t.expect_status(r, 0)
        os.replace(tmp, exe)
    return exe


def native_output(t):
    """The native program's output, run in a fresh directory."""
    with native_lock:
        exe = native_exe(t)
        with tempfile.TemporaryDirectory(dir=os.path.dirname(exe)) as wd:
            r = t.run([exe], cwd=wd, timeout=120)
    t.expect_status(r, 0)
    return r.out


def check(t, r, want):
    """Every case passed; the output equals the native one but for the
    unikernel-only cases."""
    out = r.out.replace("\r\n", "\n")
    lines = [l for l in out.splitlines() if l.startswith(("ok ", "FAIL ", "conformance: "))]
    failed = [l for l in lines if l.startswith("FAIL ")]
    t.expect(not failed, "cases failed:\n" + "\n".join(failed), r)
    t.expect_status(r, 0)
    ours = [l for l in lines if not l.endswith(ONLY) and not l.startswith("conformance: ")]
    theirs = [l for l in want.splitlines() if not l.startswith("conformance: ")]
    if ours != theirs:
        import difflib
        diff = "\n".join(difflib.unified_diff(theirs, ours, "native", "unikernel",
                                              lineterm="", n=1))
        t.fail("the cases differ from the native build's:\n" + diff, r)
    only = len([l for l in lines if l.endswith(ONLY)])
    t.note(f"{len(ours) + only} cases ({only} unikernel only) passed")


@test("conformance/native: every case passes on Linux with glibc", needs=["gcc"])
def _(t):
    out = native_output(t)
    t.expect(out.splitlines()[-1].endswith(" 0 failed"), "native run failed")


@test("conformance/linuxu-x86_64: every case passes, as natively", needs=["gcc"])
def _(t):
    want = native_output(t)
    img = t.build(LINUXU).image("linuxu")
    check(t, t.run([img], timeout=120), want)


def stdio_line(t, r):
    t.expect_status(r, 0)
    lines = [l for l in r.out.splitlines() if l.startswith("stdio:")]
    t.expect(len(lines) == 1, "no stdio: line", r)
    return lines[0]


@test("conformance/linuxu-x86_64: isatty(0..2) is the host's answer for stdin and "
      "stdout (null, pipe, pseudo terminal), as natively", needs=["gcc"])
def _(t):
    with native_lock:
        exe = native_exe(t)
    img = t.build(LINUXU).image("linuxu")
    for how in ("null", "pipe", "tty"):
        want = stdio_line(t, t.run([exe, "--stdio"], stdin=how, input=""))
        got = stdio_line(t, t.run([img, "--", "--stdio"], stdin=how, input=""))
        t.expect(got == want, f"stdin {how}: ours {got!r}, native {want!r}")
    t.note(f"last: {got}")


@test("conformance/linuxu-x86_64: the same under the preemptive scheduler (1 ms slices)",
      needs=["gcc"])
def _(t):
    want = native_output(t)
    img = t.build(PREEMPT).image("linuxu")
    check(t, t.run([img], timeout=120), want)


@test("conformance/kvm-x86_64: every case passes, as natively",
      needs=["gcc", "qemu-system-x86_64"])
def _(t):
    want = native_output(t)
    img = t.build(KVM).image("kvm")
    check(t, t.run([LAUNCHER, "-q", "--timeout", "240", "-k", img], timeout=270), want)


@test("conformance/kvm-arm64: every case passes, as natively",
      needs=["gcc", "qemu-system-aarch64", "aarch64-linux-gnu-gcc"])
def _(t):
    want = native_output(t)
    img = t.build(ARM64).image("kvm", "arm64")
    check(t, t.run([LAUNCHER, "-q", "--timeout", "240", "-k", img], timeout=270), want)


@test("conformance/linuxu-arm64: every case passes under qemu-user, as natively",
      needs=["gcc", "qemu-aarch64-static", "aarch64-linux-gnu-gcc"])
def _(t):
    want = native_output(t)
    img = t.build(ARM64).image("linuxu", "arm64")
    check(t, t.run(["qemu-aarch64-static", img], timeout=240), want)
