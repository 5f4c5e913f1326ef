# SPDX-License-Identifier: BSD-3-Clause
"""Storage: sequential write then read of a 64 MiB file (4 KiB and 1 MiB requests) and 4 KiB random reads, on ramfs, on an ext4 disk (extfs over virtio-blk) and on a shared directory (9pfs over virtio-9p) in a kvm-x86_64 guest, beside the host doing the same.

One program, support/test/extfsapp (its `bench PATH MIB` command), runs
in the guest and natively on the host. Each pattern: the 64 MiB file is
written (the time includes the final fsync), read back, written again
with 1 MiB requests, read back, then read at 16384/4 random 4 KiB
offsets. Guest columns:

  ramfs  the guest's root ramfs;
  ext4   a file on an ext4 image (mkfs.ext4 -b 4096, 256 MiB) attached with
         -d, mounted by the guest (mount blk0 /data ext4);
  9pfs   a file in a host directory shared with -e DIR (virtio-9p, 9pfs,
         mounted by the guest on / as its default root).

Host columns, the comparison each guest figure is a ratio to: the same
program on /dev/shm (tmpfs; for ramfs), on a file in the directory that
holds the disk image (for ext4: the same host file system) and on a file
in the shared directory itself (for 9pfs: the same backing directory).
BENCH_STORAGE_MIB=N in the environment makes the file N MiB instead of
64 (a quick check that everything runs). QEMU runs under TCG here (no usable KVM), so ratios say more about
emulation than about the file system; they are printed, never judged.
"""

import os
import re
import subprocess

from bench import BENCH_DIR, ROOT

NAME = "storage"
MIB = int(os.environ.get("BENCH_STORAGE_MIB", "64"))
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
APP = os.path.join(ROOT, "support", "test", "extfsapp")
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set",
       "CONFIG_LIBUKBUS=y", "CONFIG_KVM_PCI=y", "CONFIG_KVM_VIRTIO_BLK=y",
       "CONFIG_KVM_VIRTIO_9P=y", "CONFIG_LIB9PFS=y"]
FIGURES = [("write4k", "sequential write, 4 KiB requests (+fsync)"),
           ("read4k", "sequential read, 4 KiB requests"),
           ("write1m", "sequential write, 1 MiB requests (+fsync)"),
           ("read1m", "sequential read, 1 MiB requests"),
           ("randread4k", "random reads, 4 KiB")]
LINE = re.compile(r"extfsapp: bench \S+ \d+ MiB: write4k ([\d.]+) read4k ([\d.]+) "
                  r"write1m ([\d.]+) read1m ([\d.]+) randread4k ([\d.]+) MiB/s")


def parse(out, what):
    m = LINE.search(out)
    if not m:
        raise RuntimeError(f"{what}: no figures in:\n{out[-2000:]}")
    return dict(zip((k for k, _ in FIGURES), (float(x) for x in m.groups())))


def guest(img, args, disk=None, share=None):
    cmd = [LAUNCHER, "-q", "-t", "900", "-m", "512M", "-k", img]
    if disk:
        cmd += ["-d", disk]
    if share:
        cmd += ["-e", share]
    cmd += ["-a", "-- " + args]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=1000)
    return r.stdout.decode(errors="replace")


def host(native, path):
    r = subprocess.run([native, "bench", path, str(MIB)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=1000)
    return parse(r.stdout.decode(errors="replace"), f"host {path}")


def ramfs_column(img, work):
    return parse(guest(img, f"bench /bench.dat {MIB}"), "guest ramfs")


def ext4_column(img, work):
    disk = os.path.join(work, "disk.img")
    if os.path.exists(disk):
        os.unlink(disk)
    with open(disk, "wb") as f:
        f.truncate(256 << 20)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-b", "4096", disk], check=True,
                   capture_output=True)
    out = guest(img, f"mount blk0 /data ext4 bench /data/bench.dat {MIB} umount /data",
                disk=disk)
    return parse(out, "guest ext4")


def share_dir(work):
    d = os.path.join(work, "share")
    os.makedirs(d, exist_ok=True)
    return d


def ninep_column(img, work):
    # No vfs.fstab: the image mounts the share (fs1) on / by itself.
    out = guest(img, f"bench /bench.dat {MIB}", share=share_dir(work))
    return parse(out, "guest 9pfs")


# (label, guest column, host comparison: "shm", "disk" or "share")
COLUMNS = [("ramfs", ramfs_column, "shm"), ("ext4", ext4_column, "disk"),
           ("9pfs", ninep_column, "share")]


def run(b):
    work = os.path.join(BENCH_DIR, "storage-work")
    os.makedirs(work, exist_ok=True)
    d, _, _ = b.build("storage-kvm-x86_64", APP, KVM, clean=False)
    img = os.path.join(d, "extfsapp_kvm-x86_64")
    native = os.path.join(work, "extfsapp-native")
    b.sh(["gcc", "-O2", "-o", native, os.path.join(APP, "main.c")])
    hosts = {"shm": host(native, "/dev/shm/tessera-bench.dat"),
             "disk": host(native, os.path.join(work, "host-bench.dat")),
             "share": host(native, os.path.join(share_dir(work), "host-bench.dat"))}
    b.figure("file size", f"{MIB}", "MiB", "BENCH_STORAGE_MIB=N changes it")
    b.figure("host /dev/shm (tmpfs)", "", "", "the comparison for ramfs")
    for k, label in FIGURES:
        b.figure(f"  {label}", f"{hosts['shm'][k]:.1f}", "MiB/s")
    b.figure("host file beside the disk image", "", "", "the comparison for ext4")
    for k, label in FIGURES:
        b.figure(f"  {label}", f"{hosts['disk'][k]:.1f}", "MiB/s")
    b.figure("host file in the shared directory", "", "", "the comparison for 9pfs")
    for k, label in FIGURES:
        b.figure(f"  {label}", f"{hosts['share'][k]:.1f}", "MiB/s")
    for name, column, versus in COLUMNS:
        figs = column(img, work)
        b.figure(f"guest {name} (kvm-x86_64 under QEMU)", "", "", f"ratio to host {versus}")
        for k, label in FIGURES:
            ratio = figs[k] / hosts[versus][k] if hosts[versus][k] else 0
            b.figure(f"  {label}", f"{figs[k]:.1f}", "MiB/s", f"{ratio:.3f} of the host")
