# SPDX-License-Identifier: BSD-3-Clause
"""Memory allocators: each backend, chosen by configuration alone, passes
the shared ukalloc suite and its own cases (linuxu-x86_64, and kvm-x86_64
under QEMU); debug checks stop misuse with a clear message; an image
without an allocator links none of it."""

import os
import re
import subprocess

from driver import ROOT, Build, test

BACKENDS = ("tlsf", "bbuddy", "region")
OTHERS = {b: [o for o in BACKENDS if o != b] for b in BACKENDS}
# A function only that backend's code defines (checked in the symbol table).
MARKER = {"tlsf": "tlsf_malloc", "bbuddy": "bb_malloc", "region": "region_malloc"}
MISUSE_LIB = os.path.join(ROOT, "support", "test", "allocmisuse")

LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]
KVM = ["CONFIG_ARCH_X86_64=y", "# CONFIG_PLAT_LINUXU is not set", "CONFIG_PLAT_KVM=y"]
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"]
HAVE_KVM = os.path.exists(os.path.join(ROOT, "plat", "kvm", "Config.uk"))


def default(b):
    # TLSF is the menu's default: selecting ukalloc alone must pick it.
    if b == "tlsf":
        return ["CONFIG_LIBUKALLOC=y"]
    return ["CONFIG_LIBUKALLOC=y", f"CONFIG_LIBUKALLOC_DEFAULT_{b.upper()}=y"]


PLAIN = {b: Build(f"alloc-uktest-{b}-linuxu-x86_64", "apps/helloworld",
                  LINUXU + UKTEST + default(b)) for b in BACKENDS}
# Every backend in the image, debug checks and statistics on.
CHECKED = {b: Build(f"alloc-uktest-{b}-debug-stats-linuxu-x86_64", "apps/helloworld",
                    LINUXU + UKTEST + default(b) +
                    [f"CONFIG_LIBUKALLOC{o.upper()}=y" for o in BACKENDS] +
                    ["CONFIG_LIBUKALLOC_DEBUG=y", "CONFIG_LIBUKALLOC_STATS=y"])
           for b in BACKENDS}
MISUSE = {b: Build(f"alloc-misuse-{b}-linuxu-x86_64", "apps/helloworld",
                   LINUXU + default(b), libs=[MISUSE_LIB]) for b in BACKENDS}
NOALLOC = Build("alloc-hello-none-linuxu-x86_64", "apps/helloworld", LINUXU)
if HAVE_KVM:
    KVM_PLAIN = {b: Build(f"alloc-uktest-{b}-kvm-x86_64", "apps/helloworld",
                          KVM + UKTEST + default(b)) for b in BACKENDS}
    KVM_MISUSE = {b: Build(f"alloc-misuse-{b}-kvm-x86_64", "apps/helloworld",
                           KVM + default(b), libs=[MISUSE_LIB]) for b in BACKENDS}


def symbols(image):
    out = subprocess.run(["nm", image + ".dbg"], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def check_suite(t, r, backend):
    """The whole uktest run passed, with the shared cases and backend's own."""
    out = r.out.replace("\r\n", "\n")  # a serial console ends lines in CR LF
    summary = t.check_uktest(r)
    for case in ("ukalloc: stress_random_sizes_alignments_and_free_orders",
                 "ukalloc: exhaustion_of_a_fresh_allocator_of_the_same_backend",
                 "ukalloc: posix_memalign_alignments_and_errors",
                 f"ukalloc{backend}: too_small_memory_is_refused"):
        t.expect_in(out, f"[ PASSED ] {case}", r)
    t.note(summary)


LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")


def qemu(img, append=None, timeout=240):
    """The launcher's command: exit status = the guest's (255: crash)."""
    cmd = [LAUNCHER, "-q", "-k", img, "-m", "128M", "-t", str(timeout)]
    return cmd + (["-a", append] if append else [])


for b in BACKENDS:
    @test(f"alloc/linuxu-x86_64: {b} as default passes the allocator suite")
    def _(t, b=b):
        build = t.build(PLAIN[b])
        t.expect(build.config_value(f"CONFIG_LIBUKALLOC_DEFAULT_{b.upper()}") == "y" and
                 build.config_value(f"CONFIG_LIBUKALLOC{b.upper()}") == "y",
                 f"the configuration did not select {b}")
        r = t.run([build.image("linuxu")], timeout=120)
        t.expect_status(r, 0)
        check_suite(t, r, b)
        t.expect_in(r.out, "Hello world!", r)
        if b == "region":
            t.expect_in(r.out, "[ SKIPPED ] ukalloc: malloc_exhaustion_returns_null_and_recovers: "
                        "the default allocator's free gives nothing back", r)

    @test(f"alloc/linuxu-x86_64: {b} as default links no other backend")
    def _(t, b=b):
        syms = symbols(t.build(PLAIN[b]).image("linuxu"))
        t.expect(MARKER[b] in syms and "uk_malloc" in syms,
                 f"{MARKER[b]} or uk_malloc missing from the image")
        for o in OTHERS[b]:
            t.expect(MARKER[o] not in syms, f"{MARKER[o]} of {o} linked although not selected")

    @test(f"alloc/linuxu-x86_64: {b} as default, all backends, debug checks and statistics")
    def _(t, b=b):
        r = t.run([t.build(CHECKED[b]).image("linuxu")], timeout=180)
        t.expect_status(r, 0)
        check_suite(t, r, b)
        for o in BACKENDS:
            t.expect_in(r.out, f"[ PASSED ] ukalloc{o}: too_small_memory_is_refused", r)
        t.expect_in(r.out, "[ PASSED ] ukalloc: statistics", r)
        t.expect_in(r.out, "[ PASSED ] ukalloc: debug_poisons_freed_memory", r)

    for what, msg in (("double_free", r"ukalloc\(%s\): double free of 0x[0-9a-f]+"),
                      ("overrun", r"ukalloc\(%s\): buffer overrun: block 0x[0-9a-f]+ "
                                  r"\(\d+ bytes\) wrote past its end"),
                      ("foreign", r"ukalloc\(%s\): free of 0x[0-9a-f]+, which this "
                                  r"allocator did not hand out")):
        @test(f"alloc/linuxu-x86_64: {b} debug checks stop a {what} with a clear message")
        def _(t, b=b, what=what, msg=msg):
            r = t.run([t.build(MISUSE[b]).image("linuxu"), f"allocmisuse.do={what}", "--"],
                      timeout=30)
            t.expect(not r.timed_out and r.status == -6,
                     f"expected a crash (SIGABRT), got status {r.status}", r)
            t.expect_regex(r.out, r"^CRASH: " + msg % b, r)
            t.expect_in(r.out, "Backtrace:", r)
            t.expect_not_in(r.out, "went unnoticed", r)

    if b != "bbuddy":  # buddy's blocks have no header (its slabs do)
        @test(f"alloc/linuxu-x86_64: {b} debug checks stop an overwritten block "
              "header with a clear message")
        def _(t, b=b):
            r = t.run([t.build(MISUSE[b]).image("linuxu"), "allocmisuse.do=header", "--"],
                      timeout=30)
            t.expect(not r.timed_out and r.status == -6,
                     f"expected a crash (SIGABRT), got status {r.status}", r)
            t.expect_regex(r.out, rf"^CRASH: ukalloc\({b}\): buffer overrun: the header "
                           r"of block 0x[0-9a-f]+ is overwritten", r)
            t.expect_not_in(r.out, "went unnoticed", r)

    @test(f"alloc/linuxu-x86_64: {b} with the misuse library idle runs normally")
    def _(t, b=b):
        r = t.run([t.build(MISUSE[b]).image("linuxu"), "--", "x"])
        t.expect_status(r, 0)
        t.expect_in(r.out, "Hello world!\nArgument 1: x", r)

for b in ("tlsf", "bbuddy"):
    @test(f"alloc/linuxu-x86_64: {b} with a heap too small to use stops the boot clearly")
    def _(t, b=b):
        r = t.run([t.build(PLAIN[b]).image("linuxu"), "linuxu.heap=4K", "--"], timeout=30)
        t.expect(r.status == -6, f"expected a crash status, got {r.status}", r)
        t.expect_in(r.out, "too small for an allocator: skipped", r)
        t.expect_in(r.out, "no memory for the allocator: the platform reported only "
                    "free memory regions too small to use", r)
        t.expect_in(r.out, "init function uk_alloc_boot_init failed", r)
        t.expect_not_in(r.out, "Hello world!", r)


@test("alloc/linuxu-x86_64: helloworld without an allocator links none of it")
def _(t):
    img = t.build(NOALLOC).image("linuxu")
    syms = symbols(img)
    found = sorted(s for s in syms if re.match(r"(uk_malloc|uk_alloc_|tlsf_|bb_|region_)", s))
    t.expect(not found, f"allocator symbols in an image without ukalloc: {found}")
    t.expect(not os.path.exists(os.path.join(NOALLOC.dir, "libukalloc")),
             "libukalloc was compiled although not selected")
    r = t.run([img])
    t.expect_status(r, 0)
    t.note(f"stripped helloworld: {os.path.getsize(img)} B without an allocator")


if HAVE_KVM:
    for b in BACKENDS:
        @test(f"alloc/kvm-x86_64: {b} as default passes the allocator suite under QEMU",
              needs=("qemu-system-x86_64",), timeout=400)
        def _(t, b=b):
            r = t.run(qemu(t.build(KVM_PLAIN[b]).image("kvm")), timeout=300)
            t.expect_status(r, 0)
            check_suite(t, r, b)
            t.expect_in(r.out, "Hello world!", r)

        @test(f"alloc/kvm-x86_64: {b} debug checks stop an overrun under QEMU",
              needs=("qemu-system-x86_64",))
        def _(t, b=b):
            r = t.run(qemu(t.build(KVM_MISUSE[b]).image("kvm"), "allocmisuse.do=overrun --",
                           timeout=100), timeout=120)
            t.expect_status(r, 255)  # the crash status
            t.expect_regex(r.out, r"CRASH: ukalloc\(%s\): buffer overrun: block 0x[0-9a-f]+" % b, r)
            t.expect_in(r.out, "Backtrace:", r)
