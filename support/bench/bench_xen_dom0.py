# SPDX-License-Identifier: BSD-3-Clause
"""Xen 4.17 with a Linux dom0 on QEMU (TCG), by support/scripts/xen-dom0: each boot stage, and xl create of helloworld.

Medians of a few runs of: dom0 up, xl info and xl list, power-off; and the
same with `xl create -F` of helloworld's xen-arm64 image (start to return).
The stages are the ones xen-dom0 prints (host wall clock at each console
line)."""

import os
import re
import statistics
import subprocess
import time

from qemubench import ROOT

NAME = "xen-dom0"

CONFIG = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "CONFIG_PLAT_XEN=y",
          "# CONFIG_PLAT_LINUXU is not set"]
RUNS = 3
SCRIPT = os.path.join(ROOT, "support", "scripts", "xen-dom0")
STAGE_RE = re.compile(r"^xen-dom0:\s+([\d.]+) s\s+\+\s*([\d.]+) s\s+(.*)$", re.M)


def stages(cmd):
    """[(stage, seconds since QEMU started)] and the whole run's seconds."""
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True, timeout=900)
    took = time.monotonic() - t0
    if r.returncode != 0:
        raise RuntimeError(f"xen-dom0 failed ({r.returncode}): {' '.join(cmd)}\n"
                           + r.stderr[-2000:])
    return [(name, float(at)) for at, _, name in STAGE_RE.findall(r.stderr)], took


def report(b, label, runs):
    names = []
    for st, _ in runs:  # every stage any run reached, in order
        names += [n for n, _ in st if n not in names]
    for n in names:
        vals = [dict(st).get(n) for st, _ in runs]
        vals = [v for v in vals if v is not None]
        if vals:
            b.figure(f"{label}: {n}", f"{statistics.median(vals):.2f}", "s",
                     "since QEMU started")
    b.figure(f"{label}: the whole xen-dom0 run", f"{statistics.median(t for _, t in runs):.1f}",
             "s", f"median of {len(runs)}")


def run(b):
    d, _, _ = b.build("xen-dom0-hello", "apps/helloworld", CONFIG)
    img = os.path.join(d, "helloworld_xen-arm64")
    t0 = time.monotonic()
    b.sh([SCRIPT, "--fetch"], timeout=1800)
    b.figure("fetch and assemble (or check the cache)", f"{time.monotonic() - t0:.1f}", "s")
    report(b, "dom0, xl info", [stages([SCRIPT, "-t", "600"]) for _ in range(RUNS)])
    report(b, "xl create helloworld",
           [stages([SCRIPT, "-t", "600", "-k", img, "-a", "-- bench"]) for _ in range(RUNS)])
