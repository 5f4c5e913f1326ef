# SPDX-License-Identifier: BSD-3-Clause
"""newlib, the POSIX libraries and the file systems: an ordinary Linux
program (apps/posixdemo) against its native build, the initrd root, the
in-image tests of vfscore/ramfs/devfs/fdtab/cpio/pthread, on linuxu and
kvm (x86_64), and newlib for arm64."""

import os
import shutil
import subprocess
import tempfile
import threading

from driver import ROOT, TESTS_DIR, Build, test

X86 = ["CONFIG_ARCH_X86_64=y"]
LINUXU = X86 + ["CONFIG_PLAT_LINUXU=y"]
KVM = X86 + ["CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
# newlib alone must bring the rest, ukcpio (the initrd root) included.
DEMO = ["CONFIG_LIBNEWLIBC=y"]
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y",
          "CONFIG_LIBUKTEST_EXIT_AFTER=y"]

# The first newlib build of a configuration takes minutes (cached after).
SLOW = 1800

DEMO_LINUXU = Build("posix-demo-linuxu-x86_64", "apps/posixdemo", LINUXU + DEMO, timeout=SLOW)
DEMO_PREEMPT = Build("posix-demo-preempt-linuxu-x86_64", "apps/posixdemo",
                     LINUXU + DEMO + ["CONFIG_LIBUKSCHEDPREEMPT=y"], timeout=SLOW)
DEMO_KVM = Build("posix-demo-kvm-x86_64", "apps/posixdemo", KVM + DEMO, timeout=SLOW)
# vfscore without a cpio reader: nothing registers an initrd unpacker.
DEMO_NOCPIO = Build("posix-demo-nocpio-linuxu-x86_64", "apps/posixdemo",
                    LINUXU + DEMO + ["# CONFIG_LIBUKCPIO is not set"], timeout=SLOW)
UT_LINUXU = Build("posix-uktest-linuxu-x86_64", "apps/posixdemo", LINUXU + DEMO + UKTEST,
                  timeout=SLOW)
# On kvm only the tests of the POSIX layer, to keep the emulated run
# short: the platform's and the schedulers' own run in suite_kvm_x86_64.py
# and suite_sched.py.
OUR_TESTS = ["CONFIG_LIBUKTEST=y", "# CONFIG_LIBUKTEST_ALL is not set",
             "CONFIG_LIBUKTEST_EXIT_AFTER=y", "CONFIG_LIBVFSCORE_TEST=y",
             "CONFIG_LIBDEVFS_TEST=y", "CONFIG_LIBPOSIX_FDTAB_TEST=y",
             "CONFIG_LIBUKCPIO_TEST=y", "CONFIG_LIBPOSIX_PTHREAD_TEST=y",
             "CONFIG_LIBSYSCALL_INSN_TEST=y", "CONFIG_LIBPOSIX_POLL_TEST=y",
             "CONFIG_LIBPOSIX_MMAP_TEST=y", "CONFIG_LIBPOSIX_PROCESS_TEST=y",
             "CONFIG_LIBPOSIX_USER_TEST=y", "CONFIG_LIBPOSIX_TIME_TEST=y",
             "CONFIG_LIBPOSIX_SYSINFO_TEST=y", "CONFIG_LIBSYSCALL_SHIM_TEST=y",
             "CONFIG_LIBNEWLIBC_TEST=y"]
UT_KVM = Build("posix-uktest-kvm-x86_64", "apps/posixdemo", KVM + DEMO + OUR_TESTS,
               timeout=SLOW)
# The descriptor table's, vfscore's and ramfs's own tests under the
# preemptive scheduler, with a 1 ms time slice: threads appending through
# one descriptor while others dup and close theirs; threads creating,
# writing, unlinking, renaming and listing files of one directory,
# appending to one file through open files of their own, and pwriting
# blocks of one growing file.
FILES_ONLY = ["CONFIG_LIBUKTEST=y", "# CONFIG_LIBUKTEST_ALL is not set",
              "CONFIG_LIBUKTEST_EXIT_AFTER=y", "CONFIG_LIBPOSIX_FDTAB_TEST=y",
              "CONFIG_LIBVFSCORE_TEST=y", "CONFIG_LIBUKSCHEDPREEMPT=y",
              "CONFIG_LIBUKSCHEDPREEMPT_TIMESLICE_US=1000"]
FILES_PREEMPT_LINUXU = Build("posix-files-preempt-linuxu-x86_64", "apps/posixdemo",
                             LINUXU + DEMO + FILES_ONLY, timeout=SLOW)
FILES_PREEMPT_KVM = Build("posix-files-preempt-kvm-x86_64", "apps/posixdemo",
                          KVM + DEMO + FILES_ONLY, timeout=SLOW)
# The cases that make threads race (each run must pass them all).
RACE_CASES = ("fdtab: threads_appending_and_churning_lose_nothing",
              "vfscore: threads_creating_unlinking_and_appending_lose_nothing",
              "vfscore: threads_pwriting_distinct_blocks_of_one_file",
              "vfscore: rename_and_readdir_racing_with_create_and_unlink")

DEMO_INPUT = "1.5 2.25\n"


def native_exe(t):
    """apps/posixdemo built with the host's gcc and glibc (once)."""
    d = os.path.join(TESTS_DIR, "posix-native")
    os.makedirs(d, exist_ok=True)
    exe = os.path.join(d, "posixdemo-native")
    src = os.path.join(ROOT, "apps", "posixdemo", "main.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        # per process: several test runs may share build/tests at once
        tmp = f"{exe}.{os.getpid()}.{threading.get_ident()}"
        r = t.run(["gcc", "-O2", "-D_GNU_SOURCE", "-o", tmp, src, "-lm", "-lpthread"],
                  timeout=120)
        t.expect_status(r, 0)
        os.replace(tmp, exe)
    return exe


def native_demo(t):
    """Run the native posixdemo in a fresh directory; return its output."""
    exe = native_exe(t)
    d = os.path.dirname(exe)
    with tempfile.TemporaryDirectory(dir=d) as wd:
        r = t.run([exe], stdin="pipe", input=DEMO_INPUT, cwd=wd)
    t.expect_status(r, 0)
    return r.out


def expect_same(t, want, r):
    got = r.out.replace("\r\n", "\n")
    if got != want:
        import difflib
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "native", "unikernel", lineterm="", n=1))
        t.fail("output differs from the native build:\n" + diff, r)


@test("posix/linuxu-x86_64: a Linux C program prints what it prints natively",
      needs=["gcc"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_LINUXU).image("linuxu")
    r = t.run([img], stdin="pipe", input=DEMO_INPUT, timeout=60)
    t.expect_status(r, 0)
    expect_same(t, want, r)
    t.note(f"newlib app image: {os.path.getsize(img)} B stripped")


@test("posix/linuxu-x86_64: the same under the preemptive scheduler", needs=["gcc"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_PREEMPT).image("linuxu")
    r = t.run([img], stdin="pipe", input=DEMO_INPUT, timeout=60)
    t.expect_status(r, 0)
    expect_same(t, want, r)


@test("posix/kvm-x86_64: a Linux C program prints what it prints natively",
      needs=["gcc", "qemu-system-x86_64"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_KVM).image("kvm")
    # QEMU's serial port loses input that arrives before the guest set the
    # UART up: a leading newline (skipped by scanf) absorbs that.
    r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout", "120",
               "-k", img], stdin="pipe", input="\n\n" + DEMO_INPUT, timeout=150)
    t.expect_status(r, 0)
    expect_same(t, want, r)


def make_initrd(d):
    """A cpio (newc) archive of a small tree, made with the host's cpio."""
    tree = os.path.join(d, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "etc", "conf.d"))
    os.makedirs(os.path.join(tree, "data"))
    with open(os.path.join(tree, "etc", "motd"), "w") as f:
        f.write("Welcome to the initrd.\n")
    with open(os.path.join(tree, "etc", "conf.d", "a.conf"), "w") as f:
        f.write("x = 1\n" * 100)
    os.symlink("motd", os.path.join(tree, "etc", "greeting"))
    archive = os.path.join(d, "initrd.cpio")
    with open(archive, "wb") as out:
        names = subprocess.run("find . | sort", shell=True, cwd=tree, check=True,
                               stdout=subprocess.PIPE).stdout
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=names, cwd=tree,
                       stdout=out, check=True)
    return archive


INITRD_LS = """  conf.d/
  greeting@
  motd 23
"""


@test("posix/linuxu-x86_64: initrd files are readable, ramfs writable, listings show both",
      needs=["cpio"])
def _(t):
    img = t.build(DEMO_LINUXU).image("linuxu")
    d = os.path.join(TESTS_DIR, "posix-initrd")
    os.makedirs(d, exist_ok=True)
    rd = make_initrd(d)
    k = [img, f"linuxu.initrd={rd}", "vfs.rootfs=initrd"]
    r = t.run(k + ["--", "ls", "/etc"])
    t.expect_status(r, 0)
    t.expect(r.out == INITRD_LS, f"expected the listing {INITRD_LS!r}", r)
    r = t.run(k + ["--", "cat", "/etc/greeting"])
    t.expect_status(r, 0)
    t.expect(r.out == "Welcome to the initrd.\n", "symlink in the initrd not followed", r)
    r = t.run(k + ["--", "ls", "/"])
    t.expect(r.out == "  data/\n  dev/\n  etc/\n  tmp/\n", "root listing", r)
    r = t.run(k + ["--", "write", "/etc/new", "written at run time"])
    t.expect_status(r, 0)
    # Without an initrd the root is an empty ramfs; a bad file is an error.
    r = t.run([img, "--", "ls", "/"])
    t.expect(r.out == "  dev/\n  tmp/\n", "default root should hold only /dev and /tmp", r)
    r = t.run([img, "linuxu.initrd=/nonexistent/x.cpio", "vfs.rootfs=initrd", "--", "ls", "/"])
    t.expect_status(r, 64)
    t.expect_in(r.out, "linuxu.initrd=/nonexistent/x.cpio: cannot open it", r)
    # A truncated archive stops the boot with a message, never a crash.
    with open(rd, "rb") as f:
        data = f.read()
    bad = os.path.join(d, "truncated.cpio")
    with open(bad, "wb") as f:
        f.write(data[: len(data) // 2])
    r = t.run([img, f"linuxu.initrd={bad}", "vfs.rootfs=initrd", "--", "ls", "/"])
    t.expect(r.status != 0 and not r.timed_out, "a truncated initrd must stop the boot", r)
    t.expect_in(r.out, "cpio: malformed archive", r)
    t.expect_not_in(r.out, "SIGSEGV", r)


def newc(entries):
    """A cpio (newc) archive from (name, mode, data) triples, made here:
    the host's cpio cannot archive a path that goes through a symlink."""
    out = b""
    for ino, (name, mode, data) in enumerate(list(entries) + [("TRAILER!!!", 0, b"")], 1):
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0"
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return out


# etc/up -> ../.. then etc/up/X: written through the link, X would land
# two levels above etc, outside the directory the archive is unpacked in.
ESCAPE = [("etc", 0o40755, b""), ("etc/motd", 0o100644, b"inside\n"),
          ("etc/up", 0o120777, b"../.."), ("etc/up/X", 0o100644, b"escaped\n")]
ESCAPE_MSG = "cpio: entry 'etc/up/X': 'etc/up' is a symlink; entries are never written through"


def escape_initrd(d):
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "escape.cpio")
    with open(path, "wb") as f:
        f.write(newc(ESCAPE))
    return path


def listing(d):
    return sorted(os.path.relpath(os.path.join(p, n), d)
                  for p, dirs, files in os.walk(d) for n in dirs + files)


@test("posix/linuxu-x86_64: an initrd that writes through its own symlink stops the boot")
def _(t):
    img = t.build(DEMO_LINUXU).image("linuxu")
    d = os.path.join(TESTS_DIR, "posix-initrd-escape")
    shutil.rmtree(d, ignore_errors=True)
    rd = escape_initrd(d)
    wd = os.path.join(d, "cwd")
    os.makedirs(wd)
    before = listing(d)
    r = t.run([img, f"linuxu.initrd={rd}", "vfs.rootfs=initrd", "--", "ls", "/"], cwd=wd,
              timeout=60)
    t.expect(r.status != 0 and not r.timed_out, "the boot must stop with a failure", r)
    t.expect_in(r.out, ESCAPE_MSG, r)
    t.expect_not_in(r.out, "  etc/", r)  # ls never ran
    t.expect(listing(d) == before, f"the host directory changed: {listing(d)} vs {before}", r)
    # The same archive without the last entry is unpacked, the link kept.
    ok = os.path.join(d, "ok.cpio")
    with open(ok, "wb") as f:
        f.write(newc(ESCAPE[:-1]))
    r = t.run([img, f"linuxu.initrd={ok}", "vfs.rootfs=initrd", "--", "ls", "/etc"], cwd=wd,
              timeout=60)
    t.expect_status(r, 0)
    t.expect(r.out == "  motd 7\n  up@\n", "expected etc/motd and the link etc/up", r)


@test("posix/kvm-x86_64: an initrd that writes through its own symlink stops the boot",
      needs=["qemu-system-x86_64"])
def _(t):
    img = t.build(DEMO_KVM).image("kvm")
    rd = escape_initrd(os.path.join(TESTS_DIR, "posix-initrd-escape-kvm"))
    r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout", "120",
               "-k", img, "-i", rd, "-a", "vfs.rootfs=initrd -- ls /"], timeout=150)
    t.expect_status(r, 255)  # an init function failed: the crash status
    t.expect_in(r.out, ESCAPE_MSG, r)
    t.expect_not_in(r.out, "  etc/", r)


@test("posix/linuxu-x86_64: writes into ramfs work and are listed", needs=["cpio"])
def _(t):
    # One image run: write a file, list the directory, read it back (the
    # image's ramfs lives as long as the run, so the app does all three).
    img = t.build(DEMO_LINUXU).image("linuxu")
    r = t.run([img], stdin="pipe", input=DEMO_INPUT, timeout=60)
    t.expect_status(r, 0)
    t.expect_in(r.out, "read: appended\n", r)
    t.expect_in(r.out, "  notes.txt 49\n  raw-renamed 10\n  sub/\n", r)


@test("posix/kvm-x86_64: initrd given with -initrd is the root", needs=["qemu-system-x86_64", "cpio"])
def _(t):
    img = t.build(DEMO_KVM).image("kvm")
    d = os.path.join(TESTS_DIR, "posix-initrd-kvm")
    os.makedirs(d, exist_ok=True)
    rd = make_initrd(d)
    r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout", "120",
               "-k", img, "-i", rd, "-a", "vfs.rootfs=initrd -- ls /etc"], timeout=150)
    t.expect_status(r, 0)
    t.expect(r.out.replace("\r\n", "\n") == INITRD_LS, f"expected {INITRD_LS!r}", r)


POSIX_SUITES = ("vfscore", "devfs", "fdtab", "cpio", "pthread", "poll", "mmap", "process",
                "user", "time", "sysinfo", "syscall")


DEV_LS = ("  console 0\n  full 0\n  null 0\n  random 0\n  stderr 0\n  stdin 0\n  stdout 0\n"
          "  urandom 0\n  zero 0\n")
MOUNTS = "vfs.mounts=ramfs:/tmp,devfs:/var/dev"


@test("posix/linuxu-x86_64: vfs.rootfs, vfs.devfs and vfs.mounts choose the mounts; "
      "mistakes stop the boot with 64")
def _(t):
    img = t.build(DEMO_LINUXU).image("linuxu")
    r = t.run([img, "vfs.rootfs=none", "--", "ls", "/"])
    t.expect_status(r, 1)
    t.expect(r.out == "ls /: No such file or directory\n", "vfs.rootfs=none mounts nothing", r)
    r = t.run([img, "vfs.devfs=0", "--", "ls", "/"])
    t.expect_status(r, 0)
    t.expect(r.out == "  tmp/\n", "vfs.devfs=0: a root with /tmp, without /dev", r)
    r = t.run([img, MOUNTS, "--", "ls", "/"])
    t.expect_status(r, 0)
    t.expect(r.out == "  dev/\n  tmp/\n  var/\n", "mount points /tmp and /var/dev created", r)
    r = t.run([img, MOUNTS, "--", "ls", "/var/dev"])
    t.expect_status(r, 0)
    t.expect(r.out == DEV_LS, "devfs mounted on /var/dev", r)
    r = t.run([img, MOUNTS, "--", "write", "/tmp/f", "in the second ramfs"])
    t.expect_status(r, 0)
    for args, msg in (
            (["vfs.rootfs=nfs"], "vfs.rootfs=nfs: unknown root file system (ramfs, initrd or none)"),
            (["vfs.rootfs=initrd"], "vfs.rootfs=initrd, but the platform was given no initrd"),
            (["vfs.mounts=ramfs:/tmp,foo:/x"],
             "vfs.mounts: 'foo:/x': unknown file system type 'foo' (this image has: "),
            (["vfs.mounts=ramfs:tmp"], "vfs.mounts: 'ramfs:tmp': the mount point must be an "
                                       "absolute path"),
            (["vfs.mounts=ramfs:/dev/shm"], "vfs.mounts: 'ramfs:/dev/shm': cannot create the "
                                            "mount point /dev/shm: Read-only file system"),
            (["vfs.mounts=ramfs"], "vfs.mounts: 'ramfs' is not fstype:/path"),
            (["vfs.rootfs=none", "vfs.mounts=ramfs:/tmp"], "needs a root file system"),
            (["vfs.rootfs="], "vfs.rootfs is empty: give ramfs, initrd or none"),
            (["linuxu.initrd=", "vfs.rootfs=initrd"], "linuxu.initrd is empty: give the host "
                                                      "file to use as the initrd")):
        r = t.run([img] + args + ["--", "ls", "/"])
        t.expect_status(r, 64)
        t.expect_in(r.out, msg, r)
        t.expect_not_in(r.out, "  dev/", r)  # ls never ran


@test("posix/kvm-x86_64: vfs.mounts adds mounts; a bad entry, an empty vfs.rootfs, a "
      "malformed env.vars stop the boot with 64",
      needs=["qemu-system-x86_64"])
def _(t):
    img = t.build(DEMO_KVM).image("kvm")
    qg = [os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout", "120", "-k", img]
    r = t.run(qg + ["-a", MOUNTS + " -- ls /var/dev"], timeout=150)
    t.expect_status(r, 0)
    t.expect(r.out.replace("\r\n", "\n") == DEV_LS, "devfs mounted on /var/dev", r)
    for line, msg in (("vfs.mounts=foo:/x", "vfs.mounts: 'foo:/x': unknown file system type 'foo'"),
                      ("vfs.rootfs=", "vfs.rootfs is empty: give ramfs, initrd or none"),
                      ("env.vars=noequals", "env.vars: 'noequals' is not NAME=value")):
        r = t.run(qg + ["-a", line + " -- ls /"], timeout=150)
        t.expect_status(r, 64)
        t.expect_in(r.out, msg, r)
        t.expect_not_in(r.out, "  dev/", r)  # ls never ran


def check_uktest(t, r, suites=POSIX_SUITES):
    t.expect_status(r, 0)
    summary = t.check_uktest(r)
    for suite in suites:
        t.expect_in(r.out, f"] {suite}: ", r)
    t.note(summary)


@test("posix/linuxu-x86_64: uktest suites of vfscore, ramfs, devfs, fdtab, cpio, pthread, "
      "process, user, time, sysinfo, syscall")
def _(t):
    img = t.build(UT_LINUXU).image("linuxu")
    check_uktest(t, t.run([img], timeout=120))


@test("posix/kvm-x86_64: uktest suites of vfscore, ramfs, devfs, fdtab, cpio, pthread, "
      "process, user, time, sysinfo, syscall, raw syscalls", needs=["qemu-system-x86_64"],
      timeout=400)
def _(t):
    img = t.build(UT_KVM).image("kvm")
    r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "--timeout", "240", "-m", "256M",
               "-k", img], timeout=300)
    r.out = r.out.replace("\r\n", "\n")
    check_uktest(t, r, POSIX_SUITES + ("syscall_insn",))


@test("posix/linuxu-x86_64: environment from env.vars, ENOSYS for the unimplemented")
def _(t):
    img = t.build(DEMO_LINUXU).image("linuxu")
    r = t.run([img, "env.vars=A=1 GREETING=hello", "--", "getenv", "GREETING"])
    t.expect_status(r, 0)
    t.expect(r.out == "GREETING=hello\n", "env.vars did not reach getenv", r)
    r = t.run([img, "--", "getenv", "GREETING"])
    t.expect(r.out == "GREETING=(unset)\n", "environment not empty by default", r)
    r = t.run([img, "--", "fork"])
    t.expect_status(r, 0)
    t.expect(r.out.count("fork: Function not implemented\n") == 2, "fork must fail with ENOSYS", r)
    t.expect(r.out.count("fork is not implemented (ENOSYS)") == 1,
             "the unimplemented call must be logged once", r)
    # Every malformed word is a parameter error: status 64, main never runs.
    for vars, word in (("novalue", "novalue"), ("=x", "=x"), ("A=1 B", "B"),
                       ("A=1  =2 C=3", "=2")):
        r = t.run([img, "env.vars=" + vars, "--", "getenv", "A"], timeout=60)
        t.expect_status(r, 64)
        t.expect_in(r.out, f"env.vars: '{word}' is not NAME=value", r)
        t.expect(not any(line.startswith("A=") for line in r.out.splitlines()),
                 "getenv must not run", r)


def check_exit_and_abort(t, run, crash_status):
    """posixdemo exit: atexit handlers in reverse order and status 3, as
    natively; posixdemo abort: no handler, the crash status (natively
    SIGABRT), and the crash report naming abort()."""
    exe = native_exe(t)
    want = t.run([exe, "exit"])
    t.expect_status(want, 3)
    r = run("exit")
    t.expect_status(r, 3)
    expect_same(t, want.out, r)
    want = t.run([exe, "abort"])
    t.expect_status(want, -6)
    r = run("abort")
    t.expect_status(r, crash_status)
    out = r.out.replace("\r\n", "\n")
    t.expect(out.startswith(want.out), f"expected the output to start with {want.out!r}", r)
    t.expect_not_in(out, "atexit:", r)
    t.expect_in(out + r.err, "abort() called", r)


@test("posix/linuxu-x86_64: exit() runs atexit handlers, abort() none, as natively",
      needs=["gcc"])
def _(t):
    img = t.build(DEMO_LINUXU).image("linuxu")
    # linuxu dies of SIGABRT, as the native program does
    check_exit_and_abort(t, lambda cmd: t.run([img, "--", cmd]), -6)


@test("posix/kvm-x86_64: exit() runs atexit handlers, abort() none",
      needs=["gcc", "qemu-system-x86_64"])
def _(t):
    img = t.build(DEMO_KVM).image("kvm")
    qg = os.path.join(ROOT, "support/scripts/qemu-guest")
    check_exit_and_abort(t, lambda cmd: t.run([qg, "--timeout", "120", "-k", img, "-a",
                                               "-- " + cmd], timeout=150), 255)


# The xen image of the same build runs in suite_xen.py.
ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y",
         "CONFIG_PLAT_XEN=y"]
DEMO_ARM64 = Build("posix-demo-arm64", "apps/posixdemo", ARM64 + DEMO, timeout=SLOW)


@test("posix/linuxu-arm64: a Linux C program prints what it prints natively",
      needs=["gcc", "aarch64-linux-gnu-gcc", "qemu-aarch64-static"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_ARM64).image("linuxu", "arm64")
    r = t.run(["qemu-aarch64-static", img], stdin="pipe", input=DEMO_INPUT, timeout=120)
    t.expect_status(r, 0)
    expect_same(t, want, r)
    t.note(f"arm64 newlib app image: {os.path.getsize(img)} B stripped")


@test("posix/kvm-arm64: a Linux C program prints what it prints natively",
      needs=["gcc", "aarch64-linux-gnu-gcc", "qemu-system-aarch64"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_ARM64).image("kvm", "arm64")
    r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "-q", "--timeout", "120",
               "-k", img], stdin="pipe", input="\n\n" + DEMO_INPUT, timeout=150)
    t.expect_status(r, 0)
    expect_same(t, want, r)


@test("posix/linuxu-x86_64: the initrd root comes from the unpacker ukcpio registers; "
      "without ukcpio vfs.rootfs=initrd is a clear error (64)")
def _(t):
    b = t.build(DEMO_NOCPIO)
    t.expect(b.config_value("CONFIG_LIBUKCPIO") is None, "ukcpio is in the image")
    r = t.run([b.image("linuxu"), "vfs.rootfs=initrd", "--"], timeout=30)
    t.expect_status(r, 64)
    t.expect_in(r.out + r.err, "vfs.rootfs=initrd: this image has no cpio reader "
                "(CONFIG_LIBUKCPIO)", r)
    r = t.run([b.image("linuxu"), "--", "write", "/f", "hello"], timeout=30)
    t.expect_status(r, 0)  # the default ramfs root needs no unpacker


def check_races(t, r):
    """One run of a FILES_PREEMPT image: every case passed, the racing ones too."""
    t.expect_status(r, 0)
    t.check_uktest(r)
    for case in RACE_CASES:
        t.expect_in(r.out, f"[ PASSED ] {case}", r)


@test("posix/linuxu-x86_64: threads sharing descriptors, files and directories lose "
      "nothing, preemptive scheduler, 20 runs")
def _(t):
    b = t.build(FILES_PREEMPT_LINUXU)
    t.expect(b.config_value("CONFIG_LIBUKSCHEDPREEMPT") == "y", "not the preemptive scheduler")
    t.expect(b.config_value("CONFIG_LIBVFSCORE_LOCKS") == "y", "vfscore without its locks")
    for i in range(20):
        check_races(t, t.run([b.image("linuxu")], timeout=60))


@test("posix/kvm-x86_64: threads sharing descriptors, files and directories lose "
      "nothing, preemptive scheduler, 3 runs", needs=["qemu-system-x86_64"])
def _(t):
    b = t.build(FILES_PREEMPT_KVM)
    for i in range(3):
        r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "-q", "-t", "120",
                   "-m", "128M", "-k", b.image("kvm")], timeout=150)
        r.out = r.out.replace("\r\n", "\n")
        check_races(t, r)


# The xen image of the same build runs these cases in suite_xen.py.
FILES_PREEMPT_ARM64 = Build("posix-files-preempt-kvm-arm64", "apps/posixdemo",
                            ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y",
                             "CONFIG_PLAT_XEN=y",
                             "# CONFIG_PLAT_LINUXU is not set"] + DEMO + FILES_ONLY,
                            timeout=SLOW)


@test("posix/kvm-arm64: threads sharing descriptors, files and directories lose "
      "nothing, preemptive scheduler, 3 runs",
      needs=["qemu-system-aarch64", "aarch64-linux-gnu-gcc"])
def _(t):
    b = t.build(FILES_PREEMPT_ARM64)
    for i in range(3):
        r = t.run([os.path.join(ROOT, "support/scripts/qemu-guest"), "-q", "-t", "120",
                   "-m", "128M", "-k", b.image("kvm", "arm64")], timeout=150)
        r.out = r.out.replace("\r\n", "\n")
        check_races(t, r)
