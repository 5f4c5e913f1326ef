# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on kvm-arm64 under QEMU virt: size, launch-to-exit vs a do-nothing kernel, boot instructions, smallest -m."""

import os
import re
import subprocess

from qemubench import pcs_to_main, qemu_cmd, smallest_memory, wall_pair

NAME = "arm64"

KVM = ["CONFIG_ARCH_ARM_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
CROSS = "aarch64-linux-gnu-"
RUNS = 20

# The floor: a Linux arm64 Image (same header, same load address) whose
# only work is the semihosting SYS_EXIT with status 0, the way our image
# leaves. Not a product; generated here for the comparison.
FLOOR_S = r"""
	.text
	.globl _start
_start:
	b 1f
	.long 0
	.quad 0x200000, 4096, 2, 0, 0, 0
	.ascii "ARM\x64"
	.long 0
1:	mov x0, #0x18
	adr x1, block
	hlt #0xf000
2:	wfi
	b 2b
	.p2align 3
block:	.quad 0x20026, 0
"""
FLOOR_LDS = """
ENTRY(_start)
SECTIONS { . = 0x40200000; .text : { *(.text) } }
"""


def instructions_to_main(image, workdir):
    """The count of instructions to main, and the share spent in the
    device-tree code."""
    pcs = pcs_to_main(image, workdir, "_kvm_arm64_start", CROSS + "nm", timeout=300)
    return len(pcs), dt_share(image + ".dbg", pcs)


def dt_share(dbg, pcs):
    """Fraction of pcs inside the device-tree functions (by symbol sizes)."""
    out = subprocess.run([CROSS + "nm", "-S", dbg], stdout=subprocess.PIPE, check=True,
                         text=True).stdout
    ranges = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 4 and (p[3].startswith("uk_fdt") or p[3] in (
                "kvm_arm64_dt_parse", "finish_node", "prop", "reg", "irq",
                "compatible", "str_prop_is", "u32_prop", "dev", "pick_uart")):
            a, n = int(p[0], 16), int(p[1], 16)
            ranges.append((a, a + n))
    inside = sum(1 for pc in pcs if any(a <= pc < e for a, e in ranges))
    return inside / len(pcs) if pcs else 0


def build_floor(b, workdir):
    src = os.path.join(workdir, "floor.S")
    lds = os.path.join(workdir, "floor.lds")
    obj = os.path.join(workdir, "floor.o")
    elf = os.path.join(workdir, "floor.elf")
    out = os.path.join(workdir, "floor_kvm-arm64")
    with open(src, "w") as f:
        f.write(FLOOR_S)
    with open(lds, "w") as f:
        f.write(FLOOR_LDS)
    b.sh([CROSS + "gcc", "-c", src, "-o", obj])
    b.sh([CROSS + "ld", "-T", lds, "-o", elf, obj])
    b.sh([CROSS + "objcopy", "-O", "binary", elf, out])
    return out


def run(b):
    d, _, _ = b.build("kvm-arm64-hello", "apps/helloworld", KVM)
    img = os.path.join(d, "helloworld_kvm-arm64")
    b.figure("stripped image size (raw arm64 Image)", os.path.getsize(img), "B",
             f"{os.path.getsize(img) / 1024:.1f} KiB; goal <= 64 KiB")
    n, share = instructions_to_main(img, d)
    b.figure("guest instructions, first instruction to main", f"{n:,}", "",
             f"{share * 100:.0f}% reading the device tree; goal <= 200,000")
    b.figure("smallest -m that boots", smallest_memory(img, 0, hi=16384), "KiB",
             "QEMU virt itself needs 5 MiB to place its device tree")

    ds, _, _ = b.build("kvm-arm64-hello-stamps", "apps/helloworld",
                       KVM + ["CONFIG_KVM_BOOT_STAMPS=y"])
    out = subprocess.run(qemu_cmd(os.path.join(ds, "helloworld_kvm-arm64")),
                         stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60,
                         text=True).stdout
    m = re.search(r"kvm: boot cntvct first=(\d+) main=(\d+) exit=(\d+) cntvct_khz=(\d+)",
                  out)
    if not m:
        raise RuntimeError("no boot stamps in the output:\n" + out[-2000:])
    first, main, _, khz = (int(x) for x in m.groups())
    b.figure("guest boot time, first instruction to main", f"{(main - first) / khz * 1000:.0f}",
             "us", "generic counter stamps; TCG translates each new code block first")

    floor = build_floor(b, d)
    ours, theirs, (st_ours, st_floor) = wall_pair(qemu_cmd(img), qemu_cmd(floor), RUNS)
    if st_ours != {0} or st_floor != {0}:
        raise RuntimeError(f"unexpected QEMU statuses: ours {st_ours}, floor {st_floor}")
    b.figure(f"QEMU launch to exit, median of {RUNS} (TCG, -net none)",
             f"{ours * 1000:.1f}", "ms")
    b.figure("do-nothing kernel (semihosting exit only): same", f"{theirs * 1000:.1f}", "ms")
    b.figure("launch to exit, ours / do-nothing", f"{ours / theirs:.3f}", "x", "goal <= 1.05")
