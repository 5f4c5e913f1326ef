# SPDX-License-Identifier: BSD-3-Clause
"""kvm-x86_64: boot under qemu-system-x86_64 (TCG here), console, exit
status, command line, crash reports, memory, PCI, the launcher."""

import os
import re

from crashcases import wx_address
from driver import (ROOT, TESTS_DIR, Build, TestFailure, frame_names, launcher_accel,
                    link_addrs, symbol, test)

QEMU = "qemu-system-x86_64"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]

HELLO = Build("kvm-x86_64-hello", "apps/helloworld", KVM)
UKTEST = Build("kvm-x86_64-uktest", "apps/helloworld",
               KVM + ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"])
UKTEST_PCI = Build("kvm-x86_64-uktest-pci", "apps/helloworld",
                   KVM + ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y",
                          "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y",
                          "CONFIG_LIBUKDEBUG_PRINTK_DEBUG=y"])
CRASH = Build("kvm-x86_64-crash", "apps/crashtest", KVM)
CRASH_STAMPS = Build("kvm-x86_64-crash-stamps", "apps/crashtest",
                     KVM + ["CONFIG_KVM_BOOT_STAMPS=y"])
# Without page protection (CONFIG_KVM_WX, on by default).
HELLO_NOWX = Build("kvm-x86_64-hello-nowx", "apps/helloworld",
                   KVM + ["# CONFIG_KVM_WX is not set"])
CRASH_NOWX = Build("kvm-x86_64-crash-nowx", "apps/crashtest",
                   KVM + ["# CONFIG_KVM_WX is not set"])
MARCH_V2 = Build("kvm-x86_64-hello-v2", "apps/helloworld",
                 KVM + ["CONFIG_MARCH_X86_64_V2=y"])
OPTIONS = Build("kvm-x86_64-hello-options", "apps/helloworld",
                KVM + ["CONFIG_KVM_BOOT_STAMPS=y", "CONFIG_KVM_VGA_CONSOLE=y",
                       "CONFIG_KVM_MULTIBOOT=y",
                       "CONFIG_OPTIMIZE_SIZE=y", "CONFIG_KVM_STACK_SIZE=16",
                       "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])

# Load-address randomisation (CONFIG_KVM_ASLR, off by default); info level
# prints where the image runs.
HELLO_ASLR = Build("kvm-x86_64-hello-aslr", "apps/helloworld",
                   KVM + ["CONFIG_KVM_ASLR=y", "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])
CRASH_ASLR = Build("kvm-x86_64-crash-aslr", "apps/crashtest", KVM + ["CONFIG_KVM_ASLR=y"])
UKTEST_ASLR = Build("kvm-x86_64-uktest-aslr", "apps/helloworld",
                    KVM + ["CONFIG_KVM_ASLR=y", "CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y",
                           "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])

# A command-line buffer larger than QEMU's PVH loader holds (4 KiB).
BIGCMD = Build("kvm-x86_64-hello-cmdline64k", "apps/helloworld",
               KVM + ["CONFIG_KVM_CMDLINE_MAX=65536"])

ECHO_APP = os.path.join(TESTS_DIR, "kvm-x86_64-echo-app")
ECHO = Build("kvm-x86_64-echo", ECHO_APP, KVM)

TIMEOUT = 60  # seconds for one QEMU run (a boot takes well under 1 s)


def qemu(t, img, append=None, machine="pc", mem="64M", extra=(), exit_dev=True,
         timeout=TIMEOUT, **kw):
    """Run QEMU directly (not the launcher); r.status is QEMU's own status."""
    cmd = [QEMU, "-M", machine, "-accel", "tcg", "-m", mem, "-nodefaults",
           "-no-user-config", "-no-reboot", "-display", "none", "-serial", "stdio",
           "-kernel", img]
    if exit_dev:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if append is not None:
        cmd += ["-append", append]
    r = t.run(cmd + list(extra), timeout=timeout, **kw)
    r.out = r.out.replace("\r\n", "\n")
    return r


def guest(t, img, *args, timeout=TIMEOUT, **kw):
    """Run the image through the launcher."""
    r = t.run([LAUNCHER, "-q", "-k", img] + list(args), timeout=timeout, **kw)
    r.out = r.out.replace("\r\n", "\n")
    return r


def check_hello(t, r, args):
    want = "Hello world!\n" + "".join(f"Argument {i}: {a}\n" for i, a in enumerate(args, 1))
    if r.timed_out or want not in r.out:
        t.fail(f"expected {want!r} in the console output", r)


for machine in ("pc", "q35", "microvm"):
    @test(f"helloworld/kvm-x86_64: boots on {machine}, prints -append arguments, "
          "QEMU exits 1 (main returned 0)", needs=[QEMU])
    def _(t, machine=machine):
        img = t.build(HELLO).image("kvm")
        r = qemu(t, img, "-- one 'two words' \"x\\\"y\"", machine=machine)
        check_hello(t, r, ["one", "two words", 'x"y'])
        t.expect_status(r, 1)


@test("helloworld/kvm-x86_64: main's status through the launcher (0, 3, 126, >126)",
      needs=[QEMU])
def _(t):
    img = t.build(CRASH).image("kvm")
    for n, want in ((0, 0), (3, 3), (126, 126), (200, 126)):
        r = guest(t, img, "-a", f"-- exit:{n}")
        t.expect_status(r, want)
        t.expect_in(r.out, f"crashtest: exit:{n}", r)
    t.expect_in(r.out, "exit status 200 does not fit isa-debug-exit", r)
    # The raw mapping: status s -> QEMU exits with 2s+1.
    r = qemu(t, img, "-- exit:3")
    t.expect_status(r, 7)


@test("helloworld/kvm-x86_64: the image is small and boots with -m 1536K", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    size = os.path.getsize(img)
    t.note(f"stripped image {size} B")
    r = qemu(t, img, "-- small", mem="1536K")
    check_hello(t, r, ["small"])
    t.expect_status(r, 1)


@test("helloworld/kvm-x86_64: too little memory for the image is a clear error",
      needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    # RAM ends inside the image's bss and stack: the entry code notices.
    r = qemu(t, img, mem="1090K", timeout=30)
    t.expect(not r.timed_out, "no reboot loop or hang expected", r)
    t.expect_in(r.out, "kvm: not enough memory", r)
    t.expect_status(r, 255)
    # The launcher refuses before starting QEMU.
    r = guest(t, img, "-m", "1M")
    t.expect_status(r, 252)
    t.expect_in(r.err, "is too small", r)


@test("helloworld/kvm-x86_64: kernel parameters before --, bad ones exit 64", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    r = guest(t, img, "-a", "-- a -- b")
    t.expect_status(r, 0)
    check_hello(t, r, ["a", "--", "b"])
    r = guest(t, img, "-a", "nosuch.param=1 -- x")
    t.expect_status(r, 64)
    t.expect_in(r.out, "unknown kernel parameter 'nosuch.param'", r)
    t.expect_not_in(r.out, "Hello world!", r)
    r = qemu(t, img, "noequals --")
    t.expect_status(r, 129)  # 2 * 64 + 1
    t.expect_in(r.out, "not of the form name=value", r)


@test("helloworld/kvm-x86_64: a malformed command line is a clear error", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    for line, msg in (("-- 'unterminated", "a quote is never closed"),
                      ("-- trailing\\", "a quote is never closed, or it ends in a backslash"),
                      ("-- " + " ".join(["w"] * 70), "more than 64 words")):
        r = guest(t, img, "-a", line)
        t.expect_status(r, 64)
        t.expect_in(r.out, "bad kernel command line: " + msg, r)
        t.expect_not_in(r.out, "Hello world!", r)
    r = guest(t, img, "-a", "-- " + " ".join(["w"] * 62))  # 64 with argv[0] and --
    t.expect_status(r, 0)


def long_line(n):
    """A command line of exactly n bytes: "-- " and one long argument."""
    return "-- " + "x" * (n - 3)


LIMIT_MSG = "this image takes at most 2047 (CONFIG_KVM_CMDLINE_MAX=2048, NUL included)"
OVERWRITTEN_MSG = ("kvm: the PVH start info is overwritten with text: the kernel command line "
                   "was longer than the boot loader could hold (QEMU's PVH loader: 4095 bytes)")


@test("cmdline/kvm-x86_64: lines of 4, 16 and 64 KiB: the launcher refuses them, the guest "
      "gives its limit error", needs=[QEMU], timeout=240)
def _(t):
    img = t.build(HELLO).image("kvm")
    # The limit itself: 2047 bytes boot, 2048 do not.
    r = guest(t, img, "-a", long_line(2047))
    t.expect_status(r, 0)
    check_hello(t, r, ["x" * 2044])
    for n in (2048, 4096, 16384, 65536):
        r = guest(t, img, "-a", long_line(n))
        t.expect_status(r, 252)
        t.expect_in(r.err, f"qemu-guest: the command line (-a) is {n} bytes; {img} takes at "
                           "most 2047 (CONFIG_KVM_CMDLINE_MAX=2048, NUL included)", r)
        t.expect(r.out == "", "nothing may run", r)
    # QEMU without the launcher. 4 KiB arrives whole: the guest measures it.
    r = qemu(t, img, long_line(4096))
    t.expect_status(r, 129)  # 2 * 64 + 1
    t.expect_in(r.out, "kvm: the command line is 4096 bytes; " + LIMIT_MSG, r)
    # 16 KiB: QEMU's PVH option ROM copied it over the start info.
    r = qemu(t, img, long_line(16384))
    t.expect_status(r, 129)
    t.expect_in(r.out, OVERWRITTEN_MSG, r)
    t.expect_in(r.out, "CONFIG_KVM_CMDLINE_MAX=2048 bytes", r)
    # 64 KiB: QEMU 7.2 overwrites its option ROM's stack and never starts
    # the guest (from 23,832 bytes here); the run is bounded and must show
    # either the guest's error or nothing at all, never a boot.
    r = qemu(t, img, long_line(65536), timeout=15)
    if not r.timed_out:
        t.expect_status(r, 129)
        t.expect_in(r.out, "kvm: ", r)
    t.expect_not_in(r.out, "Hello world!", r)
    t.note("64 KiB given to QEMU directly: " +
           ("QEMU hung, killed after 15 s" if r.timed_out else f"status {r.status}"))


@test("cmdline/kvm-x86_64: an image taking 64 KiB: QEMU's 4 KiB PVH buffer is the limit on pc, "
      "not on microvm", needs=[QEMU])
def _(t):
    img = t.build(BIGCMD).image("kvm")
    initrd = os.path.join(TESTS_DIR, "kvm-x86_64-cmdline-initrd.bin")
    with open(initrd, "wb") as f:
        f.write(b"\xa5" * 1000)
    # 4095 bytes: QEMU's buffer with the NUL; one more and the module
    # list QEMU writes after it lands in the line: the guest notices.
    r = qemu(t, img, long_line(4095), extra=["-initrd", initrd])
    t.expect_status(r, 1)
    check_hello(t, r, ["x" * 4092])
    r = qemu(t, img, long_line(4096), extra=["-initrd", initrd])
    t.expect_status(r, 129)
    t.expect_in(r.out, "kvm: the command line runs into the boot information after it: it "
                       "was longer than the boot loader could hold (QEMU's PVH loader: 4095 "
                       "bytes); this image takes at most 65535", r)
    r = guest(t, img, "-a", long_line(4096))
    t.expect_status(r, 252)
    t.expect_in(r.err, "the command line (-a) is 4096 bytes; QEMU's PVH loader on pc holds "
                       "at most 4095", r)
    r = guest(t, img, "-M", "q35", "-a", long_line(16384))
    t.expect_status(r, 252)
    # microvm's firmware hands 16 KiB over whole.
    r = guest(t, img, "-M", "microvm", "-a", long_line(16384))
    t.expect_status(r, 0)
    check_hello(t, r, ["x" * 16381])
    r = guest(t, img, "-M", "microvm", "-a", long_line(65536))
    t.expect_status(r, 252)
    t.expect_in(r.err, "takes at most 65535 (CONFIG_KVM_CMDLINE_MAX=65536", r)


@test("cpu/kvm-x86_64: a CPU without long mode (-cpu qemu32) is a clear error",
      needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    msg = "kvm: the CPU has no long mode (CPUID 0x80000001 EDX bit 29)"
    r = guest(t, img, "-x", "-cpu", "-x", "qemu32", "-t", "30", timeout=40)
    t.expect_status(r, 255)
    t.expect_in(r.out, msg, r)
    t.expect_not_in(r.out, "Hello world!", r)
    r = qemu(t, img, extra=["-cpu", "qemu32"], timeout=30)
    t.expect_status(r, 255)  # the crash status, not a silent triple fault
    t.expect_in(r.out, msg, r)


@test("cpu/kvm-x86_64: a CPU without NX (-cpu qemu64,-nx) is a clear error; "
      "an image without CONFIG_KVM_WX boots there", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    r = guest(t, img, "-x", "-cpu", "-x", "qemu64,-nx", "-t", "30", timeout=40)
    t.expect_status(r, 255)
    t.expect_in(r.out, "kvm: the CPU lacks no-execute pages (NX, CPUID 0x80000001 EDX "
                "bit 20), which the page tables use", r)
    t.expect_in(r.out, "CONFIG_KVM_WX", r)
    t.expect_not_in(r.out, "Hello world!", r)
    nowx = t.build(HELLO_NOWX).image("kvm")
    r = guest(t, nowx, "-x", "-cpu", "-x", "qemu64,-nx", "-a", "-- nx")
    check_hello(t, r, ["nx"])
    t.expect_status(r, 0)
    # No page alignment of the sections there: a smaller file.
    t.expect(os.path.getsize(nowx) < os.path.getsize(img),
             f"the image without W^X ({os.path.getsize(nowx)} B) should be smaller "
             f"than the one with it ({os.path.getsize(img)} B)")


@test("cpu/kvm-x86_64: an -march=x86-64-v2 image names what a CPU lacks (qemu64: SSSE3)",
      needs=[QEMU])
def _(t):
    img = t.build(MARCH_V2).image("kvm")
    r = guest(t, img, "-x", "-cpu", "-x", "qemu64", "-t", "30", timeout=40)
    t.expect_status(r, 255)
    t.expect_in(r.out, "kvm: the CPU lacks SSSE3, which the image is compiled to use "
                "(-march=x86-64-v2)", r)
    t.expect_not_in(r.out, "Hello world!", r)
    for cpu in ("Nehalem", "max"):  # both have every x86-64-v2 feature
        r = guest(t, img, "-x", "-cpu", "-x", cpu, "-a", f"-- {cpu}")
        check_hello(t, r, [cpu])
        t.expect_status(r, 0)


def check_uktest(t, r):
    summary = t.check_uktest(r)
    t.expect_in(r.out, "Hello world!", r)
    t.expect_status(r, 1)
    return summary


for machine in ("pc", "microvm"):
    @test(f"uktest/kvm-x86_64: every library's and the platform's tests pass ({machine})",
          needs=[QEMU])
    def _(t, machine=machine):
        img = t.build(UKTEST).image("kvm")
        r = qemu(t, img, "-- x", machine=machine)
        t.note(check_uktest(t, r))
        for case in ("kvm_timer: halt_until_a_deadline_2ms_ahead",
                     "kvm_memregion: booted_regions", "kvm_cmdline: malformed_lines_are_errors",
                     "kvm_x86_irq: rtc_periodic_interrupt_reaches_its_handler",
                     "kvm_x86_tsc: monotonic_clock_keeps_time_with_the_rtc"):
            t.expect_in(r.out, "[ PASSED ] " + case, r)


@test("uktest/kvm-x86_64: with ukbus and PCI, tests pass and devices are listed, "
      "also behind a bridge (pc, q35)", needs=[QEMU])
def _(t):
    img = t.build(UKTEST_PCI).image("kvm")
    nic = ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0"]
    # A virtio-rng behind a PCI-PCI bridge (pc) or a PCIe root port (q35):
    # the firmware numbers the secondary bus 1, the scan must follow it.
    behind = {
        "pc": (["-device", "pci-bridge,chassis_nr=1,id=b1",
                "-device", "virtio-rng-pci,bus=b1,addr=3"],
               r"pci 00:0[0-9a-f]\.0 1b36:0001 class 060400", r"pci 01:03\.0 1af4:1005"),
        "q35": (["-device", "pcie-root-port,id=rp1,chassis=1",
                 "-device", "virtio-rng-pci,bus=rp1"],
                r"pci 00:0[0-9a-f]\.0 1b36:000c class 060400", r"pci 01:00\.0 1af4:1044"),
    }
    for machine, bridge in (("pc", "8086:1237"), ("q35", "8086:29c0")):
        more, pci_bridge, rng = behind[machine]
        r = qemu(t, img, "-- x", machine=machine, extra=nic + more)
        check_uktest(t, r)
        t.expect_in(r.out, "[ PASSED ] pci: enumeration_binds_the_host_bridge", r)
        t.expect_in(r.out, "[ PASSED ] pci: devices_behind_bridges_follow_their_bridge", r)
        t.expect_regex(r.out, rf"pci 00:00\.0 {bridge} class 060000", r)
        t.expect_regex(r.out, r"pci 00:0[0-9a-f]\.0 1af4:1000 class 020000", r)
        t.expect_in(r.out, "pci 00:00.0: driver uktest-host-bridge", r)
        m_bridge = t.expect_regex(r.out, pci_bridge, r)
        m_rng = t.expect_regex(r.out, rng + r" class 00ff00", r)
        t.expect(m_bridge.start() < m_rng.start(),
                 "the bridge should be listed before the device behind it", r)


CRASHES = {
    # what: (headline, a function the backtrace must name, more text)
    "null": ("CRASH: page fault (#PF): vector 14, error code 0x0, CR2 0x0",
             "deref_null",
             "NULL page: read at address 0x0 (below 64 KiB: NULL pointer dereference)"),
    "div0": ("CRASH: divide error (#DE): vector 0, error code 0x0", "divide_by_zero", ""),
    "stack": ("CRASH: page fault (#PF): vector 14, error code 0x2", "recurse",
              "(the boot stack's guard page)\n"
              "  stack overflow: the address is in the guard page below the boot stack"),
    # 128 KiB frames: the stack probes (-fstack-clash-protection) hit the
    # guard page; without them the frame's first write would jump over it.
    "bigstack": ("CRASH: page fault (#PF): vector 14", "recurse_big",
                 "stack overflow: the address is in the guard page below the boot stack"),
    "illegal": ("CRASH: invalid opcode (#UD): vector 6", "illegal", ""),
    "assert": ("ASSERTION FAILED: argc == 42", "main", ""),
    "crash": ("CRASH: crashtest asked for a crash (2)", "main", ""),
    "abort": ("CRASH: abort() called", "abort", ""),
    # The guest cannot read its symbols: the report gives the address.
    # The guest cannot read its symbols: the report gives the address of
    # the failed check's call, which addr2line must name smash_stack.
    "smash": ("CRASH: stack smashing detected: the stack canary of the function at 0x",
              "__stack_chk_fail", "(name it with addr2line -f -e IMAGE.dbg 0x"),
}

for what, (headline, func, more) in CRASHES.items():
    @test(f"crash/kvm-x86_64: {what} gives a crash report and the crash status",
          needs=[QEMU, "addr2line"])
    def _(t, what=what, headline=headline, func=func, more=more):
        img = t.build(CRASH).image("kvm")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_in(r.out, headline, r)
        t.expect_in(r.out, more, r)
        t.expect_in(r.out, "Backtrace:", r)
        if what in ("null", "div0", "stack", "bigstack", "illegal"):
            t.expect_regex(r.out, r"CR2 0x[0-9a-f]+", r)
            for reg in ("rip", "rsp", "rbp", "rflags", "rax", "r15"):
                t.expect_regex(r.out, rf"{reg} 0x[0-9a-f]{{16}}", r)
        # The bare addresses name the right functions in the .dbg image.
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        names = frame_names(img + ".dbg", addrs)
        t.expect(func in names, f"expected {func} among the backtrace's functions "
                 f"{names}", r)
        if what == "smash":
            m = t.expect_regex(r.out, r"the function at (0x[0-9a-f]+) was overwritten", r)
            t.expect(symbol(img + ".dbg", m.group(1)) == "smash_stack",
                     f"{m.group(1)} is not in smash_stack", r)


# Memory protection (CONFIG_KVM_WX, on by default): what: (error code,
# the report's kind and access, what it says of the address, a function
# the report must name: for a fetch, the caller, from the return address
# on top of the stack). The address the report names must be the one
# crashtest printed (CR2); an instruction fetch faults at it (rip).
WX_CRASHES = {
    "write-text": ("0x3", "write to read-only memory: write", " (the image's code)",
                   "write_to"),
    "write-rodata": ("0x3", "write to read-only memory: write",
                     " (the image's read-only data)", "write_to"),
    "exec-data": ("0x11", "execute of non-executable memory: instruction fetch",
                  " (the image's data)", "exec_at"),
    "exec-stack": ("0x11", "execute of non-executable memory: instruction fetch",
                   " (the boot stack)", "exec_at"),
    "exec-heap": ("0x11", "execute of non-executable memory: instruction fetch", "",
                  "exec_at"),
    "null8k": ("0x0", "NULL page: read",
               " (below 64 KiB: NULL pointer dereference)", "deref_null8k"),
}

for what, (code, kind, where, func) in WX_CRASHES.items():
    @test(f"crash/kvm-x86_64: {what} gives a report naming the kind and the crash status",
          needs=[QEMU, "addr2line"])
    def _(t, what=what, code=code, kind=kind, where=where, func=func):
        img = t.build(CRASH).image("kvm")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_not_in(r.out, "nothing stopped it", r)
        addr = wx_address(t, r, what)
        t.expect_in(r.out, "CRASH: page fault (#PF): vector 14, "
                    f"error code {code}, CR2 {addr}\n", r)
        t.expect_in(r.out, f"\n  {kind} at address {addr}{where}\n", r)
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        if what.startswith("exec-"):
            t.expect_regex(r.out, rf"rip 0x0*{addr[2:]}\b", r)
            m = re.search(r"^  on top of the stack \(the return address, if it was a "
                          r"call\): (0x[0-9a-f]+)$", r.out, re.M)
            t.expect(m, "no return address for the fetch fault", r)
            addrs = [m.group(1)] if m else []
        if what == "exec-heap":
            t.expect(int(addr, 16) >= 0x100000, f"the heap lies below 1 MiB ({addr})", r)
        names = frame_names(img + ".dbg", addrs)
        t.expect(func in names, f"expected {func} among the report's functions "
                 f"{names}", r)


@test("crash/kvm-x86_64: without CONFIG_KVM_WX code is writable and data executable; "
      "the first 64 KiB still fault", needs=[QEMU])
def _(t):
    img = t.build(CRASH_NOWX).image("kvm")
    for what, said in (("write-text", "wrote to code"), ("exec-data", "executed code in data"),
                       ("exec-heap", "executed code in the heap")):
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_in(r.out, f"crashtest: {said}: nothing stopped it", r)
        t.expect_status(r, 3)
    r = guest(t, img, "-a", "-- null8k", timeout=30)
    t.expect_status(r, 255)
    t.expect_in(r.out, "  NULL page: read at address 0x2000 (below 64 KiB", r)


@test("crash/kvm-x86_64: raw QEMU status of a crash is 255, of a usage error 129",
      needs=[QEMU])
def _(t):
    img = t.build(CRASH).image("kvm")
    t.expect_status(qemu(t, img, "-- div0"), 255)
    t.expect_status(qemu(t, img, "bad --"), 129)


for machine in ("pc", "q35", "microvm"):
    @test(f"shutdown/kvm-x86_64: without isa-debug-exit the guest powers off ({machine})",
          needs=[QEMU])
    def _(t, machine=machine):
        img = t.build(HELLO).image("kvm")
        r = qemu(t, img, "-- off", machine=machine, exit_dev=False, timeout=30)
        check_hello(t, r, ["off"])
        t.expect_status(r, 0)  # ACPI S5: QEMU exits normally


def check_regions(t, r, initrd_len):
    """The memory regions PRINTK_INFO lists: the image at 1 MiB, one
    initrd region of initrd_len bytes, a command line; free RAM in whole
    pages, overlapping no other region."""
    regs = [(int(b, 16), int(e, 16), name, int(fl, 16)) for b, e, name, fl in re.findall(
        r"memory ([0-9a-f]{16})-([0-9a-f]{16}) (\S+) +flags 0x([0-9a-f]+)", r.out)]
    t.expect(regs, "no memory regions listed", r)
    names = [g[2] for g in regs]
    t.expect(any(g[2] == "kernel" and g[0] == 0x100000 and g[3] == 0x04 for g in regs),
             f"no kernel region at 0x100000 with flags 0x04: {regs}", r)
    initrd = [g for g in regs if g[2] == "initrd"]
    t.expect(len(initrd) == 1 and initrd[0][1] - initrd[0][0] == initrd_len
             and initrd[0][3] == 0x20,
             f"expected one initrd region of {initrd_len} bytes, flags 0x20: {initrd}", r)
    t.expect("cmdline" in names, f"no cmdline region: {names}", r)
    free = [g for g in regs if g[3] == 0x01]
    t.expect(free, "no free RAM", r)
    for f in free:
        t.expect(f[0] % 4096 == 0 and f[1] % 4096 == 0 and f[0] >= 4096,
                 f"free region not in whole pages, or page 0: {f}", r)
        for g in regs:
            if g is not f:
                t.expect(f[1] <= g[0] or g[1] <= f[0], f"free region {f} overlaps {g}", r)


@test("options/kvm-x86_64: boot stamps, VGA console, -Os, 16 KiB stack, initrd region",
      needs=[QEMU])
def _(t):
    img = t.build(OPTIONS).image("kvm")
    initrd = os.path.join(OPTIONS.dir, "initrd.bin")
    with open(initrd, "wb") as f:
        f.write(bytes(range(256)) * 40)  # 10240 bytes
    r = qemu(t, img, "-- opt", extra=["-initrd", initrd])
    check_hello(t, r, ["opt"])
    t.expect_status(r, 1)
    m = t.expect_regex(r.out, r"kvm: boot tsc first=(\d+) main=(\d+) exit=(\d+) "
                       r"tsc_khz=(\d+)", r)
    first, main, end, khz = (int(x) for x in m.groups())
    t.expect(0 < first < main < end and khz > 0, f"implausible stamps {m.group(0)}", r)
    t.note(f"first instruction to main: {(main - first) / khz * 1000:.0f} us (TCG)")
    check_regions(t, r, 10240)  # PRINTK_INFO lists the regions


@test("clock/kvm-x86_64: no PIT and no CPUID frequency: one clear crash, no exit loop",
      needs=[QEMU])
def _(t):
    img = t.build(CRASH_STAMPS).image("kvm")
    nopit = ["-M", "microvm", "-x", "-M", "-x", "microvm,pit=off", "-t", "30"]
    # The first clock reading finds no way to tell the TSC frequency. On the
    # way out the boot-stamp report asks again: it must not crash (again).
    r = guest(t, img, *nopit, "-a", "-- wait:5", timeout=40)
    t.expect_status(r, 255)
    msg = "cannot tell the TSC frequency: CPUID has no frequency leaf"
    t.expect_in(r.out, msg + " (0x40000010, 0x15, 0x16) and there is no PIT", r)
    t.expect(r.out.count(msg) == 1, "the crash message should appear once", r)
    t.expect_in(r.out, "tsc_khz=0", r)
    t.expect_not_in(r.out, "waited", r)
    # Without a clock reading the program's status survives the report.
    r = guest(t, img, *nopit, "-a", "-- exit:3", timeout=40)
    t.expect_status(r, 3)
    t.expect_in(r.out, "tsc_khz=0: the TSC frequency is unknown", r)
    # With a PIT the same wait works.
    r = guest(t, img, "-a", "-- wait:5")
    t.expect_status(r, 0)
    t.expect_in(r.out, "crashtest: waited 5 ms", r)
    t.expect_regex(r.out, r"tsc_khz=[1-9]\d*$", r)


def write_echo_app():
    os.makedirs(ECHO_APP, exist_ok=True)
    files = {
        "Makefile.uk": "$(eval $(call addlib,appecho))\n"
                       "APPECHO_SRCS-y += $(APPECHO_BASE)/main.c\n",
        "Config.uk": "config APPECHO\n\tbool\n\tdefault y\n\tselect LIBNOLIBC if !HAVE_LIBC\n",
        "main.c": "#include <stdio.h>\n"
                  "int main(void)\n{\n\tchar line[64];\n\n"
                  "\tprintf(\"ready\\n\");\n"
                  "\tif (!fgets(line, sizeof(line), stdin))\n\t\treturn 9;\n"
                  "\tprintf(\"echo: %s\", line);\n\treturn 0;\n}\n",
    }
    for name, text in files.items():
        path = os.path.join(ECHO_APP, name)
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)


@test("console/kvm-x86_64: stdin reads from the serial port", needs=[QEMU])
def _(t):
    write_echo_app()
    img = t.build(ECHO).image("kvm")
    r = guest(t, img, stdin="pipe", input="hello from the host\n", timeout=30)
    t.expect_status(r, 0)
    t.expect_in(r.out, "echo: hello from the host\n", r)


@test("launcher/kvm-x86_64: --help, --dry-run, bad options, timeout", needs=[QEMU])
def _(t):
    img = t.build(HELLO).image("kvm")
    r = t.run([LAUNCHER, "--help"])
    t.expect_status(r, 0)
    for opt in ("--kernel", "--append", "--memory", "--initrd", "--disk", "--net",
                "--share", "--machine", "--accel", "--gdb", "--wait-gdb", "--vga",
                "--timeout", "--qemu-arg", "--quiet", "--dry-run", "255", "isa-debug-exit"):
        t.expect_in(r.out, opt, r)
    r = t.run([LAUNCHER, "-k", img, "--dry-run", "-m", "32M", "-a", "-- a b", "-n", "user",
               "-e", TESTS_DIR, "-s", "-M", "q35"])
    t.expect_status(r, 0)
    for part in ("qemu-system-x86_64 ", "-M q35", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                 f"-kernel {img}", "-append '-- a b'", "-m 32768K", "virtio-net-pci",
                 "virtio-9p-pci", "-gdb tcp::1234", "-serial stdio", "-no-reboot"):
        t.expect_in(r.out, part, r)
    r = t.run([LAUNCHER, "-k", img, "--dry-run", "-M", "microvm", "-n", "user"])
    t.expect_in(r.out, "virtio-net-device", r)
    r = t.run([LAUNCHER, "-k", img])
    t.expect_in(r.err, "using KVM" if launcher_accel(img) == "kvm" else "TCG", r)
    for bad, msg in ((["-k", img, "--bogus"], "unknown option --bogus"),
                     ([], "no image given"),
                     (["-k", "/nonexistent"], "cannot read the image"),
                     (["-k", "/etc/hostname"], "ELF file"),
                     (["-k", img, "-m", "lots"], "bad memory size"),
                     (["-k", img, "-M", "isapc"], "unknown machine 'isapc'"),
                     (["-k", img, "-n", "bridge"], "bad --net"),
                     (["-k", img, "-S"], "needs -s"),
                     (["-k", img, "-d", "/nonexistent.img"], "does not exist")):
        r = t.run([LAUNCHER] + bad)
        t.expect_status(r, 252)
        t.expect_in(r.err, msg, r)
    linuxu = os.path.join(ROOT, "support", "scripts", "qemu-guest")  # not an ELF at all
    r = t.run([LAUNCHER, "-k", linuxu])
    t.expect_status(r, 252)
    r = t.run([LAUNCHER, "-q", "-k", img, "--", "-bogus-qemu-option"])
    t.expect_status(r, 254)
    t.expect_in(r.err, "QEMU failed", r)
    r = t.run([LAUNCHER, "-q", "-k", img, "-t", "0.01"], timeout=30)
    t.expect_status(r, 253)
    t.expect_in(r.err, "timed out", r)


# A PVH kernel that triple faults at once (no IDT, then int3): with
# -no-reboot QEMU exits with 0, and the guest has written no status.
TRIPLE_FAULT_S = r"""
	.section .note.pvh, "a", @note
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long entry
	.text
	.code32
	.globl entry
entry:
	lidt no_idt
	int3
no_idt:
	.word 0
	.long 0
"""


@test("launcher/kvm-x86_64: a guest that stops without a status (triple fault) gives 254",
      needs=[QEMU, "gcc", "ld"])
def _(t):
    d = os.path.join(TESTS_DIR, "kvm-x86_64-triplefault")
    os.makedirs(d, exist_ok=True)
    src, obj, img = (os.path.join(d, n) for n in ("triple.S", "triple.o", "triple"))
    with open(src, "w") as f:
        f.write(TRIPLE_FAULT_S)
    for cmd in (["gcc", "-c", src, "-o", obj],
                ["ld", "-m", "elf_x86_64", "-Ttext", "0x100000", "-e", "entry",
                 "-z", "max-page-size=4096", "-o", img, obj]):
        r = t.run(cmd)
        t.expect_status(r, 0)
    r = qemu(t, img, timeout=30)
    t.expect_status(r, 0)  # QEMU's own status: no isa-debug-exit write
    r = guest(t, img, "-t", "30", timeout=40)
    t.expect_status(r, 254)
    t.expect_in(r.err, "the guest stopped without reporting a status", r)


@test("options/kvm-x86_64: the multiboot copy (elf32-i386) boots with QEMU's multiboot "
      "loader; its memory regions", 
      needs=[QEMU])
def _(t):
    img = t.build(OPTIONS).image("kvm") + ".multiboot"
    t.expect(os.path.exists(img), f"no {img}")
    with open(img, "rb") as f:
        head = f.read(8192)
    t.expect(head[4] == 1, "the multiboot copy is not a 32-bit ELF")
    t.expect(b"\x02\xb0\xad\x1b" in head, "no multiboot header in the first 8 KiB")
    with open(HELLO.ensure().image("kvm"), "rb") as f:
        t.expect(b"\x02\xb0\xad\x1b" not in f.read(),
                 "the PVH image must not carry a multiboot header")
    initrd = os.path.join(OPTIONS.dir, "initrd-mb.bin")
    with open(initrd, "wb") as f:
        f.write(bytes(range(256)) * 20)  # 5120 bytes: module 0
    r = qemu(t, img, "-- mb 'two words'", extra=["-initrd", initrd])
    check_hello(t, r, ["mb", "two words"])  # the image path (1st word) is dropped
    t.expect_status(r, 1)
    check_regions(t, r, 5120)


BIG = Build("kvm-x86_64-bigimage", "support/test/bigimage", KVM)


@test("image/kvm-x86_64: 8 MiB of code and 64 MiB of bss boot: the code runs, the bss is "
      "zero and writable (the boot page tables cover any image); too little -m is refused",
      needs=["qemu-system-x86_64"])
def _(t):
    b = t.build(BIG)
    img = b.image("kvm")
    r = guest(t, img, "-m", "128M")
    t.expect_status(r, 0)
    t.expect_in(r.out, "bigimage: ran 8 MiB of code", r)
    t.expect_in(r.out, "bigimage: 64 MiB of bss, zero and writable", r)
    r = guest(t, img, "-m", "48M")
    t.expect_status(r, 252)
    t.expect_in(r.err, "-m 48M is too small", r)


# Load-address randomisation (CONFIG_KVM_ASLR).
ASLR_LINE = (r"kvm: image at (0x[0-9a-f]+): moved (0x[0-9a-f]+) above its link address, "
             r"one of (\d+) places, chosen with (RDRAND|the TSC \(guessable\))")


def kernel_region(t, r):
    """The kernel memory region PRINTK_INFO lists: (start, end)."""
    m = t.expect_regex(r.out, r"memory ([0-9a-f]{16})-([0-9a-f]{16}) kernel +flags 0x04", r)
    return int(m.group(1), 16), int(m.group(2), 16)


@test("aslr/kvm-x86_64: with CONFIG_KVM_ASLR helloworld runs moved, at a different "
      "address each boot (RDRAND, or the TSC without it); off, at 1 MiB", needs=[QEMU])
def _(t):
    img = t.build(HELLO_ASLR).image("kvm")
    seen = set()
    for i in range(3):
        r = guest(t, img, "-a", f"-- boot{i}")  # -cpu max: RDRAND
        check_hello(t, r, [f"boot{i}"])
        t.expect_status(r, 0)
        m = t.expect_regex(r.out, ASLR_LINE, r)
        at, off = int(m.group(1), 16), int(m.group(2), 16)
        t.expect(m.group(4) == "RDRAND", "QEMU's -cpu max has RDRAND", r)
        t.expect(at == 0x100000 + off and off > 0 and at % 4096 == 0,
                 f"implausible place {m.group(0)}", r)
        t.expect(kernel_region(t, r)[0] == at, "the kernel region is not where the image is", r)
        seen.add(at)
    t.note(f"places: {m.group(3)} (RDRAND); addresses seen: {sorted(hex(a) for a in seen)}")
    # Three boots, 4 KiB steps in tens of MiB: two alike would be 1 in thousands.
    t.expect(len(seen) >= 2, f"three boots all at {seen}")
    # qemu64 has no RDRAND: the TSC decides.
    r = qemu(t, img, "-- tsc")
    check_hello(t, r, ["tsc"])
    m = t.expect_regex(r.out, ASLR_LINE, r)
    t.expect(m.group(4).startswith("the TSC"), "qemu64 has no RDRAND: expected the TSC", r)
    # Off (the default): the image runs where it is linked.
    r = qemu(t, t.build(OPTIONS).image("kvm"), "-- fixed")
    check_hello(t, r, ["fixed"])
    t.expect(kernel_region(t, r)[0] == 0x100000, "without CONFIG_KVM_ASLR the image "
             "should run at 0x100000", r)
    t.expect_not_in(r.out, "kvm: image at", r)


@test("aslr/kvm-x86_64: the moved image stays clear of the initrd, command line and "
      "boot information; with no room above it, it stays and says so", needs=[QEMU])
def _(t):
    img = t.build(HELLO_ASLR).image("kvm")
    initrd = os.path.join(HELLO_ASLR.dir, "initrd-aslr.bin")
    with open(initrd, "wb") as f:
        f.write(bytes(range(256)) * (24 * 4096))  # 24 MiB: QEMU puts it high in RAM
    for i in range(3):
        r = guest(t, img, "-m", "48M", "-i", initrd, "-a", f"-- rd{i}")
        check_hello(t, r, [f"rd{i}"])
        t.expect_regex(r.out, ASLR_LINE, r)
        regs = [(int(b, 16), int(e, 16), n) for b, e, n in re.findall(
            r"memory ([0-9a-f]{16})-([0-9a-f]{16}) (\S+) ", r.out)]
        k = kernel_region(t, r)
        for b, e, n in regs:
            if n != "kernel" and n != "ram":
                t.expect(e <= k[0] or k[1] <= b, f"the image {k} overlaps {n} {b:#x}-{e:#x}", r)
        rd = [g for g in regs if g[2] == "initrd"]
        t.expect(len(rd) == 1 and rd[0][1] - rd[0][0] == 24 << 20, f"initrd region {rd}", r)
    # 8 MiB of RAM: QEMU puts the initrd at the top of it; one of 6 MiB
    # reaches below 2 MiB, where the room for the image would begin: it
    # stays at its link address.
    with open(initrd, "wb") as f:
        f.write(bytes(6 << 20))
    r = qemu(t, img, "-- full", mem="8M", extra=["-initrd", initrd])
    t.expect_in(r.out, "kvm: load-address randomisation: no room in RAM above the image "
                "(or no memory map): it runs where linked, at 0x100000", r)
    check_hello(t, r, ["full"])


# The crash and memory-protection probes, moved: each report prints the load
# offset, and the addresses less it name the functions in the .dbg image.
for what, (headline, func, more) in list(CRASHES.items()) + [
        (w, (None, f, None)) for w, (_c, _k, _wh, f) in WX_CRASHES.items()]:
    @test(f"aslr/kvm-x86_64: crashtest {what} with CONFIG_KVM_ASLR: its report, the load "
          "offset, the functions named", needs=[QEMU, "addr2line"])
    def _(t, what=what, headline=headline, func=func, more=more):
        img = t.build(CRASH_ASLR).image("kvm")
        r = guest(t, img, "-a", f"-- {what}", timeout=30)
        t.expect_status(r, 255)
        t.expect_not_in(r.out, "nothing stopped it", r)
        if headline:
            t.expect_in(r.out, headline, r)
            t.expect_in(r.out, more, r)
        else:
            code, kind, where, _f = WX_CRASHES[what]
            addr = wx_address(t, r, what)
            t.expect_in(r.out, f"error code {code}, CR2 {addr}\n", r)
            t.expect_in(r.out, f"\n  {kind} at address {addr}{where}\n", r)
        m = t.expect_regex(r.out, r"^Image load offset: (0x[0-9a-f]+) \(subtract it", r)
        t.expect(int(m.group(1), 16) > 0, "the image was not moved", r)
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        if what.startswith("exec-"):
            m = re.search(r"^  on top of the stack \(the return address, if it was a "
                          r"call\): (0x[0-9a-f]+)$", r.out, re.M)
            t.expect(m, "no return address for the fetch fault", r)
            addrs = [m.group(1)] if m else []
        names = frame_names(img + ".dbg", link_addrs(r.out, addrs))
        t.expect(func in names, f"expected {func} among the backtrace's functions {names}", r)
        if what == "smash":
            m = t.expect_regex(r.out, r"the function at (0x[0-9a-f]+) was overwritten", r)
            a = link_addrs(r.out, [m.group(1)])[0]
            t.expect(symbol(img + ".dbg", a) == "smash_stack", f"{a} is not in smash_stack", r)
            m = t.expect_regex(r.out, r"addr2line -f -e IMAGE\.dbg (0x[0-9a-f]+)\)", r)
            t.expect(symbol(img + ".dbg", m.group(1)) == "smash_stack",
                     f"the hint's {m.group(1)} (the offset taken off) is not in smash_stack", r)


@test("aslr/kvm-x86_64: the uktest image moved: the platform's cases (page protection "
      "of code, read-only data, data and stack where the image now is) pass", needs=[QEMU])
def _(t):
    img = t.build(UKTEST_ASLR).image("kvm")
    r = qemu(t, img, "-- x", extra=["-cpu", "max"])
    t.expect_regex(r.out, ASLR_LINE, r)
    t.note(check_uktest(t, r))
    for case in ("kvm_x86_pageprot: code_is_read_execute", "kvm_x86_pageprot: rodata_is_read_only",
                 "kvm_x86_pageprot: data_bss_and_stack_are_read_write",
                 "kvm_x86_pageprot: first_64k_unmapped_and_free_memory_above_1m",
                 "kvm_memregion: booted_regions"):
        t.expect_in(r.out, f"[ PASSED ] {case}", r)
