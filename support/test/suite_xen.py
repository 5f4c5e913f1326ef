# SPDX-License-Identifier: BSD-3-Clause
"""xen-arm64: images booted as dom0less guests of Xen 4.17 (Debian's arm64
hypervisor) under qemu-system-aarch64 -M virt,virtualization=on (TCG), by
support/scripts/xen-guest: hello world, exit statuses and crash reports,
the in-image tests (allocators, schedulers, vfscore), two guests in one
boot, the generated xl and device-tree configurations, the launcher's
errors. The images come from the arm64 builds of suite_arm64.py and
suite_posix.py (CONFIG_PLAT_XEN beside kvm and linuxu)."""

import os
import re
import struct
import subprocess
import tempfile
import time

from driver import ROOT, Build, test
from suite_arm64 import CRASH, HELLO, UKTEST_COOP, UKTEST_PREEMPT, check_hello, frame_names
from suite_posix import DEMO_ARM64, DEMO_INPUT, FILES_PREEMPT_ARM64, RACE_CASES, native_demo

QEMU = "qemu-system-aarch64"
GCC = "aarch64-linux-gnu-gcc"
ADDR2LINE = "aarch64-linux-gnu-addr2line"
LAUNCHER = os.path.join(ROOT, "support", "scripts", "xen-guest")
NEEDS = [QEMU, GCC, "dtc"]
TIMEOUT = 60


def xen(t, *args, timeout=TIMEOUT):
    """Run the launcher: r.status is the guest's (255: crash)."""
    return t.run([LAUNCHER, "-t", str(timeout)] + list(args), timeout=timeout + 30)


def guest(t, img, cmdline=None, *more, timeout=TIMEOUT):
    args = ["-k", img] + (["-a", cmdline] if cmdline is not None else [])
    return xen(t, *(args + list(more)), timeout=timeout)


# ---------------------------------------------------------------------------
# Booting, statuses

@test("xen/arm64: helloworld boots as a dom0less guest of Xen 4.17, prints its arguments, "
      "exit 0", needs=NEEDS)
def _(t):
    img = t.build(HELLO).image("xen", "arm64")
    start = time.monotonic()
    r = guest(t, img, "-- one 'two words' \"x\\\"y\"")
    took = time.monotonic() - start
    t.expect_status(r, 0)
    check_hello(t, r, ["one", "two words", 'x"y'])
    t.expect(r.out.rstrip("\n").endswith("xen: exit status 0"),
             "the status line is not the last one", r)
    r = guest(t, img, "-- small", "-m", "7M")
    t.expect_status(r, 0)
    check_hello(t, r, ["small"])
    t.note(f"xen-arm64 helloworld image {os.path.getsize(img)} B; QEMU + Xen + guest "
           f"{took:.2f} s wall; boots with 7 MiB (6 MiB: xen-guest refuses it)")


@test("xen/arm64: the image is a raw Linux arm64 Image linked at Xen's guest RAM base "
      "plus text_offset; a kvm image and the .dbg ELF are refused", needs=NEEDS)
def _(t):
    img = t.build(HELLO).image("xen", "arm64")
    with open(img, "rb") as f:
        head = f.read(64)
    text_offset, image_size, flags = struct.unpack_from("<QQQ", head, 8)
    t.expect(head[56:60] == b"ARM\x64", f"no arm64 Image magic: {head[56:60]!r}")
    t.expect(text_offset == 0x200000 and flags == 2,
             f"text_offset {text_offset:#x}, flags {flags:#x}")
    t.expect(image_size >= os.path.getsize(img), f"image_size {image_size}")
    r = subprocess.run([GCC.replace("gcc", "nm"), img + ".dbg"], capture_output=True,
                       text=True)
    t.expect("_kvm_arm64_start" in r.stdout and "xen_hypercall" in r.stdout,
             "the .dbg lacks the entry or the hypercall", r.stderr)
    r = guest(t, img + ".dbg")
    t.expect_status(r, 252)
    t.expect_in(r.err, "is an ELF: Xen boots arm64 guests from the raw Image", r)
    r = guest(t, t.build(HELLO).image("kvm", "arm64"))
    t.expect_status(r, 252)
    t.expect_in(r.err, "is a kvm image", r)


@test("xen/arm64: main's status reaches the launcher (0, 3, 254; 255 -> 254)", needs=NEEDS)
def _(t):
    img = t.build(CRASH).image("xen", "arm64")
    for n, want in ((0, 0), (3, 3), (254, 254), (255, 254)):
        r = guest(t, img, f"-- exit:{n}")
        t.expect_status(r, want)
        t.expect_in(r.out, f"crashtest: exit:{n}", r)
        t.expect(r.out.rstrip("\n").endswith(f"xen: exit status {want}"),
                 "the status line is not the last one", r)
    t.expect_in(r.out, "exit status 255 is the crash status", r)


@test("xen/arm64: booted by mistake on QEMU without Xen, the image prints on the device "
      "tree's PL011, says the shutdown hypercall failed and powers off through PSCI instead "
      "of hanging", needs=NEEDS)
def _(t):
    img = t.build(CRASH).image("xen", "arm64")
    r = t.run([QEMU, "-M", "virt", "-cpu", "cortex-a57", "-m", "64M", "-nodefaults",
               "-no-user-config", "-no-reboot", "-display", "none", "-serial", "stdio",
               "-kernel", img, "-append", "-- exit:3"], timeout=30)
    t.expect_status(r, 0)  # PSCI SYSTEM_OFF
    t.expect_in(r.out, "crashtest: exit:3\nxen: exit status 3\n", r)
    t.expect_in(r.out, "xen: SCHEDOP_shutdown failed: -1 (operation not permitted, or no "
                "Xen (undefined HVC)); trying PSCI", r)


@test("xen/arm64: the generic timer under Xen: a 200 ms busy wait on the monotonic clock",
      needs=NEEDS)
def _(t):
    img = t.build(CRASH).image("xen", "arm64")
    r = guest(t, img, "-- wait:200")
    t.expect_status(r, 0)
    t.expect_in(r.out, "crashtest: waited 200 ms", r)


# What a crash looks like: (headline, a function the backtrace names).
CRASHES = {
    "null": ("translation fault on a read (level 1) at address 0x0 (NULL pointer "
             "dereference)", "deref_null"),
    "illegal": ("CRASH: undefined instruction: ESR 0x2000000 (class 0x0)", "illegal"),
    "stack": ("stack overflow: the address is in the guard page below the boot stack",
              "recurse"),
    "assert": ("ASSERTION FAILED: argc == 42", "main"),
    "abort": ("CRASH: abort() called", "abort"),
}

for what, (headline, func) in CRASHES.items():
    @test(f"crash/xen-arm64: {what} gives a crash report and the crash status 255",
          needs=NEEDS + [ADDR2LINE])
    def _(t, what=what, headline=headline, func=func):
        img = t.build(CRASH).image("xen", "arm64")
        r = guest(t, img, f"-- {what}")
        t.expect_status(r, 255)
        t.expect_in(r.out, headline, r)
        t.expect_in(r.out, "Backtrace:", r)
        t.expect(r.out.rstrip("\n").endswith("xen: exit status 255"),
                 "the status line is not the last one", r)
        addrs = re.findall(r"^\s+#\d+\s+(0x[0-9a-f]+)", r.out, re.M)
        names = frame_names(img + ".dbg", addrs)
        t.expect(func in names, f"expected {func} among the backtrace's functions {names}", r)


# ---------------------------------------------------------------------------
# In-image tests

for name, build in (("preemptive scheduler, TLSF", UKTEST_PREEMPT),
                    ("cooperative scheduler, buddy allocator", UKTEST_COOP)):
    @test(f"uktest/xen-arm64: every library's, the shared platform code's and xen's own tests "
          f"(hypercalls, console, event channels, grant tables, HVM params, console ring, xenstore, blkfront, netfront) pass ({name})", needs=NEEDS)
    def _(t, build=build):
        img = t.build(build).image("xen", "arm64")
        r = guest(t, img, "-- x", timeout=120)
        t.expect_status(r, 0)
        t.note(t.check_uktest(r, image=img))
        for case in ("xen_evtchn: an_ipi_port_sent_to_reaches_its_handler",
                     "xen_gnttab: xen_copies_through_a_grant_to_us_only",
                     "xen_gnttab: exhaustion_is_enospc_and_refs_come_back",
                     "xen_gnttab: access_in_use_cannot_end",
                     "xen_hvm: dom0less_domain_has_no_console_or_store_page",
                     "xen_consring: output_wraps_fills_and_resumes",
                     "xen_xenstore: dom0less_domain_has_no_store",
                     "xen_xenstore: messages_larger_than_the_ring_in_pieces",
                     "xen_xenstore: watches_fire_and_events_wait_for_dispatch",
                     "xen_xenstore: transactions_are_retried_on_eagain",
                     "xen_hypercall: unknown_hypercall_is_enosys_and_named",
                     "kvm_timer: one_shot_handler_runs_at_the_deadline",
                     "kvm_memregion: overlapping_ram_is_free_once",
                     "uksched_tls: variables_are_distinct_per_thread"):
            t.expect_in(r.out, "[ PASSED ] " + case, r)
        if build is UKTEST_PREEMPT:
            t.expect_in(r.out, "[ PASSED ] ukschedpreempt: busy_loop_does_not_starve_others",
                        r)
            for case in ("xen_blkfront: handshake_then_reads_and_writes_through_grants",
                         "xen_blkfront: a_back_end_that_never_connects_times_out",
                         "xen_blkfront: a_closing_back_end_is_an_error",
                         "xen_netfront: packets_loop_through_the_rings_and_grants",
                         "xen_netfront: mac_addresses_parse_strictly"):
                t.expect_in(r.out, "[ PASSED ] " + case, r)
        t.expect_in(r.out, "Hello world!", r)


@test("posix/xen-arm64: vfscore's and fdtab's tests pass, threads racing on files lose "
      "nothing (preemptive scheduler, 1 ms slices)", needs=NEEDS)
def _(t):
    img = t.build(FILES_PREEMPT_ARM64).image("xen", "arm64")
    r = guest(t, img, None, "-m", "128M", timeout=120)
    t.expect_status(r, 0)
    t.note(t.check_uktest(r, image=img))
    for case in RACE_CASES:
        t.expect_in(r.out, f"[ PASSED ] {case}", r)


# ---------------------------------------------------------------------------
# vpl011: Xen's emulated UART as the console

@test("xen/arm64: with --vpl011 the console is Xen's emulated SBSA UART: output and the "
      "status line go through it", needs=NEEDS)
def _(t):
    img = t.build(CRASH).image("xen", "arm64")
    r = guest(t, img, "-- exit:3", "--vpl011", "-v")
    t.expect_status(r, 3)
    t.expect_in(r.out, "crashtest: exit:3", r)
    # Xen prints a vpl011 domain's UART output itself, as "DOM1:".
    t.expect_in(r.err, "(XEN) DOM1: crashtest: exit:3", r)
    t.expect_in(r.err, "(XEN) DOM1: xen: exit status 3", r)
    t.expect_not_in(r.err, "(d1) ", r)


@test("posix/xen-arm64: a Linux C program reads its stdin through vpl011 and prints what it "
      "prints natively (but for the wall clock, which a dom0less domain lacks)",
      needs=NEEDS + ["gcc"])
def _(t):
    want = native_demo(t)
    img = t.build(DEMO_ARM64).image("xen", "arm64")
    r = t.run([LAUNCHER, "-t", "120", "--vpl011", "-k", img], stdin="pipe",
              input=DEMO_INPUT, timeout=150)
    t.expect_status(r, 0)
    t.expect_in(r.out, "scanf read 2 numbers: 1.500 + 2.250 = 3.750", r)
    t.expect_in(r.out, "time() is after 2020: no", r)
    known = ("Warn: [libukstackprotector] stack protector: no random source",
             "ERR: [libxenplat] xen: no wall clock", "xen: exit status 0")
    got = [line for line in r.out.splitlines() if not line.startswith(known)]
    got = [line.replace("time() is after 2020: no", "time() is after 2020: yes")
           for line in got]
    if got != want.splitlines():
        import difflib
        t.fail("output differs from the native build:\n" + "\n".join(difflib.unified_diff(
            want.splitlines(), got, "native", "xen", lineterm="", n=1)), r)


# ---------------------------------------------------------------------------
# Several guests, configurations

@test("xen/arm64: two guests in one boot both run, each with its own command line; the "
      "launcher returns the first non-zero status", needs=NEEDS)
def _(t):
    hello = t.build(HELLO).image("xen", "arm64")
    crash = t.build(CRASH).image("xen", "arm64")
    r = xen(t, "-k", hello, "-a", "-- first", "-k", crash, "-a", "-- exit:3", "-m", "16")
    t.expect_status(r, 3)
    t.expect_regex(r.out, r"^\(d1\) Argument 1: first$", r)
    t.expect_regex(r.out, r"^\(d1\) xen: exit status 0$", r)
    t.expect_regex(r.out, r"^\(d2\) crashtest: exit:3$", r)
    t.expect_regex(r.out, r"^\(d2\) xen: exit status 3$", r)
    t.expect_in(r.err, "d1 exit status 0, d2 exit status 3", r)


@test("xen/arm64: make writes <image>.xl and a dom0less <image>.dtsi that dtc accepts "
      "under /chosen", needs=NEEDS)
def _(t):
    b = t.build(HELLO)
    img = b.image("xen", "arm64")
    with open(img + ".xl") as f:
        xl = f.read()
    for line in ('name = "helloworld"', f'kernel = "{os.path.realpath(img)}"',
                 "memory = 64", "vcpus = 1", 'extra = ""'):
        t.expect(re.search(rf"^{re.escape(line)}$", xl, re.M), f"no '{line}' in the .xl:\n{xl}")
    with open(img + ".dtsi") as f:
        dtsi = f.read()
    size = os.path.getsize(img)
    for line in ('compatible = "xen,domain";', "memory = <0 65536>;", "cpus = <1>;",
                 f"reg = <0x50000000 {size}>;",
                 'compatible = "multiboot,kernel", "multiboot,module";'):
        t.expect(line in dtsi, f"no '{line}' in the .dtsi:\n{dtsi}")
    with tempfile.TemporaryDirectory(prefix="xen-dtsi-") as d:
        src = os.path.join(d, "t.dts")
        with open(src, "w") as f:
            f.write("/dts-v1/;\n/ {\n\tchosen {\n\t\t#address-cells = <1>;\n"
                    "\t\t#size-cells = <1>;\n" + dtsi + "\t};\n};\n")
        r = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                            os.path.join(d, "t.dtb"), src], capture_output=True, text=True)
        t.expect(r.returncode == 0, f"dtc refused the fragment: {r.stderr}")
    t.expect(not re.search(r"^(vif|disk) =", xl, re.M),
             f"vif/disk lines in the .xl of a build without netfront/blkfront:\n{xl}")


@test("xen/arm64: the .xl of a build with netfront and blkfront has its vif and disk lines",
      needs=NEEDS)
def _(t):
    img = t.build(UKTEST_PREEMPT).image("xen", "arm64")
    with open(img + ".xl") as f:
        xl = f.read()
    disk = os.path.realpath(img) + "-disk.img"
    for line in ("vif = [ 'bridge=xenbr0' ]",
                 f"disk = [ 'format=raw, vdev=xvda, access=rw, target={disk}' ]"):
        t.expect(re.search(rf"^{re.escape(line)}$", xl, re.M), f"no '{line}' in the .xl:\n{xl}")
    r = t.run([os.path.join(ROOT, "plat", "xen", "xenconfig.sh"), "xl", img, "64", "1", "usb"])
    t.expect(r.status == 2 and "usage" in r.err, f"an unknown device kind is not refused: {r.err}")


# ---------------------------------------------------------------------------
# The launcher's errors

@test("xen/arm64: xen-guest refuses a missing image, a missing Xen, too little memory and "
      "a command line longer than the image takes (252); no Xen status is 254, a silent "
      "guest a timeout (253)",
      needs=NEEDS)
def _(t):
    img = t.build(HELLO).image("xen", "arm64")
    r = xen(t, "-k", "/nonexistent/app_xen-arm64")
    t.expect_status(r, 252)
    t.expect_in(r.err, "no image /nonexistent/app_xen-arm64", r)
    r = xen(t, "-k", img, "--xen", "/nonexistent/xen")
    t.expect_status(r, 252)
    t.expect_in(r.err, "no Xen arm64 hypervisor at /nonexistent/xen", r)
    r = xen(t, "-k", img, "-m", "2")
    t.expect_status(r, 252)
    t.expect_in(r.err, "-m 2M is too small", r)
    r = xen(t, "-k", img, "-a", "-- " + "x" * 2045)
    t.expect_status(r, 252)
    t.expect_in(r.err, "the command line (-a) is 2048 bytes", r)
    r = xen(t, "-a", "-- x")
    t.expect_status(r, 252)
    r = xen(t)
    t.expect_status(r, 252)
    t.expect_in(r.err, "no image given", r)
    r = xen(t, "--help")
    t.expect_status(r, 0)
    t.expect_in(r.out, "dom0less", r)
    # Something that is no Xen (the kvm image, which powers off) as the
    # hypervisor: QEMU ends before any guest had a status.
    r = xen(t, "-k", img, "--xen", t.build(HELLO).image("kvm", "arm64"))
    t.expect_status(r, 254)
    t.expect_in(r.err, "QEMU ended (status 0) before d1 printed an exit status", r)
    # A guest that never prints its status: crashtest spinning for 100 s.
    crash = t.build(CRASH).image("xen", "arm64")
    r = xen(t, "-k", crash, "-a", "-- wait:100000", timeout=5)
    t.expect_status(r, 253)
    t.expect_in(r.err, "d1 printed no exit status within 5 s", r)


# ---------------------------------------------------------------------------
# The paravirtual drivers end to end: xl create in a Linux dom0
# (support/scripts/xen-dom0), blkfront against blkback, netfront against
# netback.

DOM0 = os.path.join(ROOT, "support", "scripts", "xen-dom0")
XEN_ONLY = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_XEN=y", "# CONFIG_PLAT_KVM is not set",
            "# CONFIG_PLAT_LINUXU is not set"]
BLK_XEN = Build("xen-blkapp-arm64", "support/test/blkapp", XEN_ONLY + ["CONFIG_XEN_BLKFRONT=y"])
PING_XEN = Build("xen-ping6app-arm64", "support/test/ping6app",
                 XEN_ONLY + ["CONFIG_XEN_NETFRONT=y"])
DOM0_FETCH_TIMEOUT = 900
DOM0_BOOT_TIMEOUT = 480


@test("xen-dom0/arm64: xl create in a Linux dom0: blkfront reads and writes a disk through "
      "blkback (interrupt completions), netfront exchanges ICMPv6 with dom0 through netback, "
      "both consoles through the PV console ring", needs=NEEDS + ["apt-get", "dpkg-deb"],
      timeout=DOM0_FETCH_TIMEOUT + DOM0_BOOT_TIMEOUT + 60)
def _(t):
    if not os.path.exists(DOM0):
        t.skip("support/scripts/xen-dom0 (the Linux dom0 environment) is not in this tree")
    blk = t.build(BLK_XEN).image("xen", "arm64")
    ping = t.build(PING_XEN).image("xen", "arm64")
    r = t.run([DOM0, "--fetch"], timeout=DOM0_FETCH_TIMEOUT)
    if r.status == 252 and re.search(r"apt knows no arm64 package|apt-get download failed",
                                     r.err):
        t.skip("apt cannot give Debian's arm64 packages here: " + r.err.strip()[-300:])
    t.expect_status(r, 0)
    r = t.run([DOM0, "-t", str(DOM0_BOOT_TIMEOUT), "--guest-timeout", "120",
               "-k", blk, "-a", "-- intr info write 0 64 5 check 0 64 5 write 32700 68 9 "
               "check 32700 68 9 check 0 64 5 flush async 8", "--disk", "16M",
               "-k", ping, "-a", "-- 40", "--vif"],
              timeout=DOM0_BOOT_TIMEOUT + 60)
    t.expect_status(r, 0)
    # blkfront: blkback's disk (16 MiB), data back as written, the
    # completions of the asynchronous reads by the event channel.
    # Two guests: each console line is prefixed with its guest, (g1) or (g2).
    t.expect_regex(r.out, r"^\(g1\) blkapp: blkfront, 32768 sectors of 512 bytes, read-write, "
                          r".*flush yes.*intr yes$", r)
    for cmd in ("write 0+64", "check 0+64", "write 32700+68", "check 32700+68", "flush"):
        t.expect_regex(r.out, rf"^\(g1\) blkapp: {re.escape(cmd)}: ok$", r)
    t.expect_regex(r.out, r"^\(g1\) blkapp: async 8: 8 completed, 0 errors, 0 by poll$", r)
    # netfront: dom0 answers the echo request (its neighbour solicitation
    # answered first), by the event channel.
    t.expect_regex(r.out, r"^\(g2\) ping6app: netfront, uknetdev, interrupt mode, pinging ff02::1 "
                          r"from fe80:", r)
    t.expect_regex(r.out, r"^\(g2\) ping6app: echo reply from fe80:[0-9a-f:]+ \([0-9a-f:]{17}\) "
                          r"after \d+ requests$", r)
    t.expect_regex(r.err, r"g1 blkapp_xen-arm64: shut down, reason poweroff, exit status 0", r)
    t.expect_regex(r.err, r"g2 ping6app_xen-arm64: shut down, reason poweroff, exit status 0", r)
