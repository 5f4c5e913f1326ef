# SPDX-License-Identifier: BSD-3-Clause
"""helloworld on kvm-arm64 under QEMU virt: size, launch-to-exit vs a do-nothing kernel, boot instructions, smallest -m."""

import os
import re
import shlex
import statistics
import subprocess
import time

NAME = "arm64"

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")
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


def qemu_cmd(image, *extra):
    """The launcher's QEMU command for image (what users run), plus -net none."""
    out = subprocess.run([LAUNCHER, "-k", image, "--dry-run"] + list(extra),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True,
                         text=True).stdout
    return shlex.split(out.strip()) + ["-net", "none"]


def wall_pair(cmd_a, cmd_b, runs=RUNS):
    """Median launch-to-exit wall times of two commands, run alternately
    (a change in the machine's load hits both alike), and the statuses."""
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
    out = subprocess.run([CROSS + "nm", dbg], stdout=subprocess.PIPE, check=True,
                         text=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[2] == name:
            return int(p[0], 16)
    raise RuntimeError(f"no symbol {name} in {dbg}")


def instructions_to_main(image, workdir):
    """Guest instructions from the image's first one to main: QEMU logs each
    executed instruction (-singlestep -d exec,nochain), only inside the
    image's code (-dfilter: QEMU's own boot stub below it is left out);
    count the entries before main's first. Returns the count and the
    share spent in the device-tree code."""
    dbg = image + ".dbg"
    start = symbol_addr(dbg, "_kvm_arm64_start")
    end = symbol_addr(dbg, "__kvm_text_end")
    main = symbol_addr(dbg, "main")
    dt = [(symbol_addr(dbg, f), f) for f in ("kvm_arm64_dt_parse", "uk_fdt_next")]
    log = os.path.join(workdir, "exec.log")
    if os.path.exists(log):
        os.unlink(log)
    cmd = qemu_cmd(image) + ["-singlestep", "-d", "exec,nochain",
                             "-dfilter", f"{start:#x}..{end - 1:#x}", "-D", log]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, timeout=300)
    pat = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
    pcs, seen_entry = [], False
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
                os.unlink(log)
                return len(pcs), dt_share(dbg, pcs)
            pcs.append(pc)
    raise RuntimeError("the instruction log never reached main")


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
    return r.returncode == 0 and b"Hello world!" in r.stdout


def smallest_memory(image, lo=1024, hi=16384):
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
    b.figure("smallest -m that boots", smallest_memory(img), "KiB",
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
    ours, theirs, (st_ours, st_floor) = wall_pair(qemu_cmd(img), qemu_cmd(floor))
    if st_ours != {0} or st_floor != {0}:
        raise RuntimeError(f"unexpected QEMU statuses: ours {st_ours}, floor {st_floor}")
    b.figure(f"QEMU launch to exit, median of {RUNS} (TCG, -net none)",
             f"{ours * 1000:.1f}", "ms")
    b.figure("do-nothing kernel (semihosting exit only): same", f"{theirs * 1000:.1f}", "ms")
    b.figure("launch to exit, ours / do-nothing", f"{ours / theirs:.3f}", "x", "goal <= 1.05")
