# SPDX-License-Identifier: BSD-3-Clause
"""lib/ukubsan, the undefined behaviour sanitizer: crashtest's ubsan case
in both modes and without the option, and the in-image tests of the core
libraries built with it (the once-per-run check that they have no
undefined behaviour the sanitizer sees)."""

import glob
import os
import subprocess

from driver import ROOT, Build, test

QEMU_X86 = "qemu-system-x86_64"
QEMU_ARM = "qemu-system-aarch64"
QEMU_USER = "qemu-aarch64-static"
GCC_ARM = "aarch64-linux-gnu-gcc"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
TIMEOUT = 120  # seconds for one run: the sanitized images are slower

LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y"]
STOP = ["CONFIG_LIBUKUBSAN=y"]  # stopping is the default mode
GO_ON = ["CONFIG_LIBUKUBSAN=y", "CONFIG_LIBUKUBSAN_CONTINUE=y"]
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"]

CRASH_STOP = Build("ubsan-stop-crash-linuxu-x86_64", "apps/crashtest", LINUXU + STOP)
CRASH_GO_ON = Build("ubsan-continue-crash-linuxu-x86_64", "apps/crashtest", LINUXU + GO_ON)
KVM_CRASH_STOP = Build("ubsan-stop-crash-kvm-x86_64", "apps/crashtest", KVM + STOP)
KVM_CRASH_GO_ON = Build("ubsan-continue-crash-kvm-x86_64", "apps/crashtest", KVM + GO_ON)
ARM64_CRASH_STOP = Build("ubsan-stop-crash-arm64", "apps/crashtest", ARM64 + STOP)
UKTEST_LINUXU = Build("ubsan-uktest-linuxu-x86_64", "apps/helloworld",
                      LINUXU + GO_ON + UKTEST + ["CONFIG_LIBUKARGPARSE=y"])
UKTEST_KVM = Build("ubsan-uktest-kvm-x86_64", "apps/helloworld", KVM + GO_ON + UKTEST)
# The allocators and the preemptive scheduler too, on kvm-arm64 and
# linuxu-arm64 from one build.
UKTEST_ARM64 = Build("ubsan-uktest-arm64", "apps/helloworld",
                     ARM64 + GO_ON + UKTEST +
                     ["CONFIG_LIBUKALLOC=y", "CONFIG_LIBUKALLOCTLSF=y",
                      "CONFIG_LIBUKALLOCBBUDDY=y", "CONFIG_LIBUKALLOCREGION=y",
                      "CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKSCHEDPREEMPT=y"])

# The POSIX layer, newlib's glue, vfscore, every allocator and the
# preemptive scheduler, with all their tests. On kvm-x86_64 the image must
# end below 2 MiB: the sanitized -O2 image does not, the -Os one did until
# the POSIX layer grew (file locks, attributes, mremap: 64 KiB more), so
# there the POSIX tests and the others are two images.
SLOW = 1800  # newlib is built first when the cache lacks it
POSIX = ["CONFIG_LIBNEWLIBC=y", "CONFIG_LIBUKTEST_EXIT_AFTER=y",
         "CONFIG_LIBUKALLOC=y", "CONFIG_LIBUKALLOCTLSF=y",
         "CONFIG_LIBUKALLOCBBUDDY=y", "CONFIG_LIBUKALLOCREGION=y",
         "CONFIG_LIBUKSCHEDPREEMPT=y"]
POSIX_LINUXU = Build("ubsan-uktest-posix-linuxu-x86_64", "apps/posixdemo",
                     LINUXU + GO_ON + UKTEST + POSIX, timeout=SLOW)
# Only the POSIX layer's and newlib's tests (the list of suite_posix).
POSIX_TESTS = ["CONFIG_LIBUKTEST=y", "# CONFIG_LIBUKTEST_ALL is not set",
               "CONFIG_LIBVFSCORE_TEST=y", "CONFIG_LIBDEVFS_TEST=y",
               "CONFIG_LIBPOSIX_FDTAB_TEST=y", "CONFIG_LIBUKCPIO_TEST=y",
               "CONFIG_LIBPOSIX_PTHREAD_TEST=y", "CONFIG_LIBSYSCALL_INSN_TEST=y",
               "CONFIG_LIBPOSIX_POLL_TEST=y", "CONFIG_LIBPOSIX_MMAP_TEST=y",
               "CONFIG_LIBPOSIX_PROCESS_TEST=y", "CONFIG_LIBPOSIX_USER_TEST=y",
               "CONFIG_LIBPOSIX_TIME_TEST=y", "CONFIG_LIBPOSIX_SYSINFO_TEST=y",
               "CONFIG_LIBSYSCALL_SHIM_TEST=y", "CONFIG_LIBNEWLIBC_TEST=y"]
POSIX_KVM = Build("ubsan-uktest-posix-kvm-x86_64", "apps/posixdemo",
                  KVM + GO_ON + POSIX_TESTS + POSIX +
                  ["CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y", "CONFIG_OPTIMIZE_SIZE=y"],
                  timeout=SLOW)
# The rest of what that image used to test: every allocator, the
# preemptive scheduler, PCI and the platform, with all their tests.
PLAT_KVM = Build("ubsan-uktest-alloc-sched-pci-kvm-x86_64", "apps/helloworld",
                 KVM + GO_ON + UKTEST +
                 ["CONFIG_LIBUKTEST_EXIT_AFTER=y",
                  "CONFIG_LIBUKALLOC=y", "CONFIG_LIBUKALLOCTLSF=y",
                  "CONFIG_LIBUKALLOCBBUDDY=y", "CONFIG_LIBUKALLOCREGION=y",
                  "CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKSCHEDPREEMPT=y",
                  "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y", "CONFIG_OPTIMIZE_SIZE=y"])


def source_line(text):
    """The line number of the line of apps/crashtest/main.c holding text."""
    with open(os.path.join(ROOT, "apps", "crashtest", "main.c")) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError(f"{text!r} is not in apps/crashtest/main.c")


def overflow_report():
    return ("UBSAN: signed integer overflow: 2147483647 + 1 cannot be represented "
            f"in type 'int' at apps/crashtest/main.c:{source_line('big + one')}:")


def bounds_report():
    return ("UBSAN: array index out of bounds: index 4 out of bounds for type "
            f"'int [4]' at apps/crashtest/main.c:{source_line('table[past_end]')}:")


def guest(t, img, *args):
    r = t.run([LAUNCHER, "-q", "-k", img] + list(args), timeout=TIMEOUT)
    r.out = r.out.replace("\r\n", "\n")
    return r


def check_stopped(t, r):
    """The first report, then the crash report; the second never came."""
    t.expect_in(r.out, overflow_report(), r)
    t.expect_in(r.out, "CRASH: undefined behaviour (ukubsan stops at the first report)", r)
    t.expect_in(r.out, "Backtrace:", r)
    t.expect_not_in(r.out, "array index out of bounds", r)
    t.expect_not_in(r.out, "nothing stopped it", r)


def check_went_on(t, r):
    """Both reports, each once, then the program's own end (status 3)."""
    t.expect_in(r.out, overflow_report(), r)
    t.expect_in(r.out, bounds_report(), r)
    t.expect(r.out.count("UBSAN:") == 2, "expected exactly two UBSAN reports", r)
    t.expect_in(r.out, "INT_MAX + 1 gave -2147483648, table[4] gave 5: nothing stopped it", r)
    t.expect_status(r, 3)


def check_unsanitized(t, r):
    t.expect_status(r, 3)
    t.expect_in(r.out, "nothing stopped it", r)
    t.expect_not_in(r.out, "UBSAN:", r)


def undefined_symbols(objs):
    return subprocess.run(["nm", "-u"] + objs, capture_output=True, text=True,
                          timeout=30).stdout


@test("ubsan/linuxu-x86_64: stop mode: crashtest ubsan reports the overflow with "
      "its file and line, then dies of SIGABRT; every library but the runtime is "
      "instrumented", needs=["nm"])
def _(t):
    b = t.build(CRASH_STOP)
    r = t.run([b.image("linuxu"), "ubsan"], timeout=TIMEOUT)
    t.expect(not r.timed_out and r.status == -6,
             f"expected death by SIGABRT, got status {r.status}", r)
    check_stopped(t, r)
    syms = undefined_symbols(glob.glob(os.path.join(b.dir, "appcrashtest", "*.o")))
    t.expect("__ubsan_handle_add_overflow" in syms,
             "the application was compiled without -fsanitize=undefined")
    syms = undefined_symbols(glob.glob(os.path.join(b.dir, "libukdebug", "*.o")))
    t.expect("__ubsan_handle_" in syms, "libukdebug was compiled without -fsanitize")
    syms = undefined_symbols(glob.glob(os.path.join(b.dir, "libukubsan", "*.o")))
    t.expect("__ubsan_handle_" not in syms, "the runtime was compiled with -fsanitize")


@test("ubsan/linuxu-x86_64: continue mode: crashtest ubsan reports both faults once "
      "and exits with its own status")
def _(t):
    r = t.run([t.build(CRASH_GO_ON).image("linuxu"), "ubsan"], timeout=TIMEOUT)
    check_went_on(t, r)


@test("ubsan/linuxu-x86_64: without CONFIG_LIBUKUBSAN crashtest ubsan runs unreported")
def _(t):
    # The default crashtest build of suite_foundation.
    b = t.build(Build.registry["crash-linuxu-x86_64"])
    t.expect(b.config_value("CONFIG_LIBUKUBSAN") in (None, "", "n"),
             "the sanitizer is on by default")
    check_unsanitized(t, t.run([b.image("linuxu"), "ubsan"], timeout=TIMEOUT))


@test("ubsan/kvm-x86_64: stop mode: crashtest ubsan reports, then the crash status "
      "(255)", needs=[QEMU_X86])
def _(t):
    r = guest(t, t.build(KVM_CRASH_STOP).image("kvm"), "-a", "-- ubsan")
    t.expect_status(r, 255)
    check_stopped(t, r)


@test("ubsan/kvm-x86_64: continue mode: crashtest ubsan reports both and exits 3",
      needs=[QEMU_X86])
def _(t):
    check_went_on(t, guest(t, t.build(KVM_CRASH_GO_ON).image("kvm"), "-a", "-- ubsan"))


@test("ubsan/kvm-x86_64: without CONFIG_LIBUKUBSAN crashtest ubsan runs unreported",
      needs=[QEMU_X86])
def _(t):
    img = t.build(Build.registry["kvm-x86_64-crash"]).image("kvm")
    check_unsanitized(t, guest(t, img, "-a", "-- ubsan"))


@test("ubsan/kvm-arm64: stop mode: crashtest ubsan reports, then the crash status "
      "(255)", needs=[QEMU_ARM, GCC_ARM])
def _(t):
    r = guest(t, t.build(ARM64_CRASH_STOP).image("kvm", "arm64"), "-a", "-- ubsan")
    t.expect_status(r, 255)
    check_stopped(t, r)


@test("ubsan/linuxu-arm64: stop mode: crashtest ubsan reports, then dies of SIGABRT",
      needs=[QEMU_USER, GCC_ARM])
def _(t):
    img = t.build(ARM64_CRASH_STOP).image("linuxu", "arm64")
    r = t.run([QEMU_USER, img, "ubsan"], timeout=TIMEOUT)
    t.expect(not r.timed_out and r.status in (-6, 128 + 6),
             f"expected death by SIGABRT, got status {r.status}", r)
    check_stopped(t, r)


def check_clean_uktest(t, r):
    summary = t.check_uktest(r)
    t.expect_not_in(r.out, "UBSAN:", r)
    t.expect_in(r.out, "Hello world!", r)
    return summary


@test("uktest/linuxu-x86_64 (ubsan): every library's tests pass with no UBSAN report")
def _(t):
    r = t.run([t.build(UKTEST_LINUXU).image("linuxu")], timeout=TIMEOUT)
    t.expect_status(r, 0)
    t.note(check_clean_uktest(t, r))


@test("uktest/kvm-x86_64 (ubsan): every library's and the platform's tests pass with "
      "no UBSAN report", needs=[QEMU_X86])
def _(t):
    r = guest(t, t.build(UKTEST_KVM).image("kvm"), "-a", "-- x")
    t.expect_status(r, 0)
    t.note(check_clean_uktest(t, r))


@test("uktest/kvm-arm64 (ubsan): libraries, allocators, preemptive scheduler and "
      "platform tests pass with no UBSAN report", needs=[QEMU_ARM, GCC_ARM])
def _(t):
    r = guest(t, t.build(UKTEST_ARM64).image("kvm", "arm64"), "-a", "-- x")
    t.expect_status(r, 0)
    t.note(check_clean_uktest(t, r))


@test("uktest/linuxu-arm64 (ubsan): every library's tests pass with no UBSAN report",
      needs=[QEMU_USER, GCC_ARM])
def _(t):
    r = t.run([QEMU_USER, t.build(UKTEST_ARM64).image("linuxu", "arm64")],
              timeout=TIMEOUT)
    t.expect_status(r, 0)
    t.note(check_clean_uktest(t, r))


@test("uktest/linuxu-x86_64 (ubsan, posixdemo): POSIX layer, newlib glue, allocators "
      "and preemptive scheduler tests pass with no UBSAN report")
def _(t):
    r = t.run([t.build(POSIX_LINUXU).image("linuxu")], timeout=TIMEOUT)
    t.expect_status(r, 0)
    t.note(t.check_uktest(r))
    t.expect_not_in(r.out, "UBSAN:", r)


def kvm_clean_uktest(t, img):
    r = t.run([LAUNCHER, "--timeout", "240", "-m", "256M", "-k", img], timeout=300)
    r.out = r.out.replace("\r\n", "\n")
    t.expect_status(r, 0)
    t.note(t.check_uktest(r))
    t.expect_not_in(r.out, "UBSAN:", r)


@test("uktest/kvm-x86_64 (ubsan, posixdemo): POSIX layer and newlib glue "
      "tests pass with no UBSAN report", needs=[QEMU_X86], timeout=400)
def _(t):
    kvm_clean_uktest(t, t.build(POSIX_KVM).image("kvm"))


@test("uktest/kvm-x86_64 (ubsan): allocators, preemptive scheduler, PCI and "
      "platform tests pass with no UBSAN report", needs=[QEMU_X86], timeout=400)
def _(t):
    kvm_clean_uktest(t, t.build(PLAT_KVM).image("kvm"))
