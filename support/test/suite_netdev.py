# SPDX-License-Identifier: BSD-3-Clause
"""Network devices without a TCP/IP stack: support/test/netdevapp drives
netdev 0 through <uk/netdev.h> under QEMU user networking (slirp) and
must get ARP replies and ICMP echo replies from the gateway 10.0.2.2, in
poll and in interrupt mode, on kvm-x86_64 (virtio-net-pci: modern,
legacy, modern-only on q35, without event indexes or mergeable buffers)
and kvm-arm64 (virtio-mmio versions 1 and 2, virtio-net-pci); packets
in chains of mergeable receive buffers; a TCP SYN through a port
forwarded with qemu-guest -p; a clear error without a NIC; a virtio
device without a driver beside the NIC; the virtqueue unit tests in
uktest images of both."""

import os
import socket
import threading
import time

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "netdevapp")
NEEDS_X86 = ["qemu-system-x86_64"]
NEEDS_ARM = ["qemu-system-aarch64", "aarch64-linux-gnu-gcc"]
TIMEOUT = 90  # seconds for one QEMU run (TCG; a run takes a few seconds)
GATEWAY_MAC = "52:55:0a:00:02:02"  # slirp's gateway 10.0.2.2
GUEST_MAC = "52:54:00:12:34:56"    # QEMU's default NIC address

DRIVERS = ["CONFIG_PLAT_KVM=y", "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y",
           "CONFIG_KVM_VIRTIO_NET=y", "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"]
UKTEST = ["CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"]
X86 = Build("netdev-x86_64", APP, ["CONFIG_ARCH_X86_64=y"] + DRIVERS)
ARM = Build("netdev-arm64", APP, ["CONFIG_ARCH_ARM_64=y"] + DRIVERS)
X86_UKTEST = Build("netdev-uktest-x86_64", "apps/helloworld",
                   ["CONFIG_ARCH_X86_64=y"] + DRIVERS + UKTEST)
ARM_UKTEST = Build("netdev-uktest-arm64", "apps/helloworld",
                   ["CONFIG_ARCH_ARM_64=y"] + DRIVERS + UKTEST)


def app(t, build, arch, mode, rounds=2, net=("-n", "user"), qemu=(), port=None, args=(),
        extra=()):
    """Run netdevapp MODE ROUNDS [PORT] EXTRA... through the launcher with
    net, args (launcher options) and qemu (QEMU arguments)."""
    img = t.build(build).image("kvm", arch)
    words = [mode, str(rounds)] + ([str(port)] if port else []) + list(extra)
    cmd = [LAUNCHER, "-q", "-t", str(TIMEOUT), "-k", img] + list(net) + list(args) + \
        ["-a", "-- " + " ".join(words)]
    if qemu:
        cmd += ["--"] + list(qemu)
    return t.run(cmd, timeout=TIMEOUT + 30)


def check(t, r, mode, transport, rounds=2, features=None, no_features=(), headroom=12):
    """Every reply came, the driver named its transport, counters agree."""
    t.expect_status(r, 0)
    line = t.expect_regex(r.out, r"^Info: \[libkvmvirtio\] virtio-net: .*$", r).group(0)
    t.expect(f"({transport})" in line, f"not the {transport} transport: {line}", r)
    t.expect(f"MAC {GUEST_MAC}" in line and "interrupts" in line, f"boot line: {line}", r)
    for f in features or ():
        t.expect(f in line.split("features ")[1].split(","), f"no feature {f}: {line}", r)
    for f in no_features:
        t.expect(f not in line.split("features ")[1].split(","), f"feature {f}: {line}", r)
    t.expect_in(r.out, f"{'interrupt' if mode == 'intr' else 'poll'} mode, headroom "
                f"{headroom}/{headroom}", r)
    t.expect_in(r.out, "link up", r)
    t.expect(r.out.count(f"netdevapp: ARP: 10.0.2.2 is at {GATEWAY_MAC}\n") == rounds,
             f"expected {rounds} ARP replies from {GATEWAY_MAC}", r)
    for seq in range(1, rounds + 1):
        t.expect_in(r.out, f"netdevapp: ICMP echo reply from 10.0.2.2 seq {seq}\n", r)
    m = t.expect_regex(r.out, r"stats rx (\d+) packets (\d+) bytes, tx (\d+) packets "
                       r"(\d+) bytes, dropped (\d+), tx errors (\d+), rx events (\d+)", r)
    rx, _, tx, _, dropped, txerr, events = (int(x) for x in m.groups())
    t.expect(rx >= 2 * rounds and tx == 2 * rounds and dropped == 0 and txerr == 0,
             f"counters: {m.group(0)}", r)
    if mode == "intr":
        # The app waits for an event before it takes each reply.
        t.expect(events >= 2 * rounds, f"interrupt mode: {events} rx events for "
                 f"{2 * rounds} replies", r)
    else:
        t.expect(events == 0, "rx events in poll mode", r)
    return events


for mode in ("poll", "intr"):
    @test(f"netdev/kvm-x86_64: virtio-net-pci (modern), {mode} mode: ARP and ICMP "
          "replies from slirp's gateway", needs=NEEDS_X86)
    def _(t, mode=mode):
        r = app(t, X86, "x86_64", mode, rounds=3)
        check(t, r, mode, "pci-modern", rounds=3, features=("version_1", "event_idx",
                                                             "mrg_rxbuf", "status", "mac"))

    @test(f"netdev/kvm-arm64: virtio-net-device (virtio-mmio version 1), {mode} mode: ARP "
          "and ICMP replies", needs=NEEDS_ARM)
    def _(t, mode=mode):
        r = app(t, ARM, "arm64", mode, rounds=3)
        check(t, r, mode, "mmio-v1", rounds=3, features=("event_idx", "mrg_rxbuf"),
              no_features=("version_1",))


for arch, build, needs, transport in (("x86_64", X86, NEEDS_X86, "pci-modern"),
                                      ("arm64", ARM, NEEDS_ARM, "mmio-v1")):
    @test(f"netdev/kvm-{arch}: mergeable receive buffers: 1042-byte echo replies arrive "
          "as chains of 192-byte buffers", needs=needs)
    def _(t, arch=arch, build=build, transport=transport):
        r = app(t, build, arch, "intr", args=(), rounds=2,
                qemu=(), port=None, extra=["rxbuf=256", "payload=1000"])
        check(t, r, "intr", transport, features=("mrg_rxbuf",))
        m = t.expect_regex(r.out, r"largest reply (\d+) bytes in (\d+) segments", r)
        t.expect(m.group(1) == "1042" and int(m.group(2)) >= 6,
                 f"not a chain of small buffers: {m.group(0)}", r)


@test("netdev/kvm-x86_64: buffers smaller than a frame without mergeable buffers are "
      "refused by the app (exit 3)", needs=NEEDS_X86)
def _(t):
    r = app(t, X86, "x86_64", "poll", extra=["rxbuf=256"],
            qemu=["-global", "virtio-net-pci.mrg_rxbuf=off"])
    t.expect_status(r, 3)
    t.expect_in(r.out, "without mergeable buffers", r)


@test("netdev/kvm-x86_64: legacy virtio-net-pci (disable-modern), interrupt mode",
      needs=NEEDS_X86)
def _(t):
    r = app(t, X86, "x86_64", "intr", qemu=["-global", "virtio-net-pci.disable-modern=on"])
    check(t, r, "intr", "pci-legacy", features=("event_idx", "mrg_rxbuf"),
          no_features=("version_1",))


@test("netdev/kvm-x86_64: legacy without mergeable buffers nor event indexes: 10-byte "
      "header, notification flags, both modes", needs=NEEDS_X86)
def _(t):
    for mode in ("poll", "intr"):
        r = app(t, X86, "x86_64", mode,
                qemu=["-global", "virtio-net-pci.disable-modern=on",
                      "-global", "virtio-net-pci.mrg_rxbuf=off",
                      "-global", "virtio-net-pci.event_idx=off"])
        check(t, r, mode, "pci-legacy", no_features=("event_idx", "mrg_rxbuf", "version_1"),
              headroom=10)


@test("netdev/kvm-x86_64: modern-only virtio-net-pci (1af4:1041) on q35, without event "
      "indexes, interrupt mode", needs=NEEDS_X86)
def _(t):
    r = app(t, X86, "x86_64", "intr", args=["-M", "q35"],
            qemu=["-global", "virtio-net-pci.disable-legacy=on",
                  "-global", "virtio-net-pci.event_idx=off"])
    check(t, r, "intr", "pci-modern", features=("version_1",), no_features=("event_idx",))


@test("netdev/kvm-arm64: virtio-mmio version 2 (force-legacy=false), interrupt mode",
      needs=NEEDS_ARM)
def _(t):
    r = app(t, ARM, "arm64", "intr", qemu=["-global", "virtio-mmio.force-legacy=false"])
    check(t, r, "intr", "mmio-v2", features=("version_1", "event_idx"))


@test("netdev/kvm-arm64: virtio-net-pci on virt's PCI host bridge (-n user,pci), both modes",
      needs=NEEDS_ARM)
def _(t):
    for mode in ("poll", "intr"):
        r = app(t, ARM, "arm64", mode, net=("-n", "user,pci"))
        check(t, r, mode, "pci-modern", features=("version_1",))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect_until(port, stop):
    """Connect to 127.0.0.1:port again and again until stop is set: each
    connection makes slirp send the guest a SYN."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                stop.wait(1)
        except OSError:
            pass
        stop.wait(0.3)


for arch, build, needs in (("x86_64", X86, NEEDS_X86), ("arm64", ARM, NEEDS_ARM)):
    @test(f"netdev/kvm-{arch}: qemu-guest -p HOST:GUEST forwards a host connection on "
          "127.0.0.1: the guest gets a TCP SYN to GUEST", needs=needs)
    def _(t, arch=arch, build=build):
        t.build(build)
        host, guest = free_port(), 7777
        stop = threading.Event()
        th = threading.Thread(target=connect_until, args=(host, stop), daemon=True)
        th.start()
        try:
            r = app(t, build, arch, "intr", rounds=1, port=guest,
                    args=["-p", f"{host}:{guest}"])
        finally:
            stop.set()
            th.join()
        t.expect_status(r, 0)
        t.expect_regex(r.out, rf"^netdevapp: TCP SYN from 10\.0\.2\.2:\d+ to port {guest}$", r)


for arch, build, needs, net in (("x86_64", X86, NEEDS_X86, ("-n", "none")),
                                ("arm64", ARM, NEEDS_ARM, ())):
    @test(f"netdev/kvm-{arch}: without a NIC ({' '.join(net) or 'no -n'}) the app says so "
          "and exits 2; no virtio-net line", needs=needs)
    def _(t, arch=arch, build=build, net=net):
        r = app(t, build, arch, "poll", net=net)
        t.expect_status(r, 2)
        t.expect_in(r.out, "netdevapp: no network device: attach one (qemu-guest -n user)", r)
        t.expect_not_in(r.out, "virtio-net:", r)


for arch, build, needs, transport in (("x86_64", X86, NEEDS_X86, "pci-modern"),
                                      ("arm64", ARM, NEEDS_ARM, "mmio-v1")):
    @test(f"netdev/kvm-{arch}: a virtio device without a driver (virtio-blk, -d) is named "
          "and left alone; the NIC beside it works", needs=needs)
    def _(t, arch=arch, build=build, transport=transport):
        disk = os.path.join(TESTS_DIR, f"netdev-{arch}-disk.img")
        with open(disk, "wb") as f:
            f.truncate(1 << 20)
        r = app(t, build, arch, "poll", args=["-d", disk])
        check(t, r, "poll", transport)
        t.expect_regex(r.out, rf": virtio device type 2 \({transport}\): no driver$", r)


for arch, build, needs in (("x86_64", X86_UKTEST, NEEDS_X86),
                           ("arm64", ARM_UKTEST, NEEDS_ARM)):
    @test(f"netdev/kvm-{arch}: uktest image with virtio-net: the virtqueue cases and the "
          "rest pass, with a NIC attached", needs=needs)
    def _(t, arch=arch, build=build):
        img = t.build(build).image("kvm", arch)
        r = t.run([LAUNCHER, "-q", "-t", str(TIMEOUT), "-k", img, "-n", "user"],
                  timeout=TIMEOUT + 30)
        t.expect_status(r, 0)
        t.check_uktest(r)
        t.expect_in(r.out, "[ PASSED ] virtqueue: indexes_wrap_around", r)
        t.expect_in(r.out, "virtio-net: ", r)
