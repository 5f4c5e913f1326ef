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
Load-address randomisation (CONFIG_KVM_ASLR, off by default), on
kvm-x86_64 and kvm-arm64 helloworld: image size, guest instructions to
main, and the boot stamps' time from the first instruction to main
(median of 5, TCG), off and on.
"""

import os
import re
import statistics
import subprocess

import bench_alloc
import bench_sched
from bench import ROOT
from qemubench import pcs_to_main, qemu_cmd

NAME = "mitigations"

OFF_SSP = ["# CONFIG_LIBUKSTACKPROTECTOR is not set"]
OFF_KVM = OFF_SSP + ["# CONFIG_KVM_WX is not set"]
KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
LINUXU = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_LINUXU=y"]
KVM_ARM64 = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
# arch: (config, image suffix, entry symbol, nm, the boot stamps' line)
ASLR_ARCHS = {
    "kvm-x86_64": (KVM, "kvm-x86_64", "_kvm_pvh_entry", "nm",
                   r"kvm: boot tsc first=(\d+) main=(\d+) exit=\d+ tsc_khz=(\d+)"),
    "kvm-arm64": (KVM_ARM64, "kvm-arm64", "_kvm_arm64_start", "aarch64-linux-gnu-nm",
                  r"kvm: boot cntvct first=(\d+) main=(\d+) exit=\d+ cntvct_khz=(\d+)"),
}


def pct(on, off):
    return f"{(on - off) / off * 100:+.1f}%"


def run(b):
    aslr(b)
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


def boot_us(imgs, pattern, rounds=7):
    """For each image: the median over rounds boots (all images in turns,
    so load hits them alike) of the stamps' first instruction to main,
    in us."""
    us = {img: [] for img in imgs}
    for _ in range(rounds):
        for img in imgs:
            out = subprocess.run(qemu_cmd(img), stdout=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, timeout=60, text=True).stdout
            m = re.search(pattern, out)
            if not m:
                raise RuntimeError("no boot stamps in the output:\n" + out[-2000:])
            first, main, khz = (int(x) for x in m.groups())
            us[img].append((main - first) / khz * 1000)
    return {img: statistics.median(v) for img, v in us.items()}


def aslr(b):
    for arch, (config, suffix, entry, nm, stamps) in ASLR_ARCHS.items():
        res, imgs = {}, {}
        for label, extra in (("off", []), ("on", ["CONFIG_KVM_ASLR=y"])):
            d, _, _ = b.build(f"mitigations-aslr-{arch}-{label}", "apps/helloworld",
                              config + ["CONFIG_KVM_BOOT_STAMPS=y"] + extra)
            img = imgs[label] = os.path.join(d, f"helloworld_{suffix}")
            moved = None if label == "off" else \
                "kvm_x86_aslr_moved" if arch == "kvm-x86_64" else "kvm_arm64_aslr_moved"
            res[label] = (os.path.getsize(img),
                          len(pcs_to_main(img, d, entry, nm, timeout=300, moved=moved)))
        us = boot_us([imgs["off"], imgs["on"]], stamps)
        uoff, uon = us[imgs["off"]], us[imgs["on"]]
        (son, ion), (soff, ioff) = res["on"], res["off"]
        b.figure(f"{arch} helloworld (boot stamps), stripped: ASLR off", soff, "B")
        b.figure(f"{arch} helloworld (boot stamps), stripped: ASLR on", son, "B",
                 pct(son, soff))
        b.figure(f"{arch} guest instructions to main: ASLR off", f"{ioff:,}")
        b.figure(f"{arch} guest instructions to main: ASLR on", f"{ion:,}", "",
                 pct(ion, ioff))
        b.figure(f"{arch} first instruction to main: ASLR off", f"{uoff:.0f}", "us",
                 "median of 7 in turns, TCG: noisy")
        b.figure(f"{arch} first instruction to main: ASLR on", f"{uon:.0f}", "us",
                 pct(uon, uoff))
