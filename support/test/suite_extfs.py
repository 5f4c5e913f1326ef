# SPDX-License-Identifier: BSD-3-Clause
"""ext2/3/4 disks (lib/extfs over ukblkdev): an image made on the host with
mkfs.ext4 -d, holding files written on the host, is read by the guest
(support/test/extfsapp) and written by it (new files, a directory, an
append, a truncate, a rename, a delete); then e2fsck -fn passes on the
host and debugfs shows the guest's data; a second boot reads the guest's
files back. A full disk gives ENOSPC, a read-only disk or mount EROFS, a
truncated, foreign or corrupt image a clear mount error naming the device;
fsync before a power cut leaves the data on the host. On kvm-x86_64,
kvm-arm64 and linuxu-x86_64 (linuxu.disk=)."""

import os
import shutil
import subprocess

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "extfsapp")
NEEDS = ["mkfs.ext4", "e2fsck", "debugfs"]
NEEDS_X86 = NEEDS + ["qemu-system-x86_64"]
NEEDS_ARM = NEEDS + ["qemu-system-aarch64", "aarch64-linux-gnu-gcc"]
TIMEOUT = 120  # seconds for one QEMU run (TCG; a run takes a few seconds)
SLOW = 1800    # the first newlib build of a configuration takes minutes

DRIVERS = ["CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set", "CONFIG_LIBUKBUS=y",
           "CONFIG_KVM_PCI=y", "CONFIG_KVM_VIRTIO_BLK=y", "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"]
X86 = Build("extfs-x86_64", APP, ["CONFIG_ARCH_X86_64=y"] + DRIVERS, timeout=SLOW)
ARM = Build("extfs-arm64", APP, ["CONFIG_ARCH_ARM_64=y"] + DRIVERS, timeout=SLOW)
# With lib/extfs's in-image tests, which run at every boot before main
# (their fake devices register after the real disk, which stays blk0):
# one build instead of two.
LINUXU = Build("extfs-linuxu-x86_64", APP,
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y",
                "CONFIG_LIBUKDEBUG_PRINTK_INFO=y", "CONFIG_LIBUKTEST=y",
                "# CONFIG_LIBUKTEST_ALL is not set", "CONFIG_LIBEXTFS_TEST=y"],
               timeout=SLOW)


def pat(seed, size):
    """extfsapp's pattern (main.c, pat())."""
    return bytes((seed * 31 + i * 7 + i // 4096) & 0xff for i in range(size))


HOST_BIN = 200000  # bytes of /sub/host.bin, pattern seed 9


def make_image(name, mib=32, block=4096):
    """A fresh ext4 image holding /hello.txt, /sub/host.bin and /old.txt."""
    os.makedirs(TESTS_DIR, exist_ok=True)
    src = os.path.join(TESTS_DIR, f"extfs-{name}.d")
    img = os.path.join(TESTS_DIR, f"extfs-{name}.img")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(os.path.join(src, "sub"))
    with open(os.path.join(src, "hello.txt"), "w") as f:
        f.write("hello from the host\n")
    with open(os.path.join(src, "old.txt"), "w") as f:
        f.write("to be deleted\n")
    with open(os.path.join(src, "sub", "host.bin"), "wb") as f:
        f.write(pat(9, HOST_BIN))
    if os.path.exists(img):
        os.unlink(img)
    with open(img, "wb") as f:
        f.truncate(mib << 20)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-b", str(block), "-d", src, img],
                   check=True, capture_output=True)
    return img


def fsck(t, img, r=None):
    p = subprocess.run(["e2fsck", "-fn", img], capture_output=True, text=True)
    t.expect(p.returncode == 0, f"e2fsck -fn {img}: status {p.returncode}\n"
             f"{p.stdout}{p.stderr}", r)


def debugfs_cat(img, path):
    return subprocess.run(["debugfs", "-R", f"cat {path}", img], capture_output=True,
                          check=True).stdout


def kvm(t, build, arch, disk, cmds):
    img = t.build(build).image("kvm", arch)
    cmd = [LAUNCHER, "-q", "-t", str(TIMEOUT), "-k", img, "-d", disk, "-a", f"-- {cmds}"]
    return t.run(cmd, timeout=TIMEOUT + 30)


def linuxu(t, disk, cmds):
    img = t.build(LINUXU).image("linuxu")
    return t.run([img, f"linuxu.disk={disk}", "--"] + cmds.split(), timeout=60)


def oks(t, r, *lines):
    for line in lines:
        t.expect_in(r.out, f"extfsapp: {line}: ok\n", r)


MOUNT = "mount blk0 /data ext4"
# A symlink too long for the inode (a block of its own).
LONG_TARGET = "/a/long/symlink/target/" + "x" * 80
# The guest reads the host's files, then writes: a new file of 3 MB, a
# directory with a file, an append, a truncate, a rename, a delete.
WRITE = (f"{MOUNT} cat /data/hello.txt check /data/sub/host.bin {HOST_BIN} 9 "
         "write /data/new.bin 3000000 5 mkdir /data/gdir write /data/gdir/g.bin 70000 6 "
         "append /data/hello.txt guest-line trunc /data/sub/host.bin 5000 "
         "mv /data/gdir/g.bin /data/gdir/moved.bin rm /data/old.txt "
         f"symlink hello.txt /data/short symlink {LONG_TARGET} /data/long ls /data "
         "umount /data")
# Second boot: everything the first one left.
READ = (f"{MOUNT} check /data/new.bin 3000000 5 check /data/gdir/moved.bin 70000 6 "
        "cat /data/hello.txt stat /data/old.txt stat /data/gdir/g.bin ls /data/gdir "
        "readlink /data/short readlink /data/long cat /data/short umount /data")


def write_and_reboot(t, run, img):
    """WRITE on img, check it on the host, then READ in a second boot."""
    r = run(img, WRITE)
    t.expect_status(r, 0)
    t.expect_in(r.out, "extfsapp: cat /data/hello.txt <<hello from the host\n>>", r)
    oks(t, r, MOUNT, f"check /data/sub/host.bin", "write /data/new.bin",
        "mkdir /data/gdir", "write /data/gdir/g.bin", "append /data/hello.txt guest-line",
        "trunc /data/sub/host.bin 5000", "mv /data/gdir/g.bin /data/gdir/moved.bin",
        "rm /data/old.txt", "symlink hello.txt /data/short", f"symlink {LONG_TARGET} /data/long",
        "umount /data")
    t.expect_regex(r.out, r"extfs: blk0 on /data: ext4, \d+-byte blocks, .* read-write", r)
    fsck(t, img, r)
    t.expect(debugfs_cat(img, "/hello.txt") == b"hello from the host\nguest-line\n",
             "debugfs: /hello.txt lacks the guest's line", r)
    t.expect(debugfs_cat(img, "/new.bin") == pat(5, 3000000),
             "debugfs: /new.bin is not what the guest wrote", r)
    t.expect(debugfs_cat(img, "/gdir/moved.bin") == pat(6, 70000),
             "debugfs: /gdir/moved.bin is not what the guest wrote", r)
    t.expect(debugfs_cat(img, "/sub/host.bin") == pat(9, 5000),
             "debugfs: /sub/host.bin was not truncated to 5000 bytes", r)
    r = run(img, READ)
    t.expect_status(r, 0)
    oks(t, r, "check /data/new.bin", "check /data/gdir/moved.bin", "umount /data")
    t.expect_in(r.out, "extfsapp: cat /data/hello.txt <<hello from the host\nguest-line\n>>", r)
    t.expect_in(r.out, "extfsapp: stat /data/old.txt: error ENOENT (-2)", r)
    t.expect_in(r.out, "extfsapp: stat /data/gdir/g.bin: error ENOENT (-2)", r)
    t.expect_in(r.out, "extfsapp: ls /data/gdir: ./ ../ moved.bin\n", r)
    t.expect_in(r.out, "extfsapp: readlink /data/short -> hello.txt\n", r)
    t.expect_in(r.out, f"extfsapp: readlink /data/long -> {LONG_TARGET}\n", r)
    t.expect_in(r.out, "extfsapp: cat /data/short <<hello from the host\nguest-line\n>>", r)
    fsck(t, img, r)


@test("extfs/kvm-x86_64: a mkfs.ext4 image with host files is read and written by the "
      "guest; e2fsck -fn passes, debugfs shows the guest's data, a second boot reads it",
      needs=NEEDS_X86)
def _(t):
    img = make_image("x86")
    write_and_reboot(t, lambda d, c: kvm(t, X86, "x86_64", d, c), img)


@test("extfs/kvm-arm64: the same on arm64 (virtio-mmio), 1 KiB blocks", needs=NEEDS_ARM)
def _(t):
    img = make_image("arm", mib=16, block=1024)
    write_and_reboot(t, lambda d, c: kvm(t, ARM, "arm64", d, c), img)


@test("extfs/linuxu-x86_64: the same with linuxu.disk=", needs=NEEDS)
def _(t):
    img = make_image("linuxu", mib=16, block=1024)
    write_and_reboot(t, lambda d, c: linuxu(t, d, c), img)


@test("extfs/kvm-x86_64: a full disk gives ENOSPC; after removing the file there is "
      "room again; e2fsck -fn passes", needs=NEEDS_X86)
def _(t):
    img = make_image("full", mib=8, block=1024)
    r = kvm(t, X86, "x86_64", img, f"{MOUNT} fill /data/big write /data/more 4096 1 "
            "rm /data/big write /data/more 4096 1 umount /data")
    t.expect_status(r, 0)
    t.expect_in(r.out, "extfsapp: fill: ENOSPC\n", r)
    t.expect_in(r.out, "extfsapp: write /data/more: error ENOSPC (-28)\n", r)
    oks(t, r, "rm /data/big", "write /data/more", "umount /data")
    fsck(t, img, r)
    t.expect(debugfs_cat(img, "/more") == pat(1, 4096), "debugfs: /more", r)


@test("extfs/kvm-x86_64: a read-only disk (-d FILE:ro) and a read-only mount give "
      "EROFS to every change; the image is unchanged", needs=NEEDS_X86)
def _(t):
    img = make_image("ro", mib=8, block=1024)
    with open(img, "rb") as f:
        before = f.read()
    changes = ("write /data/x 10 1 append /data/hello.txt x mkdir /data/d rm /data/old.txt "
               "mv /data/old.txt /data/o2 trunc /data/hello.txt 0")
    for disk, mount in ((img + ":ro", MOUNT), (img, MOUNT + " ro")):
        r = kvm(t, X86, "x86_64", disk, f"{mount} cat /data/hello.txt {changes} umount /data")
        t.expect_status(r, 0)
        t.expect_regex(r.out, r"extfs: blk0 on /data: .* read-only", r)
        t.expect_in(r.out, "extfsapp: cat /data/hello.txt <<hello from the host\n>>", r)
        for c in ("write /data/x", "append /data/hello.txt x", "mkdir /data/d",
                  "rm /data/old.txt", "mv /data/old.txt /data/o2", "trunc /data/hello.txt 0"):
            t.expect_in(r.out, f"extfsapp: {c}: error EROFS (-30)\n", r)
        if disk.endswith(":ro"):
            t.expect_in(r.out, "extfs: blk0 is read-only: mounting /data read-only", r)
        with open(img, "rb") as f:
            t.expect(f.read() == before, f"{disk}: the image changed", r)


@test("extfs/kvm-x86_64: truncated, foreign and corrupt images, a missing device: "
      "mount fails with an errno and a message naming the device, the image boots on",
      needs=NEEDS_X86)
def _(t):
    good = make_image("bad", mib=8, block=1024)
    with open(good, "rb") as f:
        data = f.read()
    cases = []
    trunc = os.path.join(TESTS_DIR, "extfs-truncated.img")
    with open(trunc, "wb") as f:
        f.write(data[:2 << 20])
    cases.append((trunc, "EINVAL", "extfs: cannot mount blk0 on /data: truncated: the file "
                  "system has 8192 blocks of 1024 bytes"))
    zero = os.path.join(TESTS_DIR, "extfs-zero.img")
    with open(zero, "wb") as f:
        f.truncate(4 << 20)
    cases.append((zero, "EINVAL", "extfs: cannot mount blk0 on /data: no ext2/3/4 file "
                  "system (bad magic)"))
    corrupt = os.path.join(TESTS_DIR, "extfs-corrupt.img")
    # the group descriptors (block 2 with 1 KiB blocks) overwritten
    with open(corrupt, "wb") as f:
        f.write(data[:2048] + bytes(range(256)) * 4 + data[3072:])
    cases.append((corrupt, "EINVAL", "extfs: cannot mount blk0 on /data: "))
    for disk, err, msg in cases:
        r = kvm(t, X86, "x86_64", disk, f"{MOUNT} ls /data")
        t.expect_status(r, 0)
        t.expect_in(r.out, msg, r)
        t.expect_in(r.out, f"extfsapp: {MOUNT}: error {err}", r)
        t.expect_in(r.out, "extfsapp: ls /data: ./ ../\n", r)  # the empty mount point
    r = kvm(t, X86, "x86_64", good, "mount blk1 /data ext4 mount disk /data ext4")
    t.expect_status(r, 0)
    t.expect_in(r.out, "extfs: cannot mount blk1 on /data: no such block device", r)
    t.expect_in(r.out, "extfsapp: mount blk1 /data ext4: error ENXIO (-6)", r)
    t.expect_in(r.out, "extfs: cannot mount disk on /data: the source must name a block "
                "device", r)


@test("extfs/linuxu-x86_64: fsync, then a power cut (_exit, no unmount): the data is "
      "on the host and e2fsck -fn passes; an exit without umount writes the disk clean; "
      "a file unlinked while open is freed at close",
      needs=NEEDS)
def _(t):
    img = make_image("fsync", mib=8, block=1024)
    r = linuxu(t, img, f"{MOUNT} write /data/synced 50000 4 fsync /data/synced die")
    t.expect_status(r, 3)
    oks(t, r, "fsync /data/synced")
    fsck(t, img, r)
    t.expect(debugfs_cat(img, "/synced") == pat(4, 50000), "debugfs: /synced after fsync", r)
    img = make_image("exit", mib=8, block=1024)
    r = linuxu(t, img, f"{MOUNT} write /data/atexit 30000 2 mkdir /data/d2 "
               "orphan /data/orphan")
    t.expect_status(r, 0)
    # a file unlinked while open is freed when it is closed
    oks(t, r, "orphan /data/orphan")
    fsck(t, img, r)
    p = subprocess.run(["debugfs", "-R", "ls /", img], capture_output=True, text=True)
    t.expect("orphan" not in p.stdout, f"/orphan still listed:\n{p.stdout}", r)
    t.expect(debugfs_cat(img, "/atexit") == pat(2, 30000), "debugfs: /atexit", r)
    p = subprocess.run(["dumpe2fs", "-h", img], capture_output=True, text=True)
    t.expect("Filesystem state:         clean" in p.stdout,
             f"not clean after exit:\n{p.stdout}", r)


@test("extfs/linuxu-x86_64 uktest: the I/O manager over a fake 4 KiB-sector device "
      "(partial sectors, the write-back cache, read-only, ranges), names and errnos")
def _(t):
    img = t.build(LINUXU).image("linuxu")
    r = t.run([img], timeout=60)
    t.expect_status(r, 0)
    t.check_uktest(r)
    t.expect_in(r.out, "[ PASSED ] extfs: cache_writes_back_at_flush_and_eviction", r)


@test("extfs/kvm-x86_64: 4 threads at once each write and read back a file of their own "
      "and append 50 lines to one shared file: nothing lost or torn, fsck passes",
      needs=NEEDS_X86)
def _(t):
    img = make_image("threads", mib=16, block=1024)
    r = kvm(t, X86, "x86_64", img, f"{MOUNT} mkdir /data/th threads /data/th 4 umount /data")
    t.expect_status(r, 0)
    oks(t, r, "threads /data/th 4", "umount /data")
    fsck(t, img, r)
    for i in range(4):
        t.expect(debugfs_cat(img, f"/th/t{i}") == pat(i, 150000), f"debugfs: /th/t{i}", r)
    lines = debugfs_cat(img, "/th/shared").decode().splitlines()
    want = [f"t{i} {k}" for i in range(4) for k in range(50)]
    t.expect(sorted(lines) == sorted(want), f"/th/shared: {len(lines)} lines, "
             f"{len(set(lines))} distinct, expected the 200 of {want[:2]}...", r)
    for i in range(4):
        mine = [x for x in lines if x.startswith(f"t{i} ")]
        t.expect(mine == [f"t{i} {k}" for k in range(50)], f"thread {i}'s lines out of order", r)


@test("extfs/linuxu-x86_64: MAP_SHARED mappings of a file on ext4 and its read()/write() "
      "see each other's changes before msync; munmap leaves them on the disk",
      needs=NEEDS)
def _(t):
    img = make_image("mmap", mib=8, block=1024)
    r = linuxu(t, img, f"{MOUNT} mmapshared /data/mapped umount /data")
    t.expect_status(r, 0)
    oks(t, r, "mmapshared /data/mapped", "umount /data")
    fsck(t, img, r)
    want = bytearray(b"a" * 4096 + b"b" * 4096 + b"c" * 4096)
    want[4096 + 7:4096 + 10] = b"MWB"
    want[2 * 4096] = ord("E")
    t.expect(debugfs_cat(img, "/mapped") == bytes(want), "debugfs: /mapped", r)
