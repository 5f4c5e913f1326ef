# SPDX-License-Identifier: BSD-3-Clause
"""Block devices: support/test/blkapp drives disk 0 through <uk/blkdev.h>
on a temporary host file, and the host checks the file afterwards:
sectors the guest wrote hold its pattern at the right offsets and
nothing else changed, data the host put in the file reaches the guest
(checksums), a read-only disk refuses writes with EROFS and stays as it
was, reads past the end give EINVAL, requests in flight complete by
interrupt (or by polling). On kvm-x86_64 (virtio-blk-pci modern, with a
scheduler so the helpers sleep; legacy, polled), kvm-arm64 (virtio-mmio
versions 1 and 2, virtio-blk-pci) and linuxu-x86_64 (linuxu.disk=); clear errors without
a disk and for a missing file; the ukblkdev unit tests."""

import os
import random

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "blkapp")
NEEDS_X86 = ["qemu-system-x86_64"]
NEEDS_ARM = ["qemu-system-aarch64", "aarch64-linux-gnu-gcc"]
TIMEOUT = 90  # seconds for one QEMU run (TCG; a run takes a few seconds)

SECTOR = 512
SECTORS = 2048  # a 1 MiB disk
LAST = SECTORS - 1
HOST_SECTOR = 100  # the host writes sectors 100 and 101 before the run

DRIVERS = ["CONFIG_PLAT_KVM=y", "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y",
           "CONFIG_KVM_VIRTIO_BLK=y", "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"]
SCHED = ["CONFIG_LIBUKSCHED=y", "CONFIG_LIBUKSCHEDCOOP=y"]
X86 = Build("blk-x86_64", APP, ["CONFIG_ARCH_X86_64=y"] + DRIVERS + SCHED)
ARM = Build("blk-arm64", APP, ["CONFIG_ARCH_ARM_64=y"] + DRIVERS)
LINUXU = Build("blk-linuxu-x86_64", APP,
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y",
                "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"])
UKTEST = Build("blk-uktest-linuxu-x86_64", "apps/helloworld",
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_LIBUKBLKDEV=y",
                "CONFIG_LIBUKTEST=y", "CONFIG_LIBUKTEST_ALL=y"])

# Write, flush, read back, read what the host wrote, read past the end,
# keep 8 requests in flight.
RW = (f"info write 0 4 7 write {LAST} 1 9 flush check 0 4 7 check {LAST} 1 9 "
      f"read {HOST_SECTOR} 2 read {SECTORS} 1 read {LAST} 2 async 8")


def pattern(seed, sector, size=SECTOR):
    return bytes((seed + 13 * sector + 7 * i + i // 256) & 0xff for i in range(size))


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def make_disk(t, name):
    """A 1 MiB file of zeros with random bytes in sectors 100-101; its path
    and those bytes."""
    os.makedirs(TESTS_DIR, exist_ok=True)
    path = os.path.join(TESTS_DIR, f"blk-{name}.img")
    host = random.Random(name).randbytes(2 * SECTOR)
    with open(path, "wb") as f:
        f.truncate(SECTORS * SECTOR)
        f.seek(HOST_SECTOR * SECTOR)
        f.write(host)
    return path, host


def kvm(t, build, arch, mode, cmds, disk=None, qemu=(), args=()):
    img = t.build(build).image("kvm", arch)
    cmd = [LAUNCHER, "-q", "-t", str(TIMEOUT), "-k", img] + \
        (["-d", disk] if disk else []) + list(args) + ["-a", f"-- {mode} {cmds}"]
    if qemu:
        cmd += ["--"] + list(qemu)
    return t.run(cmd, timeout=TIMEOUT + 30)


def linuxu(t, mode, cmds, params=()):
    img = t.build(LINUXU).image("linuxu")
    return t.run([img] + list(params) + ["--", mode] + cmds.split(), timeout=60)


def check_rw(t, r, path, host, mode, intr):
    """The RW commands did what they should, in the guest and in the file."""
    t.expect_status(r, 0)
    out = r.out
    t.expect_regex(out, rf"^blkapp: .*, {SECTORS} sectors of {SECTOR} bytes, read-write,", r)
    for line in ("write 0+4: ok", f"write {LAST}+1: ok", "flush: ok", "check 0+4: ok",
                 f"check {LAST}+1: ok", f"read {SECTORS}+1: error EINVAL (-22)",
                 f"read {LAST}+2: error EINVAL (-22)",
                 f"read {HOST_SECTOR}+2: ok, checksum 0x{fnv1a(host):08x}"):
        t.expect_in(out, f"blkapp: {line}\n", r)
    m = t.expect_regex(out, r"^blkapp: async 8: (\d+) completed, (\d+) errors, (\d+) by poll$",
                       r)
    done, errors, polled = (int(x) for x in m.groups())
    t.expect(done == 8 and errors == 0, f"async: {m.group(0)}", r)
    if intr:
        t.expect(polled == 0, f"interrupt mode, yet completed by poll: {m.group(0)}", r)
    else:
        t.expect(polled == 8, f"poll mode: {m.group(0)}", r)
    with open(path, "rb") as f:
        data = f.read()
    t.expect(len(data) == SECTORS * SECTOR, f"the file is now {len(data)} bytes")
    want = bytearray(SECTORS * SECTOR)
    for s in range(4):
        want[s * SECTOR:(s + 1) * SECTOR] = pattern(7, s)
    want[LAST * SECTOR:] = pattern(9, LAST)
    want[HOST_SECTOR * SECTOR:(HOST_SECTOR + 2) * SECTOR] = host
    if data != bytes(want):
        bad = next(i for i in range(len(data)) if data[i] != want[i])
        t.fail(f"{path}: byte {bad} (sector {bad // SECTOR}) is {data[bad]:#x}, "
               f"expected {want[bad]:#x}", r)


def check_ro(t, r, path, host):
    """A read-only disk: info says so, writes give EROFS, the file is intact."""
    t.expect_status(r, 0)
    t.expect_regex(r.out, r"^blkapp: .*, read-only,", r)
    t.expect_in(r.out, "blkapp: write 0+4: error EROFS (-30)\n", r)
    t.expect_in(r.out, f"blkapp: read {HOST_SECTOR}+2: ok, checksum 0x{fnv1a(host):08x}\n", r)
    t.expect_in(r.out, f"blkapp: read {SECTORS}+1: error EINVAL (-22)\n", r)
    with open(path, "rb") as f:
        data = f.read()
    want = bytearray(SECTORS * SECTOR)
    want[HOST_SECTOR * SECTOR:(HOST_SECTOR + 2) * SECTOR] = host
    t.expect(data == bytes(want), f"{path} changed on a read-only disk", r)


RO = f"info write 0 4 7 read {HOST_SECTOR} 2 read {SECTORS} 1"


def boot_line(t, r, transport, ro=False):
    line = t.expect_regex(r.out, r"^Info: \[libkvmvirtio\] virtio-blk: .*$", r).group(0)
    t.expect(f"({transport})" in line and f"{SECTORS} sectors of {SECTOR} bytes" in line
             and "interrupts" in line and ("read-only" if ro else "read-write") in line,
             f"boot line: {line}", r)
    t.expect_in(r.out, f"blkdev0: virtio-blk, {SECTORS} sectors of {SECTOR} bytes (1 MiB)", r)
    return line


@test("blk/kvm-x86_64: virtio-blk-pci (modern), interrupts, helpers asleep under "
      "uksched: guest writes land at their offsets, host data read back, EINVAL past "
      "the end", needs=NEEDS_X86)
def _(t):
    path, host = make_disk(t, "x86-modern")
    r = kvm(t, X86, "x86_64", "intr", RW, disk=path)
    line = boot_line(t, r, "pci-modern")
    t.expect("flush" in line and "version_1" in line, f"features: {line}", r)
    check_rw(t, r, path, host, "intr", intr=True)


@test("blk/kvm-x86_64: legacy virtio-blk-pci (disable-modern), polled",
      needs=NEEDS_X86)
def _(t):
    path, host = make_disk(t, "x86-legacy")
    r = kvm(t, X86, "x86_64", "poll", RW, disk=path,
            qemu=["-global", "virtio-blk-pci.disable-modern=on"])
    boot_line(t, r, "pci-legacy")
    check_rw(t, r, path, host, "poll", intr=False)


@test("blk/kvm-x86_64: -d FILE:ro: a read-only disk gives EROFS to writes and the "
      "file stays as it was", needs=NEEDS_X86)
def _(t):
    path, host = make_disk(t, "x86-ro")
    r = kvm(t, X86, "x86_64", "intr", RO, disk=path + ":ro")
    t.expect_in(boot_line(t, r, "pci-modern", ro=True), "ro", r)
    check_ro(t, r, path, host)


@test("blk/kvm-x86_64: 4096-byte blocks (logical_block_size=4096): sector numbers in "
      "4 KiB units reach the right offsets", needs=NEEDS_X86)
def _(t):
    path, host = make_disk(t, "x86-4k")
    r = kvm(t, X86, "x86_64", "intr",
            "info write 0 2 7 check 0 2 7 write 255 1 9 flush read 256 1 read 12 1", disk=path,
            qemu=["-global", "virtio-blk-pci.logical_block_size=4096",
                  "-global", "virtio-blk-pci.physical_block_size=4096"])
    t.expect_status(r, 0)
    t.expect_in(r.out, "blkdev0: virtio-blk, 256 sectors of 4096 bytes (1 MiB)", r)
    for line in ("write 0+2: ok", "check 0+2: ok", "write 255+1: ok", "flush: ok",
                 "read 256+1: error EINVAL (-22)",
                 # the host's bytes (512-byte sectors 100-101) are in 4 KiB
                 # sector 12, from byte 2048
                 f"read 12+1: ok, checksum "
                 f"0x{fnv1a(bytes(2048) + host + bytes(1024)):08x}"):
        t.expect_in(r.out, f"blkapp: {line}\n", r)
    with open(path, "rb") as f:
        data = f.read()
    want = bytearray(SECTORS * SECTOR)
    want[0:8192] = pattern(7, 0, 4096) + pattern(7, 1, 4096)
    want[255 * 4096:] = pattern(9, 255, 4096)
    want[HOST_SECTOR * SECTOR:(HOST_SECTOR + 2) * SECTOR] = host
    t.expect(data == bytes(want), f"{path}: not what the guest wrote at 4 KiB offsets", r)


@test("blk/kvm-x86_64: without a disk the app says so and exits 2", needs=NEEDS_X86)
def _(t):
    r = kvm(t, X86, "x86_64", "poll", "info")
    t.expect_status(r, 2)
    t.expect_in(r.out, "blkapp: no block device: attach one (qemu-guest -d FILE", r)
    t.expect_not_in(r.out, "virtio-blk:", r)


@test("blk/kvm-arm64: virtio-blk-device (virtio-mmio version 1), interrupts then polled; "
      "version 2; read-only", needs=NEEDS_ARM)
def _(t):
    for mode, transport, qemu in (("intr", "mmio-v1", ()), ("poll", "mmio-v1", ()),
                                  ("intr", "mmio-v2",
                                   ("-global", "virtio-mmio.force-legacy=false"))):
        path, host = make_disk(t, f"arm-{transport}-{mode}")
        r = kvm(t, ARM, "arm64", mode, RW, disk=path, qemu=qemu)
        boot_line(t, r, transport)
        check_rw(t, r, path, host, mode, intr=mode == "intr")
    path, host = make_disk(t, "arm-ro")
    r = kvm(t, ARM, "arm64", "poll", RO, disk=path + ":ro")
    boot_line(t, r, "mmio-v1", ro=True)
    check_ro(t, r, path, host)


@test("blk/kvm-arm64: virtio-blk-pci on virt's PCI host bridge, interrupts",
      needs=NEEDS_ARM)
def _(t):
    path, host = make_disk(t, "arm-pci")
    r = kvm(t, ARM, "arm64", "intr", RW,
            qemu=["-drive", f"file={path},if=none,id=pd,format=raw",
                  "-device", "virtio-blk-pci,drive=pd"])
    boot_line(t, r, "pci-modern")
    check_rw(t, r, path, host, "intr", intr=True)


@test("blk/linuxu-x86_64: linuxu.disk=FILE read-write, FILE:ro read-only (EROFS), "
      "missing file stops the boot (64), no disk (2)")
def _(t):
    path, host = make_disk(t, "linuxu")
    r = linuxu(t, "poll", RW, [f"linuxu.disk={path}"])
    t.expect_in(r.out, f"blkdev0: file, {SECTORS} sectors of {SECTOR} bytes (1 MiB), "
                "read-write", r)
    check_rw(t, r, path, host, "poll", intr=False)
    path, host = make_disk(t, "linuxu-ro")
    r = linuxu(t, "poll", RO, [f"linuxu.disk={path}:ro"])
    check_ro(t, r, path, host)
    r = linuxu(t, "intr", "info", [f"linuxu.disk={path}"])
    t.expect_status(r, 3)  # no interrupts on linuxu
    t.expect_in(r.out, "queue set-up (intr mode): error EINVAL", r)
    missing = os.path.join(TESTS_DIR, "blk-no-such-disk.img")
    r = linuxu(t, "poll", "info", [f"linuxu.disk={missing}"])
    t.expect_status(r, 64)
    t.expect_in(r.out + r.err, f"linuxu.disk={missing}: {missing}: no such file", r)
    t.expect_not_in(r.out, "blkapp:", r)
    r = linuxu(t, "poll", "info")
    t.expect_status(r, 2)
    t.expect_in(r.out, "blkapp: no block device", r)


@test("blk/linuxu-x86_64: uktest image with ukblkdev: the fake-device cases pass")
def _(t):
    img = t.build(UKTEST).image("linuxu")
    r = t.run([img], timeout=60)
    t.expect_status(r, 0)
    t.check_uktest(r)
    t.expect_in(r.out, "[ PASSED ] ukblkdev: full_queue_gives_enospc_and_each_request_"
                "completes_once", r)
