# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on kvm-x86_64 under QEMU: size, launch-to-exit vs a do-nothing kernel, boot instructions, smallest -m."""

import os
import re
import subprocess

from qemubench import accel_of, pcs_to_main, qemu_cmd, smallest_memory, wall_pair

NAME = "kvm"

KVM = ["CONFIG_ARCH_X86_64=y", "CONFIG_PLAT_KVM=y", "# CONFIG_PLAT_LINUXU is not set"]
RUNS = 20

# The floor: a PVH kernel whose only instruction of note writes 0 to
# isa-debug-exit. Not a product; generated here for the comparison.
FLOOR_S = r"""
	.section .note.pvh, "a", @note
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long entry
	.text
	.code32
	.globl entry
entry:
	xorl %eax, %eax
	outb %al, $0xf4
1:	hlt
	jmp 1b
"""
FLOOR_LDS = """
ENTRY(entry)
SECTIONS { . = 0x100000; .text : { *(.text) } .note : { *(.note.pvh) } }
"""


def instructions_to_main(image, workdir):
    return len(pcs_to_main(image, workdir, "_kvm_pvh_entry"))


def build_floor(b, workdir):
    src = os.path.join(workdir, "floor.S")
    lds = os.path.join(workdir, "floor.lds")
    obj = os.path.join(workdir, "floor.o")
    out = os.path.join(workdir, "floor_kvm-x86_64")
    with open(src, "w") as f:
        f.write(FLOOR_S)
    with open(lds, "w") as f:
        f.write(FLOOR_LDS)
    b.sh(["gcc", "-c", src, "-o", obj])
    b.sh(["ld", "-m", "elf_x86_64", "-T", lds, "-z", "max-page-size=4096",
          "-o", out, obj])
    return out


def run(b):
    d, _, _ = b.build("kvm-x86_64-hello", "apps/helloworld", KVM)
    img = os.path.join(d, "helloworld_kvm-x86_64")
    b.figure("stripped image size", os.path.getsize(img), "B",
             f"{os.path.getsize(img) / 1024:.1f} KiB; goal <= 64 KiB")
    b.figure("guest instructions, first instruction to main",
             f"{instructions_to_main(img, d):,}", "", "goal <= 40,000")
    b.figure("smallest -m that boots", smallest_memory(img, 1), "KiB", "goal: boots with 1536K")

    ds, _, _ = b.build("kvm-x86_64-hello-stamps", "apps/helloworld",
                       KVM + ["CONFIG_KVM_BOOT_STAMPS=y"])
    stamps_cmd = qemu_cmd(os.path.join(ds, "helloworld_kvm-x86_64"))
    out = subprocess.run(stamps_cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         timeout=60, text=True).stdout
    m = re.search(r"kvm: boot tsc first=(\d+) main=(\d+) exit=(\d+) tsc_khz=(\d+)", out)
    if not m:
        raise RuntimeError("no boot stamps in the output:\n" + out[-2000:])
    first, main, _, khz = (int(x) for x in m.groups())
    b.figure("guest boot time, first instruction to main", f"{(main - first) / khz * 1000:.0f}",
             "us", "TSC stamps; TCG translates each new code block first"
             if accel_of(stamps_cmd) == "TCG" else "TSC stamps")

    floor = build_floor(b, d)
    ours, theirs, (st_ours, st_floor) = wall_pair(qemu_cmd(img), qemu_cmd(floor), RUNS)
    if st_ours != {1} or st_floor != {1}:
        raise RuntimeError(f"unexpected QEMU statuses: ours {st_ours}, floor {st_floor}")
    accel = accel_of(qemu_cmd(img))
    b.figure(f"QEMU launch to exit, median of {RUNS} ({accel}, -net none)",
             f"{ours * 1000:.1f}", "ms")
    b.figure("do-nothing kernel (isa-debug-exit only): same", f"{theirs * 1000:.1f}", "ms")
    b.figure("launch to exit, ours / do-nothing", f"{ours / theirs:.3f}", "x", "goal <= 1.15")
