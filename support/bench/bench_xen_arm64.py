# SPDX-License-Identifier: BSD-3-Clause
"""helloworld as a dom0less Xen 4.17 guest on QEMU, beside kvm-arm64: size, smallest memory, launch to status.

The xen-arm64 and kvm-arm64 images come from one build. The launch of
xen-guest to the guest's status line is split at Xen's first line and the
domain's first line."""

import os
import statistics
import subprocess
import time

from qemubench import ROOT, qemu_cmd

NAME = "xen"

CONFIG = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_XEN=y",
          "# CONFIG_PLAT_LINUXU is not set"]
RUNS = 10


LAUNCHER = os.path.join(ROOT, "support", "scripts", "xen-guest")


def stamped_run(cmd):
    """Seconds from start to Xen's first line, the domain's first line and
    the status line."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, text=True)
    xen = dom = end = None
    for line in p.stdout:
        now = time.monotonic() - t0
        if xen is None and line.startswith("(XEN)"):
            xen = now
        elif dom is None and not line.startswith("(XEN)"):
            dom = now
        if line.startswith("xen: exit status"):
            end = now
    p.wait(timeout=60)
    if p.returncode != 0 or None in (xen, dom, end):
        raise RuntimeError(f"xen-guest failed ({p.returncode}): {' '.join(cmd)}")
    return xen, dom, end


def smallest_mib(lg, img):
    for mib in range(4, 65):
        r = subprocess.run([lg, "-q", "-t", "30", "-k", img, "-m", str(mib)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=90)
        if r.returncode == 0:
            return mib
    return None


def run(b):
    d, _, _ = b.build("xen-arm64-hello", "apps/helloworld", CONFIG)
    xen_img = os.path.join(d, "helloworld_xen-arm64")
    kvm_img = os.path.join(d, "helloworld_kvm-arm64")
    lg = LAUNCHER
    b.figure("stripped image size, xen-arm64", os.path.getsize(xen_img), "B",
             f"kvm-arm64 from the same build: {os.path.getsize(kvm_img)} B")
    b.figure("smallest domain memory that boots", smallest_mib(lg, xen_img), "MiB",
             "Xen wants a 2 MiB-aligned slot for the domain's device tree above the "
             "image; kvm-arm64 boots with QEMU -m 5M")
    runs = [stamped_run([lg, "-v", "-t", "60", "-k", xen_img]) for _ in range(RUNS)]
    xen, dom, end = (statistics.median(r[i] for r in runs) for i in range(3))
    b.figure(f"xen-guest start to Xen's first line, median of {RUNS}", f"{xen * 1000:.0f}",
             "ms", "dumping QEMU's device tree, dtc, QEMU start (TCG)")
    b.figure("Xen's first line to the domain's first line", f"{(dom - xen) * 1000:.0f}", "ms",
             "Xen's boot and the domain's construction")
    b.figure("domain's first line to its status line", f"{(end - dom) * 1000:.0f}", "ms")
    b.figure("xen-guest start to the guest's status line", f"{end * 1000:.0f}", "ms")
    kvm = b.wall(qemu_cmd(kvm_img), runs=RUNS, timeout=60)
    b.figure(f"kvm-arm64 image: QEMU launch to exit, median of {RUNS}",
             f"{kvm * 1000:.0f}", "ms", "the same helloworld, no Xen")
