# SPDX-License-Identifier: BSD-3-Clause
"""What the kvm benchmarks of both architectures share: the launcher's QEMU
command, alternated launch-to-exit timing, the executed-instruction trace up
to main, and the search for the smallest -m that boots."""

import os
import re
import shlex
import statistics
import subprocess
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
LAUNCHER = os.path.join(ROOT, "support", "scripts", "qemu-guest")


def qemu_cmd(image, *extra):
    """The launcher's QEMU command for image (what users run), plus -net none."""
    out = subprocess.run([LAUNCHER, "-k", image, "--dry-run"] + list(extra),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=60).stdout
    return shlex.split(out.strip()) + ["-net", "none"]


def accel_of(cmd):
    """The accelerator the launcher chose for cmd (its --dry-run command):
    the launcher's probe decides, never the mere presence of /dev/kvm."""
    return cmd[cmd.index("-accel") + 1].split(",")[0].upper()


def wall_pair(cmd_a, cmd_b, runs):
    """Median launch-to-exit wall times of two commands, run alternately
    (so a change in the machine's load hits both alike), and the exit
    statuses each gave."""
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


def qemu_version(binary):
    """(major, minor) of a QEMU binary, from its --version line."""
    out = subprocess.run([binary, "--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True, text=True,
                         timeout=60).stdout
    m = re.search(r"version (\d+)\.(\d+)", out)
    if not m:
        raise RuntimeError(f"cannot read the version of {binary}: {out[:200]!r}")
    return int(m.group(1)), int(m.group(2))


def one_insn_per_tb(cmd):
    """cmd (a launcher command with -accel tcg) with TCG translating one
    guest instruction per block, so -d exec logs every instruction: QEMU
    8.1 and later spell it -accel tcg,one-insn-per-tb=on (-singlestep is
    deprecated there, later gone); older ones only know -singlestep. A
    second -accel would be a fallback QEMU never tries: the launcher's is
    replaced."""
    if "-accel" not in cmd or cmd[cmd.index("-accel") + 1] != "tcg":
        raise RuntimeError("expected the launcher's command with -accel tcg: "
                           + " ".join(cmd))
    cmd = list(cmd)
    if qemu_version(cmd[0]) >= (8, 1):
        cmd[cmd.index("-accel") + 1] = "tcg,one-insn-per-tb=on"
    else:
        cmd.append("-singlestep")
    return cmd


def symbol_addr(dbg, name, nm="nm"):
    out = subprocess.run([nm, dbg], stdout=subprocess.PIPE, check=True, text=True,
                         timeout=60).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[2] == name:
            return int(p[0], 16)
    raise RuntimeError(f"no symbol {name} in {dbg}")


def pcs_to_main(image, workdir, entry, nm="nm", timeout=120, moved=None):
    """Addresses of the guest instructions from the image's first one (the
    symbol entry) to main: QEMU logs each executed instruction (TCG, one
    instruction per block, -d exec,nochain), only inside the image's code
    (-dfilter: firmware and boot stubs are left out). Deterministic. TCG
    even where KVM is usable: under KVM, -d exec logs nothing.
    moved: for an image that moves itself (CONFIG_KVM_ASLR), the symbol
    its copy starts at: the filter then spans the rest of the image's GiB,
    the first instruction outside the loaded code tells the offset, and
    main is looked for that far up (the count varies a little with the
    place: the copy and the relocations do not, the page tables do)."""
    dbg = image + ".dbg"
    start = symbol_addr(dbg, entry, nm)
    end = symbol_addr(dbg, "__kvm_text_end", nm)
    main = symbol_addr(dbg, "main", nm)
    log = os.path.join(workdir, "exec.log")
    if os.path.exists(log):
        os.unlink(log)
    cmd = one_insn_per_tb(qemu_cmd(image, "--accel", "tcg"))
    hi = (start | ((1 << 30) - 1)) if moved else end - 1
    copy = symbol_addr(dbg, moved, nm) if moved else None
    cmd += ["-d", "exec,nochain", "-dfilter", f"{start:#x}..{hi:#x}", "-D", log]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, timeout=timeout)
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
            if copy is not None and not start <= pc < end:
                main += pc - copy  # the copy's first instruction
                copy = None
            if pc == main:
                os.unlink(log)
                return pcs
            pcs.append(pc)
    raise RuntimeError("the instruction log never reached main")


def boots(image, kib, status):
    """Does helloworld boot with -m kib KiB, and QEMU exit with status?"""
    try:
        cmd = qemu_cmd(image, "-m", f"{kib}K")
    except subprocess.CalledProcessError:
        return False  # the launcher refuses: less RAM than the image needs
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return r.returncode == status and b"Hello world!" in r.stdout


def smallest_memory(image, status, lo=1024, hi=8192):
    """Smallest -m in KiB that boots (binary search; lo fails, hi boots)."""
    if not boots(image, hi, status):
        raise RuntimeError(f"does not boot even with -m {hi}K")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if boots(image, mid, status):
            hi = mid
        else:
            lo = mid
    return hi
