# SPDX-License-Identifier: BSD-3-Clause
"""malloc/free speed of each allocator backend next to glibc, same workload.

The workload is support/bench/allocbench/main.c (its comment defines it):
1,000,000 steps over a window of 1024 live blocks, each step freeing a
random slot and allocating 16 B..4 KiB (1 in 64: 16..256 KiB), so
2,000,000 malloc+free operations. The same source runs as a Tessera image
per backend and as a native Linux program against glibc (gcc -O2). Wall
time is measured inside the program around the workload alone (median of
RUNS runs, the variants taken in turns); instructions are counted by
callgrind inside the workload function alone, so they include the
workload's own loop (about 38 per operation, the same for every variant).
The region backend cannot run it (free does nothing).
"""

import os
import re
import shutil
import statistics
import subprocess

NAME = "alloc"
RUNS = 11
APP = "support/bench/allocbench"
LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]
KVM = ["CONFIG_ARCH_X86_64=y", "# CONFIG_PLAT_LINUXU is not set", "CONFIG_PLAT_KVM=y"]
VARIANTS = [  # (label, backend, extra configuration)
    ("tlsf", "TLSF", []),
    ("bbuddy", "BBUDDY", []),
    ("tlsf, IRQSAFE off", "TLSF", ["# CONFIG_LIBUKALLOC_IRQSAFE is not set"]),
    ("bbuddy, IRQSAFE off", "BBUDDY", ["# CONFIG_LIBUKALLOC_IRQSAFE is not set"]),
]
LINE = re.compile(r"allocbench: ops=(\d+) ns=(\d+) check=(\d+)")


def parse(out, what):
    m = LINE.search(out)
    if not m:
        raise RuntimeError(f"{what} printed no result:\n{out[-1500:]}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def walls(cmds, runs=RUNS, timeout=120):
    """Median workload nanoseconds of each (label, command), run in turns
    (one round runs every command once) so that load on the machine
    changing over time weighs on all of them alike. Returns
    {label: (ops, median ns, checksum)}."""
    times = {label: [] for label, _ in cmds}
    last = {}
    for _ in range(runs):
        for label, cmd in cmds:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout)
            ops, ns, check = parse(r.stdout.decode(errors="replace"), label)
            times[label].append(ns)
            last[label] = (ops, check)
    return {label: (last[label][0], statistics.median(times[label]), last[label][1])
            for label, _ in cmds}


def instructions(cmd, outdir):
    """Instructions executed inside workload() and what it calls."""
    out = os.path.join(outdir, "callgrind.out")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=workload",
                        f"--callgrind-out-file={out}"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if os.path.exists(out):
        os.unlink(out)
    for line in r.stderr.decode(errors="replace").splitlines():
        if "Collected :" in line:
            return int(line.split(":")[1].strip())
    raise RuntimeError("callgrind gave no count:\n" + r.stderr.decode(errors="replace")[-2000:])


def report(b, label, ops, ns, instr, glibc=None):
    mops = ops / (ns / 1e9) / 1e6
    note = ""
    if glibc:
        note = f"{glibc[1] / ns:.2f}x glibc's speed, {instr / glibc[2]:.2f}x its instructions"
    b.figure(f"{label}: malloc+free per second (median wall)", f"{mops:.1f}", "M/s", note)
    b.figure(f"{label}: ns per operation", f"{ns / ops:.1f}", "ns")
    b.figure(f"{label}: instructions per operation (callgrind)", f"{instr / ops:.1f}")


def run(b):
    root = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    src = os.path.join(root, APP, "main.c")

    # glibc, natively
    d = os.path.join(root, "build", "bench", "alloc-glibc")
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    native = os.path.join(d, "allocbench-glibc")
    b.sh(["gcc", "-O2", src, "-o", native])
    glibc_label = "glibc malloc (native, gcc -O2)"
    cmds, dbg = [(glibc_label, [native])], {glibc_label: ([native], d)}
    for label, backend, extra in VARIANTS:
        name = "alloc-" + re.sub(r"[^a-z0-9]+", "-", label).strip("-") + "-linuxu"
        bd, _, _ = b.build(name, APP, LINUXU + [f"CONFIG_LIBUKALLOC_DEFAULT_{backend}=y"] + extra)
        img = os.path.join(bd, "allocbench_linuxu-x86_64")
        cmds.append((f"{label} (linuxu)", [img]))
        dbg[f"{label} (linuxu)"] = ([img + ".dbg"], bd)

    res = walls(cmds)
    ops, ns, check = res[glibc_label]
    glibc = (ops, ns, instructions(*dbg[glibc_label]))
    print(f"  workload: {ops:,} malloc+free operations (checksum {check}); "
          f"median of {RUNS} runs, taken in turns", flush=True)
    report(b, glibc_label, *glibc)
    for label, _ in cmds[1:]:
        ops, ns, c = res[label]
        if c != check:
            raise RuntimeError(f"{label}: checksum {c} differs from glibc's {check}")
        report(b, label, ops, ns, instructions(*dbg[label]), glibc)
    b.figure("region (linuxu)", "n/a", "",
             "free does nothing: the workload allocates ~2.6 GB in all")

    if not os.path.exists(os.path.join(root, "plat", "kvm", "Config.uk")) or \
            not shutil.which("qemu-system-x86_64"):
        b.figure("kvm-x86_64 under QEMU", "n/a", "", "no kvm platform or no QEMU")
        return
    kvm = []
    for label, backend in (("tlsf", "TLSF"), ("bbuddy", "BBUDDY")):
        bd, _, _ = b.build(f"alloc-{label}-kvm", APP,
                           KVM + [f"CONFIG_LIBUKALLOC_DEFAULT_{backend}=y"])
        img = os.path.join(bd, "allocbench_kvm-x86_64")
        kvm.append((label, [os.path.join(root, "support", "scripts", "qemu-guest"),
                            "-q", "-k", img, "-m", "128M", "-t", "280"]))
    for label, (ops, ns, _) in walls(kvm, runs=5, timeout=300).items():
        b.figure(f"{label} (kvm-x86_64, QEMU TCG): malloc+free per second",
                 f"{ops / (ns / 1e9) / 1e6:.1f}", "M/s",
                 f"{ns / ops:.1f} ns/op, guest clock, median of 5; TCG emulation, for the record")
