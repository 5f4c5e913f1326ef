# SPDX-License-Identifier: BSD-3-Clause
"""arm64: the same applications and configuration menu, cross-built with
aarch64-linux-gnu-gcc, booted as kvm-arm64 under qemu-system-aarch64 -M
virt (TCG) and run as linuxu-arm64 under qemu-aarch64-static. Hello
world, the uktest image with the allocators and schedulers, crash
reports and exit statuses, device-tree and memory limits, the launcher."""

import os
import re
import struct

import driver
from crashcases import HOST_WX_CRASHES, wx_address
from driver import ROOT, Build, test

QEMU = "qemu-system-aarch64"
QEMU_USER = "qemu-aarch64-static"
GCC = "aarch64-linux-gnu-gcc"
ADDR2LINE = "aarch64-linux-gnu-addr2line"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
NEEDS_KVM = [QEMU, GCC]
NEEDS_USER = [QEMU_USER, GCC]

# One menuconfig choice of architecture; both platforms from one build.
ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_LINUXU=y"]
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"]
ALLOCS = ["CONFIG_LIBUKALLOC=y", "CONFIG_LIBUKALLOCTLSF=y",
          "CONFIG_LIBUKALLOCBBUDDY=y", "CONFIG_LIBUKALLOCREGION=y"]

# The xen image from the same builds, for suite_xen.py.
XEN = ["CONFIG_PLAT_XEN=y"]

HELLO = Build("arm64-hello", "apps/helloworld", ARM64 + XEN)
CRASH = Build("arm64-crash", "apps/crashtest", ARM64 + XEN)
# Branch protection: pointer authentication and BTI (QEMU -cpu max has both).
BRANCHPROT = ["CONFIG_ARM64_PAC=y", "CONFIG_ARM64_BTI=y"]
CRASH_BP = Build("arm64-crash-branchprot", "apps/crashtest", ARM64 + BRANCHPROT)
UKTEST_BP = Build("arm64-uktest-branchprot", "apps/helloworld",
                  ARM64 + UKTEST + BRANCHPROT +
                  ["CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKSCHEDPREEMPT=y"])
# Preemptive scheduler, TLSF by default, every backend's tests; PCI.
UKTEST_PREEMPT = Build("arm64-uktest-preempt", "apps/helloworld",
                       ARM64 + XEN + UKTEST + ALLOCS +
                       ["CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKSCHEDPREEMPT=y",
                        "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y",
                        "CONFIG_LIBUKDEBUG_PRINTK_DEBUG=y",
                        # xen's front drivers, tested against fake back ends
                        "CONFIG_XEN_BLKFRONT=y", "CONFIG_XEN_NETFRONT=y"])
# Cooperative scheduler, the buddy allocator by default, FP state saved.
UKTEST_COOP = Build("arm64-uktest-coop", "apps/helloworld",
                    ARM64 + XEN + UKTEST + ALLOCS +
                    ["CONFIG_LIBUKALLOC_DEFAULT_BBUDDY=y", "CONFIG_LIBUKSCHED=y",
                     "CONFIG_LIBUKSCHEDCOOP=y", "CONFIG_LIBUKSCHED_SAVE_FPU=y"])

# Load-address randomisation (CONFIG_KVM_ASLR, off by default): kvm only.
KVM_ONLY = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
HELLO_ASLR = Build("arm64-hello-aslr", "apps/helloworld",
                   KVM_ONLY + ["CONFIG_KVM_ASLR=y", "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])
CRASH_ASLR = Build("arm64-crash-aslr", "apps/crashtest", KVM_ONLY + ["CONFIG_KVM_ASLR=y"])
HELLO_INFO = Build("arm64-hello-info", "apps/helloworld",
                   KVM_ONLY + ["CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])

TIMEOUT = 60  # seconds for one QEMU run (a boot takes well under 1 s)


def qemu(t, img, append=None, machine="virt", cpu="cortex-a57", mem="64M",
         semihosting=True, extra=(), timeout=TIMEOUT):
    """Run QEMU directly; r.status is QEMU's own exit status."""
    cmd = [QEMU, "-M", machine, "-cpu", cpu, "-m", mem, "-nodefaults",
           "-no-user-config", "-no-reboot", "-display", "none", "-serial", "stdio",
           "-kernel", img]
    if semihosting:
        cmd += ["-semihosting-config", "enable=on,target=native"]
    if append is not None:
        cmd += ["-append", append]
    return t.run(cmd + list(extra), timeout=timeout)


def guest(t, img, *args, timeout=TIMEOUT):
    """Run the image through the launcher (status: main's, 255 for a crash)."""
    return t.run([LAUNCHER, "-q", "-k", img] + list(args), timeout=timeout)


def user(t, img, *args, timeout=TIMEOUT):
    return t.run([QEMU_USER, img] + list(args), timeout=timeout)


def check_hello(t, r, args, exact=False):
    want = "Hello world!\n" + "".join(f"Argument {i}: {a}\n" for i, a in enumerate(args, 1))
    if r.timed_out or (r.out != want if exact else want not in r.out):
        t.fail(f"expected {'exactly ' if exact else ''}{want!r} on the console", r)


def check_uktest(t, r):
    summary = t.check_uktest(r)
    return summary


# ---------------------------------------------------------------------------
# helloworld

@test("arm64/kvm: helloworld boots on virt, prints its -append arguments, exit 0",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64")
    r = qemu(t, img, "-- one 'two words' \"x\\\"y\"")
    check_hello(t, r, ["one", "two words", 'x"y'], exact=True)
    t.expect_status(r, 0)


for machine, cpu in (("virt,gic-version=3", "max"),
                     ("virt,virtualization=on", "cortex-a57"),
                     ("virt,virtualization=on,gic-version=3", "cortex-a53")):
    @test(f"arm64/kvm: helloworld boots on {machine} -cpu {cpu}", needs=NEEDS_KVM)
    def _(t, machine=machine, cpu=cpu):
        img = t.build(HELLO).image("kvm", "arm64")
        r = qemu(t, img, "-- m", machine=machine, cpu=cpu)
        check_hello(t, r, ["m"], exact=True)
        t.expect_status(r, 0)


@test("arm64/kvm: the image is a Linux arm64 Image, at most 64 KiB, booting with 5 MiB",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64")
    with open(img, "rb") as f:
        head = f.read(64)
    text_offset, image_size, flags = struct.unpack_from("<QQQ", head, 8)
    t.expect(head[56:60] == b"ARM\x64", f"no arm64 Image magic: {head[56:60]!r}")
    t.expect(text_offset == 0x200000 and flags == 2,
             f"text_offset {text_offset:#x}, flags {flags:#x}")
    size = os.path.getsize(img)
    t.expect(size <= 64 * 1024 and image_size >= size,
             f"image {size} B (limit 65536), image_size {image_size}")
    r = qemu(t, img, "-- small", mem="5M")
    check_hello(t, r, ["small"])
    t.expect_status(r, 0)
    t.note(f"stripped image {size} B; boots with -m 5M (QEMU virt needs 5M for its DTB)")


@test("arm64/kvm: the .dbg ELF boots too (device tree at the RAM base)", needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64") + ".dbg"
    r = qemu(t, img, "-- elf")
    check_hello(t, r, ["elf"])
    t.expect_status(r, 0)


@test("arm64/kvm: main's status through the launcher (0, 3, 254; 255 -> 254)",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(CRASH).image("kvm", "arm64")
    for n, want in ((0, 0), (3, 3), (254, 254), (255, 254)):
        r = guest(t, img, "-a", f"-- exit:{n}")
        t.expect_status(r, want)
        t.expect_in(r.out, f"crashtest: exit:{n}", r)
    t.expect_in(r.out, "exit status 255 is the crash status", r)


@test("arm64/kvm: the launcher refuses a linuxu-arm64 image and KVM on an x86 host",
      needs=NEEDS_KVM)
def _(t):
    b = t.build(HELLO)
    r = t.run([LAUNCHER, "-k", b.image("linuxu", "arm64"), "-t", "60"], timeout=90)
    t.expect_status(r, 252)
    t.expect_in(r.err, "below the RAM of QEMU virt", r)
    r = t.run([LAUNCHER, "-k", b.image("kvm", "arm64"), "--dry-run"])
    t.expect_status(r, 0)
    t.expect_in(r.out, "-accel tcg", r)
    if os.uname().machine != "aarch64":
        r = t.run([LAUNCHER, "-k", b.image("kvm", "arm64"), "--accel", "kvm", "--dry-run"])
        t.expect_status(r, 251)  # KVM cannot run this guest: nothing run
        t.expect_in(r.err, "--accel kvm: no usable KVM (the host is x86_64, the image is arm64)",
                    r)


@test("arm64/kvm: without semihosting QEMU exits 0 (PSCI) and the console says why",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(CRASH).image("kvm", "arm64")
    r = qemu(t, img, "-- exit:9", semihosting=False)
    t.expect_status(r, 0)
    t.expect_in(r.out, "exit status 9 is lost: start QEMU with -semihosting", r)
    r = qemu(t, img, "-- exit:0", semihosting=False)
    t.expect_status(r, 0)


@test("arm64/kvm: kernel parameters before --, bad ones and bad quoting exit 64",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64")
    r = qemu(t, img, "nosuch.param=1 -- x")
    t.expect_status(r, 64)
    t.expect_in(r.out, "unknown kernel parameter 'nosuch.param'", r)
    r = qemu(t, img, "-- 'open")
    t.expect_status(r, 64)
    t.expect_in(r.out, "bad kernel command line", r)
    r = qemu(t, img)  # no -append: /chosen has no bootargs
    check_hello(t, r, [], exact=True)


@test("arm64/kvm: lines of 4, 16 and 64 KiB: the launcher refuses them, the guest gives "
      "its limit error", needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64")
    limit = "this image takes at most 2047 (CONFIG_KVM_CMDLINE_MAX=2048, NUL included)"
    r = guest(t, img, "-a", "-- " + "x" * 2044)  # 2047 bytes: the limit
    t.expect_status(r, 0)
    check_hello(t, r, ["x" * 2044])
    for n in (2048, 4096, 16384, 65536):
        line = "-- " + "x" * (n - 3)
        r = guest(t, img, "-a", line)
        t.expect_status(r, 252)
        t.expect_in(r.err, f"qemu-guest: the command line (-a) is {n} bytes; {img} takes at "
                           "most 2047 (CONFIG_KVM_CMDLINE_MAX=2048, NUL included)", r)
        t.expect(r.out == "", "nothing may run", r)
        # virt carries the line in the device tree, whole: the guest measures it.
        r = qemu(t, img, line)
        t.expect_status(r, 64)
        t.expect_in(r.out, f"kvm: the command line is {n} bytes; {limit}", r)
        t.expect_not_in(r.out, "Hello world!", r)


@test("arm64/kvm: too little memory is a clear error", needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO).image("kvm", "arm64")
    r = guest(t, img, "-m", "1M")
    t.expect_status(r, 252)
    t.expect_in(r.err, "is too small", r)


# ---------------------------------------------------------------------------
# uktest: libraries, allocators, schedulers, platform

for name, build, gic in (("preemptive scheduler, GICv2", UKTEST_PREEMPT, 2),
                         ("preemptive scheduler, GICv3", UKTEST_PREEMPT, 3),
                         ("cooperative scheduler, buddy allocator", UKTEST_COOP, 2)):
    @test(f"uktest/kvm-arm64: every library's and the platform's tests pass ({name})",
          needs=NEEDS_KVM)
    def _(t, build=build, gic=gic):
        img = t.build(build).image("kvm", "arm64")
        extra = ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"]
        r = qemu(t, img, "-- x", machine=f"virt,gic-version={gic}", extra=extra)
        t.expect_status(r, 0)
        t.note(check_uktest(t, r))
        for case in ("kvm_arm64_irq: physical_timer_interrupt_reaches_its_handler",
                     "kvm_arm64_dt: truncated_and_corrupted_copies_are_errors",
                     "kvm_arm64_dt: negative_size_cells_make_reg_absent",
                     "fdt: corrupted_structure_blocks_are_errors",
                     "kvm_timer: one_shot_handler_runs_at_the_deadline",
                     "uksched_tls: variables_are_distinct_per_thread",
                     "uksched_fpu: floating_point_across_yields"):
            t.expect_in(r.out, "[ PASSED ] " + case, r)
        if build is UKTEST_PREEMPT:
            t.expect_in(r.out, "[ PASSED ] ukschedpreempt: busy_loop_does_not_starve_others", r)
            t.expect_regex(r.out, r"pci 00:00\.0 1b36:0008 class 060000", r)
            t.expect_regex(r.out, r"pci 00:0[0-9a-f]\.0 1af4:1000 class 020000 irq 3[5-8]", r)
            t.expect_in(r.out, "Hello world!", r)


for name, build in (("preemptive scheduler", UKTEST_PREEMPT),
                    ("cooperative scheduler", UKTEST_COOP)):
    @test(f"uktest/linuxu-arm64: every library's tests pass ({name})", needs=NEEDS_USER)
    def _(t, build=build):
        img = t.build(build).image("linuxu", "arm64")
        r = user(t, img, timeout=120)
        t.expect_status(r, 0)
        t.note(check_uktest(t, r))
        t.expect_in(r.out, "Hello world!", r)


# ---------------------------------------------------------------------------
# linuxu-arm64

@test("arm64/linuxu: helloworld prints its arguments, exit status passes", needs=NEEDS_USER)
def _(t):
    img = t.build(HELLO).image("linuxu", "arm64")
    r = user(t, img, "one", "two words", "")
    check_hello(t, r, ["one", "two words", ""], exact=True)
    t.expect_status(r, 0)
    img = t.build(CRASH).image("linuxu", "arm64")
    for n in (0, 3, 42, 255):
        t.expect_status(user(t, img, f"exit:{n}"), n)


# ---------------------------------------------------------------------------
# Crash reports

def symbol(dbg, addr):
    return driver.symbol(dbg, addr, ADDR2LINE)


def frame_names(dbg, addrs):
    return driver.frame_names(dbg, addrs, ADDR2LINE)


KVM_CRASHES = {
    # what: (headline, a function the backtrace must name, more text)
    "null": ("CRASH: data abort: ESR 0x96000006 (class 0x25), FAR 0x0", "deref_null",
             "translation fault on a read (level 2) at address 0x0 (NULL pointer dereference)"),
    "illegal": ("CRASH: undefined instruction: ESR 0x2000000 (class 0x0)", "illegal", ""),
    "stack": ("CRASH: data abort: ESR 0x96000047", "recurse",
              "stack overflow: the address is in the guard page below the boot stack"),
    "bigstack": ("CRASH: data abort: ESR 0x96000047", "recurse_big",
                 "stack overflow: the address is in the guard page below the boot stack"),
    "div0": ("CRASH: integer division by zero (arm64 does not trap: checked explicitly)",
             "divide_by_zero", ""),
    "assert": ("ASSERTION FAILED: argc == 42", "main", ""),
    "crash": ("CRASH: crashtest asked for a crash (2)", "main", ""),
    "abort": ("CRASH: abort() called", "abort", ""),
    # The guest cannot read its symbols: the report gives the address of
    # the failed check's call, which addr2line must name smash_stack.
    "smash": ("CRASH: stack smashing detected: the stack canary of the function at 0x",
              "__stack_chk_fail", "(name it with addr2line -f -e IMAGE.dbg 0x"),
}

for what, (headline, func, more) in KVM_CRASHES.items():
    @test(f"crash/kvm-arm64: {what} gives a crash report and the crash status",
          needs=NEEDS_KVM + [ADDR2LINE])
    def _(t, what=what, headline=headline, func=func, more=more):
        img = t.build(CRASH).image("kvm", "arm64")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_in(r.out, headline, r)
        t.expect_in(r.out, more, r)
        t.expect_in(r.out, "Backtrace:", r)
        if what in ("null", "illegal", "stack"):
            for reg in ("pc", "sp", "esr", "far", "x29", "x30", "x0", "x28"):
                t.expect_regex(r.out, rf"\b{reg} 0x[0-9a-f]{{16}}", r)
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        names = frame_names(img + ".dbg", addrs)
        t.expect(func in names, f"expected {func} among the backtrace's functions "
                 f"{names}", r)
        if what == "smash":
            m = t.expect_regex(r.out, r"the function at (0x[0-9a-f]+) was overwritten", r)
            t.expect(symbol(img + ".dbg", m.group(1)) == "smash_stack",
                     f"{m.group(1)} is not in smash_stack", r)


# Memory protection: arm64 maps code read-only, everything else never
# executable, and leaves low memory unmapped. what: (exception and fault
# as the report words them). The address reported (FAR) must be the one
# crashtest printed.
WX_CRASHES = {
    "write-text": r"data abort: ESR 0x9600004f .*\n  permission fault on a write",
    "write-rodata": r"data abort: ESR 0x9600004f .*\n  permission fault on a write",
    "exec-data": r"instruction abort: ESR 0x8600000[ef] .*\n"
                 r"  permission fault on an? instruction fetch",
    "exec-stack": r"instruction abort: ESR 0x8600000[ef] .*\n"
                  r"  permission fault on an? instruction fetch",
    "exec-heap": r"instruction abort: ESR 0x8600000[ef] .*\n"
                 r"  permission fault on an? instruction fetch",
    "null8k": r"data abort: ESR 0x9600000[4-7] .*\n  translation fault on a read",
}

for what, report in WX_CRASHES.items():
    @test(f"crash/kvm-arm64: {what} gives a report naming the fault and the crash status",
          needs=NEEDS_KVM)
    def _(t, what=what, report=report):
        img = t.build(CRASH).image("kvm", "arm64")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_not_in(r.out, "nothing stopped it", r)
        addr = wx_address(t, r, what)
        t.expect_regex(r.out, rf"CRASH: {report} \(level \d\) at address {addr}\b", r)
        t.expect_regex(r.out, rf"FAR {addr},", r)
        if what == "exec-heap":
            t.expect(int(addr, 16) >= 0x40000000, f"the heap lies outside RAM ({addr})", r)


LINUXU_CRASHES = {
    "null": (11, "SIGSEGV (address not mapped) at address 0x0", "deref_null"),
    "illegal": (4, "SIGILL (illegal instruction)", "illegal"),
    "stack": (11, "SIGSEGV", "recurse"),
    "bigstack": (11, "SIGSEGV", "recurse_big"),
    "div0": (6, "CRASH: integer division by zero", "divide_by_zero"),
    "assert": (6, "ASSERTION FAILED: argc == 42", "main"),
    "abort": (6, "CRASH: abort() called", "abort"),
    "smash": (6, "CRASH: stack smashing detected: the stack canary of smash_stack was "
              "overwritten", "smash_stack"),
    **HOST_WX_CRASHES,
}

for what, (sig, headline, func) in LINUXU_CRASHES.items():
    @test(f"crash/linuxu-arm64: {what} gives a crash report and dies of signal {sig}",
          needs=NEEDS_USER)
    def _(t, what=what, sig=sig, headline=headline, func=func):
        img = t.build(CRASH).image("linuxu", "arm64")
        r = user(t, img, what, timeout=30)
        # qemu-user re-raises the guest's fatal signal on itself.
        t.expect(not r.timed_out and r.status in (-sig, 128 + sig),
                 f"expected death by signal {sig}, got status {r.status}", r)
        t.expect_in(r.out, headline, r)
        if func:
            t.expect_regex(r.out, rf"#\d+\s+0x[0-9a-f]+ {func}\+0x[0-9a-f]+", r)
        if what in ("null", "illegal", "stack"):
            t.expect_regex(r.out, r"\bpc 0x[0-9a-f]{16}", r)


# ---------------------------------------------------------------------------
# Branch protection (CONFIG_ARM64_PAC, CONFIG_ARM64_BTI) where the CPU has it

@test("arm64/kvm: with CONFIG_ARM64_PAC a changed return address stops the image on a CPU "
      "with pointer authentication (-cpu max); without the option, or the CPU feature, it "
      "goes through", needs=NEEDS_KVM)
def _(t):
    img = t.build(CRASH_BP).image("kvm", "arm64")
    r = guest(t, img, "-x", "-cpu", "-x", "max", "-a", "-- pac", timeout=30)
    t.expect_status(r, 255)
    t.expect_not_in(r.out, "hijacked", r)
    t.expect_in(r.out, "pointer authentication failed: 0x", r)
    t.expect_in(r.out, "(a return address was changed)", r)
    # The same CPU and an image without the option: the hijack works.
    r = guest(t, t.build(CRASH).image("kvm", "arm64"), "-x", "-cpu", "-x", "max",
              "-a", "-- pac", timeout=30)
    t.expect_status(r, 3)
    t.expect_in(r.out, "the return address was hijacked: nothing stopped it", r)
    # The option on a CPU without the feature: a warning, and it goes through.
    r = guest(t, img, "-a", "-- pac", timeout=30)
    t.expect_status(r, 3)
    t.expect_in(r.out, "pointer authentication: this CPU has none", r)


@test("arm64/kvm: with CONFIG_ARM64_BTI an indirect call past a landing pad is a branch "
      "target exception (-cpu max); without the option it goes through", needs=NEEDS_KVM)
def _(t):
    img = t.build(CRASH_BP).image("kvm", "arm64")
    r = guest(t, img, "-x", "-cpu", "-x", "max", "-a", "-- bti", timeout=30)
    t.expect_status(r, 255)
    t.expect_in(r.out, "CRASH: branch target exception (an indirect branch to no landing "
                "pad): ESR 0x3", r)
    t.expect_not_in(r.out, "nothing stopped it", r)
    r = guest(t, t.build(CRASH).image("kvm", "arm64"), "-x", "-cpu", "-x", "max",
              "-a", "-- bti", timeout=30)
    t.expect_status(r, 3)
    t.expect_in(r.out, "landed in the middle of a function: nothing stopped it", r)
    r = guest(t, img, "-a", "-- bti", timeout=30)  # cortex-a57: no BTI
    t.expect_status(r, 3)


@test("uktest/kvm-arm64: every test passes with pointer authentication and BTI on "
      "(-cpu max, preemptive scheduler)", needs=NEEDS_KVM)
def _(t):
    img = t.build(UKTEST_BP).image("kvm", "arm64")
    r = qemu(t, img, "-- x", cpu="max", timeout=120)
    t.expect_status(r, 0)
    t.note(check_uktest(t, r))
    t.expect_not_in(r.out, "pointer authentication: this CPU has none", r)
    t.expect_in(r.out, "Hello world!", r)


BIG = Build("arm64-bigimage", "support/test/bigimage",
            ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"])


@test("image/kvm-arm64: 8 MiB of code and 64 MiB of bss boot: the code runs, the bss is "
      "zero and writable (the boot page tables cover any image)", needs=NEEDS_KVM)
def _(t):
    img = t.build(BIG).image("kvm", "arm64")
    r = guest(t, img, "-m", "256M")
    t.expect_status(r, 0)
    t.expect_in(r.out, "bigimage: ran 8 MiB of code", r)
    t.expect_in(r.out, "bigimage: 64 MiB of bss, zero and writable", r)


# Load-address randomisation (CONFIG_KVM_ASLR).
ASLR_LINE = (r"kvm: image at (0x[0-9a-f]+): moved (0x[0-9a-f]+) above its link address, "
             r"one of (\d+) places, chosen with (RNDR|the device tree's seed|"
             r"the counter \(guessable\))")


def kernel_region(t, r):
    """The kernel memory region PRINTK_INFO lists: (start, end)."""
    m = t.expect_regex(r.out, r"memory ([0-9a-f]{16})-([0-9a-f]{16}) kernel +flags 0x04", r)
    return int(m.group(1), 16), int(m.group(2), 16)


@test("aslr/kvm-arm64: with CONFIG_KVM_ASLR helloworld runs moved, at a different "
      "address each boot (RNDR, the device tree's seed, or the counter); off, at "
      "0x40200000", needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO_ASLR).image("kvm", "arm64")
    seen = set()
    for i, (cpu, machine, source) in enumerate((
            ("cortex-a57", "virt", "the device tree's seed"),  # QEMU's rng-seed
            ("max", "virt", "RNDR"),
            ("cortex-a57", "virt,dtb-randomness=off", "the counter (guessable)"))):
        r = qemu(t, img, f"-- boot{i}", cpu=cpu, machine=machine)
        check_hello(t, r, [f"boot{i}"])
        m = t.expect_regex(r.out, ASLR_LINE, r)
        at, off = int(m.group(1), 16), int(m.group(2), 16)
        t.expect(m.group(4) == source, f"-cpu {cpu} -M {machine}: expected {source}", r)
        t.expect(at == 0x40200000 + off and off > 0 and at % 4096 == 0,
                 f"implausible place {m.group(0)}", r)
        t.expect(kernel_region(t, r)[0] == at, "the kernel region is not where the image is", r)
        seen.add(at)
    t.note(f"places: {m.group(3)}; addresses seen: {sorted(hex(a) for a in seen)}")
    t.expect(len(seen) >= 2, f"three boots all at {seen}")
    r = qemu(t, t.build(HELLO_INFO).image("kvm", "arm64"), "-- fixed")
    check_hello(t, r, ["fixed"])
    t.expect(kernel_region(t, r)[0] == 0x40200000, "without CONFIG_KVM_ASLR the image "
             "should run at 0x40200000", r)
    t.expect_not_in(r.out, "kvm: image at", r)


@test("aslr/kvm-arm64: the moved image stays clear of the initrd and the device tree",
      needs=NEEDS_KVM)
def _(t):
    img = t.build(HELLO_ASLR).image("kvm", "arm64")
    initrd = os.path.join(HELLO_ASLR.dir, "initrd-aslr.bin")
    with open(initrd, "wb") as f:
        f.write(bytes(range(256)) * (16 * 4096))  # 16 MiB
    for i in range(3):
        r = qemu(t, img, f"-- rd{i}", extra=["-initrd", initrd])
        check_hello(t, r, [f"rd{i}"])
        t.expect_regex(r.out, ASLR_LINE, r)
        regs = [(int(b, 16), int(e, 16), n) for b, e, n in re.findall(
            r"memory ([0-9a-f]{16})-([0-9a-f]{16}) (\S+) ", r.out)]
        k = kernel_region(t, r)
        for b, e, n in regs:
            if n not in ("kernel", "ram"):
                t.expect(e <= k[0] or k[1] <= b, f"the image {k} overlaps {n} {b:#x}-{e:#x}", r)
        t.expect([g for g in regs if g[2] == "initrd"], "no initrd region", r)


for what, (headline, func, more) in list(KVM_CRASHES.items()) + [
        (w, (None, None, None)) for w in WX_CRASHES]:
    @test(f"aslr/kvm-arm64: crashtest {what} with CONFIG_KVM_ASLR: its report, the load "
          "offset, the functions named", needs=NEEDS_KVM + [ADDR2LINE])
    def _(t, what=what, headline=headline, func=func, more=more):
        img = t.build(CRASH_ASLR).image("kvm", "arm64")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_not_in(r.out, "nothing stopped it", r)
        m = t.expect_regex(r.out, r"^Image load offset: (0x[0-9a-f]+) \(subtract it", r)
        t.expect(int(m.group(1), 16) > 0, "the image was not moved", r)
        if headline is None:
            addr = wx_address(t, r, what)
            t.expect_regex(r.out, rf"CRASH: {WX_CRASHES[what]} \(level \d\) at address "
                           rf"{addr}\b", r)
            return
        t.expect_in(r.out, headline, r)
        t.expect_in(r.out, more, r)
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        names = frame_names(img + ".dbg", driver.link_addrs(r.out, addrs))
        t.expect(func in names, f"expected {func} among the backtrace's functions {names}", r)
        if what == "smash":
            m = t.expect_regex(r.out, r"the function at (0x[0-9a-f]+) was overwritten", r)
            a = driver.link_addrs(r.out, [m.group(1)])[0]
            t.expect(symbol(img + ".dbg", a) == "smash_stack", f"{a} is not in smash_stack", r)
            m = t.expect_regex(r.out, r"addr2line -f -e IMAGE\.dbg (0x[0-9a-f]+)\)", r)
            t.expect(symbol(img + ".dbg", m.group(1)) == "smash_stack",
                     f"the hint's {m.group(1)} (the offset taken off) is not in smash_stack", r)
