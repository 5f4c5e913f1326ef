# SPDX-License-Identifier: BSD-3-Clause
"""What the mitigations cost: image size, boot instructions, malloc and thread switches with the stack protector and W^X on (the default) and off, built and measured in one run.

kvm-x86_64 helloworld: stripped size and guest instructions from the first
one to main (TCG, one instruction per block: deterministic), with both
mitigations (CONFIG_LIBUKSTACKPROTECTOR, CONFIG_KVM_WX) on and off.
linuxu-x86_64 (where only the stack protector applies; the host enforces
W^X): the allocator workload of bench_alloc (TLSF) in instructions per
operation (callgrind, stable) and median wall time, and the cooperative
scheduler's yield switch of bench_sched (best of 3), with the protector
on and off. The variants are measured in turns, so load hits both alike.
"""

import os

import bench_alloc
import bench_sched
from bench import ROOT
from qemubench import pcs_to_main

NAME = "mitigations"

OFF_SSP = ["# CONFIG_LIBUKSTACKPROTECTOR is not set"]
OFF_KVM = OFF_SSP + ["# CONFIG_KVM_WX is not set"]
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]


def pct(on, off):
    return f"{(on - off) / off * 100:+.1f}%"


def run(b):
    # Image size and boot instructions, kvm-x86_64.
    res = {}
    for label, extra in (("on", []), ("off", OFF_KVM)):
        d, _, _ = b.build(f"mitigations-hello-kvm-{label}", "apps/helloworld", KVM + extra)
        img = os.path.join(d, "helloworld_kvm-x86_64")
        res[label] = (os.path.getsize(img), len(pcs_to_main(img, d, "_kvm_pvh_entry")))
    (son, ion), (soff, ioff) = res["on"], res["off"]
    b.figure("kvm-x86_64 helloworld, stripped: mitigations on", son, "B")
    b.figure("kvm-x86_64 helloworld, stripped: mitigations off", soff, "B", pct(son, soff))
    b.figure("kvm-x86_64 guest instructions to main: on", f"{ion:,}")
    b.figure("kvm-x86_64 guest instructions to main: off", f"{ioff:,}", "", pct(ion, ioff))

    # malloc/free, linuxu, TLSF.
    cmds, dbg = [], {}
    for label, extra in (("on", []), ("off", OFF_SSP)):
        d, _, _ = b.build(f"mitigations-alloc-{label}", bench_alloc.APP,
                          LINUXU + ["CONFIG_LIBUKALLOC_DEFAULT_TLSF=y"] + extra)
        img = os.path.join(d, "allocbench_linuxu-x86_64")
        cmds.append((label, [img]))
        dbg[label] = ([img + ".dbg"], d)
    walls = bench_alloc.walls(cmds)
    instr = {label: bench_alloc.instructions(*dbg[label]) for label, _ in cmds}
    for label, _ in cmds:
        ops, ns, _ = walls[label]
        note = "" if label == "on" else \
            f"on/off: {instr['on'] / instr['off']:.3f}x instructions, " \
            f"{walls['on'][1] / ns:.3f}x time"
        b.figure(f"linuxu malloc+free (TLSF), stack protector {label}",
                 f"{instr[label] / ops:.1f}", "instr/op",
                 f"{ns / ops:.1f} ns/op" + (f"; {note}" if note else ""))

    # Thread switches, linuxu, cooperative scheduler.
    app = os.path.join(ROOT, "build", "bench", "sched-app")
    os.makedirs(app, exist_ok=True)
    bench_sched.write(os.path.join(app, "Config.uk"), bench_sched.APP_CONFIG)
    bench_sched.write(os.path.join(app, "Makefile.uk"), bench_sched.APP_MAKEFILE)
    bench_sched.write(os.path.join(app, "main.c"), bench_sched.APP_C)
    builds = {}
    for label, extra in (("on", []), ("off", OFF_SSP)):
        builds[label], _, _ = b.build(f"mitigations-sched-{label}", app,
                                      LINUXU + ['CONFIG_UK_NAME="schedbench"',
                                                "CONFIG_LIBUKSCHEDCOOP=y"] + extra)
    ns = {label: [] for label in builds}
    for _ in range(3):
        for label, d in builds.items():
            ns[label].append(bench_sched.value(
                bench_sched.run_linuxu(b, d, ["yield", "2000000"]), "yield_ns_per_switch"))
    on, off = min(ns["on"]), min(ns["off"])
    b.figure("linuxu coop yield switch, stack protector on", f"{on:.1f}", "ns")
    b.figure("linuxu coop yield switch, stack protector off", f"{off:.1f}", "ns",
             f"on/off {on / off:.3f}x (best of 3, in turns)")
