# SPDX-License-Identifier: BSD-3-Clause
"""Shared host directories and mounts at boot: support/test/p9app runs file
commands in a guest whose root (or another mount point) is a host
directory, and the host checks the directory afterwards. kvm-x86_64
(virtio-9p-pci) and kvm-arm64 (virtio-mmio, then virtio-9p-pci): the
guest writes files the host reads byte for byte (several msize worth),
reads the host's files, renames, links, truncates, gets the server's
errors as errnos (ENOTEMPTY, EEXIST; EROFS from a read-only share),
several threads write and read at once, and a second boot (without
vfs.fstab: fs1 is mounted on / by default) finds the files; fsync reaches
the host (QEMU's trace shows the Tfsync, and QEMU is killed at once once
the guest says fsync returned); bad vfs.fstab entries stop the boot with
a message naming them; vfs.fstab's extract form unpacks the initrd.
linuxu: hostfs (linuxu.hostfs=) reads, writes and persists, a read-only
bind mount gives EROFS. The 9P message layer's unit tests; the launcher's
-e arguments."""

import os
import random
import shlex
import shutil
import signal
import subprocess
import time

from driver import ROOT, TESTS_DIR, Build, test

LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "p9app")
NEEDS_X86 = ["qemu-system-x86_64"]
NEEDS_ARM = ["qemu-system-aarch64", "aarch64-linux-gnu-gcc"]
TIMEOUT = 120  # seconds for one QEMU run (TCG)

DRIVERS = ["CONFIG_PLAT_KVM=y", "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y",
           "CONFIG_KVM_VIRTIO_9P=y", "CONFIG_LIB9PFS=y", "CONFIG_LIBUKSCHEDCOOP=y",
           "CONFIG_LIBUKDEBUG_PRINTK_INFO=y"]
# One build per architecture: the kvm image and, on x86_64, the linuxu one.
X86 = Build("9p-x86_64", APP, ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"] + DRIVERS,
            timeout=1800)
ARM = Build("9p-arm64", APP, ["CONFIG_ARCH_ARM_64=y", "# CONFIG_PLAT_LINUXU is not set"]
            + DRIVERS, timeout=1800)
UKTEST = Build("9p-uktest-linuxu-x86_64", "apps/helloworld",
               ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y", "CONFIG_LIBUK9P=y",
                "CONFIG_LIBUKTEST=y", "CONFIG_LIBUK9P_TEST=y"])

BIG = 300000  # bytes: three 128 KiB messages' worth
FSTAB = 'vfs.fstab=[ "fs1:/:9pfs:::mkmp" ]'


def pattern(seed, size):
    return bytes((seed * 31 + i * 7 + i // 4093) & 0xff for i in range(size))


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def share_dir(name):
    """A fresh host directory with a random file and a non-empty
    subdirectory; its path and the file's bytes."""
    d = os.path.join(TESTS_DIR, f"9p-share-{name}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "full"))
    with open(os.path.join(d, "full", "x"), "w") as f:
        f.write("x")
    data = random.Random(name).randbytes(70000)
    with open(os.path.join(d, "hostfile.bin"), "wb") as f:
        f.write(data)
    return d, data


def kvm(t, build, arch, share, cmds, params="", extra=()):
    img = t.build(build).image("kvm", arch)
    cmd = [LAUNCHER, "-q", "-t", str(TIMEOUT), "-k", img, "-e", share,
           "-a", f"{params} -- {cmds}"] + list(extra)
    return t.run(cmd, timeout=TIMEOUT + 30)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# Boot 1: the host's file read, files written across several messages,
# errors of the server, names changed, threads.
BOOT1 = (f"sum /hostfile.bin mkdir /guest write /guest/big.bin 7 {BIG} "
         f"check /guest/big.bin 7 {BIG} rmdir /full mkdir /guest unlink /nosuch "
         "write /guest/gone 1 10 unlink /guest/gone "
         "symlink big.bin /guest/link readlink /guest/link "
         "write /guest/old 2 5000 rename /guest/old /guest/new stat /guest/new "
         "append /guest/log one append /guest/log two truncate /guest/log 5 "
         "ls /guest threads 4 40000")


def check_boot1(t, r, d, host):
    t.expect_status(r, 0)
    out = r.out
    for line in (f"sum /hostfile.bin: {len(host)} bytes, 0x{fnv1a(host):08x}",
                 "write /guest/big.bin: ok", "check /guest/big.bin: ok",
                 "rmdir /full: error ENOTEMPTY", "mkdir /guest: error EEXIST",
                 "unlink /nosuch: error ENOENT", "readlink /guest/link: big.bin",
                 "ls /guest: big.bin link log new", "threads 4: ok", "done"):
        t.expect_in(out, f"p9app: {line}\n", r)
    t.expect_in(out, "p9app: stat /guest/new: file, 5000 bytes, mode ", r)
    t.expect(read(os.path.join(d, "guest", "big.bin")) == pattern(7, BIG),
             "guest/big.bin on the host is not the guest's pattern", r)
    t.expect(read(os.path.join(d, "guest", "new")) == pattern(2, 5000),
             "the renamed file's content", r)
    t.expect(not os.path.exists(os.path.join(d, "guest", "old")), "old name still there", r)
    t.expect(not os.path.exists(os.path.join(d, "guest", "gone")), "unlinked file there", r)
    t.expect(os.readlink(os.path.join(d, "guest", "link")) == "big.bin", "symlink", r)
    t.expect(read(os.path.join(d, "guest", "log")) == b"onetw", "append+truncate", r)
    t.expect(os.path.exists(os.path.join(d, "full", "x")), "ENOTEMPTY removed something", r)
    for i in range(4):  # each thread's last round wrote seed i + 2
        got = read(os.path.join(d, "thr", f"t{i}"))
        t.expect(got == pattern(i + 2, 40000), f"thr/t{i} on the host", r)
    lines = read(os.path.join(d, "thr", "log")).decode(errors="replace").splitlines()
    want = [f"thread {i} round {k}" for i in range(4) for k in range(3)]
    t.expect(sorted(lines) == sorted(want), "thr/log (12 O_APPEND lines from 4 threads): "
             f"{lines}", r)
    # the root of a host directory gets no /dev or /tmp of ours
    t.expect(sorted(os.listdir(d)) == ["full", "guest", "hostfile.bin", "thr"],
             f"the shared directory holds {sorted(os.listdir(d))}", r)


def fsync_kill(t, build, arch, share, qemu_extra=()):
    """Boot with 'fsync', kill QEMU (SIGKILL) as soon as the guest says fsync
    returned; the trace file of QEMU's 9P server."""
    img = t.build(build).image("kvm", arch)
    trace = os.path.join(share + ".trace")
    if os.path.exists(trace):
        os.remove(trace)
    dry = t.run([LAUNCHER, "-q", "--dry-run", "-k", img, "-e", share, "-a",
                 f"-- fsync /durable.bin 5 {BIG}", "--", "-trace", "v9fs_fsync",
                 "-trace", "v9fs_write", "-D", trace] + list(qemu_extra))
    t.expect_status(dry, 0)
    cmd = shlex.split(dry.out.strip())
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    seen, out = False, []
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            line = p.stdout.readline().decode(errors="replace")
            if not line:
                break
            out.append(line)
            if "p9app: fsync returned" in line:
                os.killpg(p.pid, signal.SIGKILL)
                seen = True
                break
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        p.stdout.close()
    text = "".join(out)
    t.expect(seen, "the guest never said fsync returned:\n" + text[-2000:])
    t.expect_in(text, "p9app: fsync /durable.bin: ok\n")
    got = read(os.path.join(share, "durable.bin"))
    t.expect(got == pattern(5, BIG), f"durable.bin on the host: {len(got)} bytes, "
             "not the pattern written before fsync returned")
    log = read(trace).decode(errors="replace").splitlines()
    fsyncs = [i for i, l in enumerate(log) if l.startswith("v9fs_fsync")]
    writes = [i for i, l in enumerate(log) if l.startswith("v9fs_write ")]
    t.expect(fsyncs and writes and fsyncs[-1] > writes[-1],
             "QEMU's trace shows no Tfsync after the last Twrite:\n" + "\n".join(log[-10:]))


@test("9p/linuxu-x86_64 uktest: the 9P message layer (marshalling, msize splits, short "
      "reads, Rlerror to errno, malformed replies) over a fake transport")
def _(t):
    img = t.build(UKTEST).image("linuxu")
    r = t.run([img], timeout=60)
    t.expect_status(r, 0)
    t.check_uktest(r)
    t.expect_in(r.out, "[ PASSED ] uk9p: reads_split_to_msize_and_stop_short", r)


@test("9p/kvm-x86_64: vfs.fstab fs1 on /: the guest writes, reads, renames and links "
      "files the host checks; server errors are errnos; 4 threads at once; a second "
      "boot without vfs.fstab mounts fs1 on / and finds them", needs=NEEDS_X86,
      timeout=600)
def _(t):
    d, host = share_dir("x86")
    r = kvm(t, X86, "x86_64", d, BOOT1, FSTAB)
    t.expect_in(r.out, "virtio-9p: pci 00:", r)
    t.expect_in(r.out, "mount tag 'fs1', interrupts", r)
    check_boot1(t, r, d, host)
    r = kvm(t, X86, "x86_64", d, f"check /guest/big.bin 7 {BIG} check /guest/new 2 5000 ls /")
    t.expect_status(r, 0)
    t.expect_in(r.out, "no vfs.fstab: mounting 9pfs 'fs1' on /", r)
    for line in ("check /guest/big.bin: ok", "check /guest/new: ok",
                 "ls /: full/ guest/ hostfile.bin thr/"):
        t.expect_in(r.out, f"p9app: {line}\n", r)
    # mount(2) and umount at run time on a ramfs root; a tag mounts once
    r = kvm(t, X86, "x86_64", d, "mkdir /mnt mkdir /mnt2 mount fs1 /mnt mount fs1 /mnt2 "
            "check /mnt/guest/new 2 5000 umount /mnt ls /mnt mount fs1 /mnt2 "
            "check /mnt2/guest/new 2 5000 mount fs9 /mnt", "vfs.rootfs=ramfs")
    t.expect_status(r, 0)
    for line in ("mount fs1: ok", "mount fs1: error EBUSY", "check /mnt/guest/new: ok",
                 "umount /mnt: ok", "ls /mnt:", "mount fs1: ok", "check /mnt2/guest/new: ok",
                 "mount fs9: error ENODEV"):
        t.expect_in(r.out, f"p9app: {line}\n", r)


@test("9p/kvm-x86_64: a read-only share (-e DIR:ro) gives EROFS to writes, creates and "
      "mkdir and still reads; mapped-xattr works; the legacy PCI transport", needs=NEEDS_X86,
      timeout=600)
def _(t):
    d, host = share_dir("x86-ro")
    before = sorted(os.listdir(d))
    r = kvm(t, X86, "x86_64", d + ":ro",
            "write /new 1 10 append /hostfile.bin x mkdir /d unlink /hostfile.bin "
            "sum /hostfile.bin", FSTAB)
    t.expect_status(r, 0)
    for line in ("write /new: error EROFS", "append /hostfile.bin: error EROFS",
                 "mkdir /d: error EROFS", "unlink /hostfile.bin: error EROFS",
                 f"sum /hostfile.bin: {len(host)} bytes, 0x{fnv1a(host):08x}"):
        t.expect_in(r.out, f"p9app: {line}\n", r)
    t.expect(sorted(os.listdir(d)) == before and read(os.path.join(d, "hostfile.bin")) == host,
             "the read-only directory changed", r)
    r = kvm(t, X86, "x86_64", d + ":mapped-xattr", "write /mapped 4 1000 check /mapped 4 1000",
            FSTAB)
    t.expect_status(r, 0)
    t.expect_in(r.out, "p9app: check /mapped: ok\n", r)
    t.expect(read(os.path.join(d, "mapped")) == pattern(4, 1000), "mapped-xattr file", r)
    r = kvm(t, X86, "x86_64", d, f"write /legacy 6 {BIG} check /legacy 6 {BIG}", FSTAB,
            ["--", "-global", "virtio-9p-pci.disable-modern=on"])
    t.expect_status(r, 0)
    t.expect_in(r.out, "(pci-legacy), mount tag 'fs1'", r)
    t.expect_in(r.out, "p9app: check /legacy: ok\n", r)
    t.expect(read(os.path.join(d, "legacy")) == pattern(6, BIG), "file written over legacy PCI", r)


@test("9p/kvm-x86_64: fsync reaches the host: QEMU killed right after fsync returned, "
      "the file is whole and the trace shows the Tfsync", needs=NEEDS_X86)
def _(t):
    d, _ = share_dir("x86-fsync")
    fsync_kill(t, X86, "x86_64", d)


@test("9p/kvm-x86_64: bad vfs.fstab entries stop the boot with status 64 naming the "
      "entry; the extract form unpacks the initrd into a ramfs root, 9pfs mounted "
      "below it with mkmp", needs=NEEDS_X86, timeout=600)
def _(t):
    d, host = share_dir("x86-fstab")
    for fstab, msg in (
            ('"fs2:/:9pfs:::mkmp"', "vfs.fstab: 'fs2:/:9pfs:::mkmp': cannot mount fs2 on /: "
                                    "No such device"),
            ('"fs1:/:nfs:::"', "vfs.fstab: 'fs1:/:nfs:::': unknown file system type 'nfs'"),
            ('"fs1:/"', "vfs.fstab: 'fs1:/': is not SRC:DEST:FSTYPE"),
            ('"fs1:/:9pfs:::mkdir"', "unknown UKOPTS option (known: mkmp): mkdir"),
            ('"fs1:/mnt/x:9pfs::"', "vfs.fstab: 'fs1:/mnt/x:9pfs::': cannot mount fs1 on "
                                    "/mnt/x: No such file or directory (UKOPTS mkmp"),
            ('"fs1:rel:9pfs:::"', "the mount point must be an absolute path"),
            ('"fs1:/mnt:9pfs:::mkmp" "fs1:/:9pfs"', "only the first entry may mount the "
                                                   "root /"),
            ('"initrd0:/:extract::ramfs=1:"', "but the platform was given no initrd")):
        r = kvm(t, X86, "x86_64", d, "ls /", f"vfs.fstab=[ {fstab} ]")
        t.expect_status(r, 64)
        t.expect_in(r.out, msg, r)
        t.expect_not_in(r.out, "p9app: ls", r)
    t.expect_in(kvm(t, X86, "x86_64", d, "ls /", 'vfs.fstab=[ "fs2:/:9pfs:::" ]').out,
                "9pfs: no 9P device has the mount tag 'fs2' (this image has: fs1)")
    rd = os.path.join(TESTS_DIR, "9p-initrd")
    shutil.rmtree(rd, ignore_errors=True)
    os.makedirs(os.path.join(rd, "etc"))
    with open(os.path.join(rd, "etc", "motd"), "w") as f:
        f.write("from the initrd")
    cpio = rd + ".cpio"
    with open(cpio, "wb") as f:
        subprocess.run("find . | cpio -o -H newc", shell=True, cwd=rd, stdout=f,
                       stderr=subprocess.DEVNULL, check=True)
    r = kvm(t, X86, "x86_64", d, "ls / cat /etc/motd sum /mnt/host/hostfile.bin",
            'vfs.fstab=[ "initrd0:/:extract::ramfs=1:" "fs1:/mnt/host:9pfs:::mkmp" ]',
            ["-i", cpio])
    t.expect_status(r, 0)
    for line in ("ls /: dev/ etc/ mnt/ tmp/", "cat /etc/motd: from the initrd",
                 f"sum /mnt/host/hostfile.bin: {len(host)} bytes, 0x{fnv1a(host):08x}"):
        t.expect_in(r.out, f"p9app: {line}\n", r)


@test("9p/kvm-arm64: virtio-mmio: the guest writes and reads files the host checks, "
      "errors, 4 threads; virtio-9p-pci: a second boot finds them; fsync reaches the "
      "host", needs=NEEDS_ARM, timeout=600)
def _(t):
    d, host = share_dir("arm64")
    r = kvm(t, ARM, "arm64", d, BOOT1, FSTAB)
    t.expect_in(r.out, "virtio-9p: mmio ", r)
    check_boot1(t, r, d, host)
    r = kvm(t, ARM, "arm64", d + ":pci", f"check /guest/big.bin 7 {BIG} check /guest/new 2 5000")
    t.expect_status(r, 0)
    t.expect_in(r.out, "virtio-9p: pci ", r)
    t.expect_in(r.out, "p9app: check /guest/big.bin: ok\n", r)
    t.expect_in(r.out, "p9app: check /guest/new: ok\n", r)
    fsync_kill(t, ARM, "arm64", d)


@test("9p/linuxu-x86_64: hostfs (linuxu.hostfs=DIR on /, or in vfs.fstab) reads, writes "
      "and persists files in a host directory; a missing one stops the boot; a "
      "read-only bind mount gives EROFS")
def _(t):
    img = t.build(X86).image("linuxu")
    d, host = share_dir("hostfs")
    r = t.run([img, f"linuxu.hostfs={d}", "--"] + BOOT1.split(), timeout=120)
    t.expect_in(r.out, f"hostfs: mounted host directory {d}", r)
    check_boot1(t, r, d, host)
    r = t.run([img, "vfs.fstab=[", f"{d}:/data:hostfs:::mkmp", "]", "--",
               "check", "/data/guest/big.bin", "7", str(BIG), "ls", "/"], timeout=60)
    t.expect_status(r, 0)
    t.expect_in(r.out, "p9app: check /data/guest/big.bin: ok\n", r)
    t.expect_in(r.out, "p9app: ls /: data/ dev/ tmp/\n", r)
    r = t.run([img, f"linuxu.hostfs={d}/nosuch", "--", "ls", "/"], timeout=60)
    t.expect_status(r, 64)
    t.expect_in(r.out, f"hostfs: host directory {d}/nosuch: No such file or directory", r)
    if os.geteuid() != 0 or not shutil.which("unshare"):
        t.note("read-only check skipped: needs root and unshare (a private bind mount)")
        return
    script = (f'mount --bind "{d}" "{d}" && mount -o remount,bind,ro "{d}" && '
              f'exec "{img}" linuxu.hostfs="{d}" -- write /new 1 10 mkdir /x sum /hostfile.bin')
    r = t.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], timeout=60)
    t.expect_status(r, 0)
    for line in ("write /new: error EROFS", "mkdir /x: error EROFS",
                 f"sum /hostfile.bin: {len(host)} bytes, 0x{fnv1a(host):08x}"):
        t.expect_in(r.out, f"p9app: {line}\n", r)


@test("9p/launcher: -e DIR[:ro|:mapped-xattr|:pci|:mmio] gives QEMU -fsdev/-device with "
      "mount tags fs1, fs2; bad options and missing directories are refused",
      needs=NEEDS_X86)
def _(t):
    img = t.build(X86).image("kvm", "x86_64")
    d, _ = share_dir("launcher")
    r = t.run([LAUNCHER, "-q", "--dry-run", "-k", img, "-e", d, "-e", f"{d}:ro:mapped-xattr"])
    t.expect_status(r, 0)
    t.expect_in(r.out, f"-fsdev local,id=fs1,path={d},security_model=passthrough "
                       "-device virtio-9p-pci,fsdev=fs1,mount_tag=fs1", r)
    t.expect_in(r.out, f"-fsdev local,id=fs2,path={d},security_model=mapped-xattr,"
                       "readonly=on -device virtio-9p-pci,fsdev=fs2,mount_tag=fs2", r)
    for args, msg in (([f"{d}:rw"], "unknown option 'rw'"),
                      ([d + "/nosuch"], "does not exist"),
                      ([f"{d}:mmio"], "machine pc has no virtio-mmio transports")):
        r = t.run([LAUNCHER, "-q", "--dry-run", "-k", img, "-e"] + args)
        t.expect_status(r, 252)  # the launcher's usage status
        t.expect_in(r.err, msg, r)
