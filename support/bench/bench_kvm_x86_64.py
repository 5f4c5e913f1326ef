# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on kvm-x86_64 under QEMU: size, launch-to-exit vs a do-nothing kernel, boot instructions, smallest -m."""

import os
import re
import shlex
import statistics
import subprocess
import time

NAME = "kvm"

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
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


def qemu_cmd(image, *extra):
    """The launcher's QEMU command for image (what users run), plus -net none."""
    out = subprocess.run([LAUNCHER, "-k", image, "--dry-run"] + list(extra),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True,
                         text=True).stdout
    return shlex.split(out.strip()) + ["-net", "none"]


def wall_pair(cmd_a, cmd_b, runs=RUNS):
    """Median launch-to-exit wall times of two commands, run alternately
    (so a change in the machine's load hits both alike), and the QEMU
    exit statuses each gave."""
    times = ([], [])
    statuses = (set(), set())
    for _ in range(runs):
        for i, cmd in enumerate((cmd_a, cmd_b)):
            t0 = time.monotonic()
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, timeout=60)
            times[i].append(time.monotonic() - t0)
            statuses[i].add(r.returncode)
    return statistics.median(times[0]), statistics.median(times[1]), statuses


def symbol_addr(dbg, name):
    out = subprocess.run(["nm", dbg], stdout=subprocess.PIPE, check=True, text=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[2] == name:
            return int(p[0], 16)
    raise RuntimeError(f"no symbol {name} in {dbg}")


def instructions_to_main(b, image, workdir):
    """Guest instructions from the image's first one to main: QEMU logs each
    executed instruction (-singlestep -d exec,nochain), only inside the
    image's code (-dfilter); count the entries before main's first."""
    dbg = image + ".dbg"
    start = symbol_addr(dbg, "_kvm_pvh_entry")
    end = symbol_addr(dbg, "__kvm_text_end")
    main = symbol_addr(dbg, "main")
    log = os.path.join(workdir, "exec.log")
    if os.path.exists(log):
        os.unlink(log)
    cmd = qemu_cmd(image) + ["-singlestep", "-d", "exec,nochain",
                             "-dfilter", f"{start:#x}..{end - 1:#x}", "-D", log]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, timeout=120)
    pat = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
    count, seen_entry = 0, False
    with open(log) as f:
        for line in f:
            m = pat.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == start:
                seen_entry = True
            if not seen_entry:
                continue
            if pc == main:
                return count
            count += 1
    raise RuntimeError("the instruction log never reached main")


def boots(image, kib):
    try:
        cmd = qemu_cmd(image, "-m", f"{kib}K")
    except subprocess.CalledProcessError:
        return False  # the launcher refuses: less RAM than the image needs
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return r.returncode == 1 and b"Hello world!" in r.stdout


def smallest_memory(image, lo=1024, hi=8192):
    """Smallest -m in KiB that boots (binary search; lo fails, hi boots)."""
    if not boots(image, hi):
        raise RuntimeError(f"does not boot even with -m {hi}K")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if boots(image, mid):
            hi = mid
        else:
            lo = mid
    return hi


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
             f"{instructions_to_main(b, img, d):,}", "", "goal <= 40,000")
    b.figure("smallest -m that boots", smallest_memory(img), "KiB", "goal: boots with 1536K")

    ds, _, _ = b.build("kvm-x86_64-hello-stamps", "apps/helloworld",
                       KVM + ["CONFIG_KVM_BOOT_STAMPS=y"])
    out = subprocess.run(qemu_cmd(os.path.join(ds, "helloworld_kvm-x86_64")),
                         stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60,
                         text=True).stdout
    m = re.search(r"kvm: boot tsc first=(\d+) main=(\d+) exit=(\d+) tsc_khz=(\d+)", out)
    if not m:
        raise RuntimeError("no boot stamps in the output:\n" + out[-2000:])
    first, main, _, khz = (int(x) for x in m.groups())
    b.figure("guest boot time, first instruction to main", f"{(main - first) / khz * 1000:.0f}",
             "us", "TSC stamps; TCG translates each new code block first"
             if not os.access("/dev/kvm", os.W_OK) else "TSC stamps")

    floor = build_floor(b, d)
    ours, theirs, (st_ours, st_floor) = wall_pair(qemu_cmd(img), qemu_cmd(floor))
    if st_ours != {1} or st_floor != {1}:
        raise RuntimeError(f"unexpected QEMU statuses: ours {st_ours}, floor {st_floor}")
    accel = "KVM" if os.access("/dev/kvm", os.W_OK) else "TCG"
    b.figure(f"QEMU launch to exit, median of {RUNS} ({accel}, -net none)",
             f"{ours * 1000:.1f}", "ms")
    b.figure("do-nothing kernel (isa-debug-exit only): same", f"{theirs * 1000:.1f}", "ms")
    b.figure("launch to exit, ours / do-nothing", f"{ours / theirs:.3f}", "x", "goal <= 1.15")
